import type { SymbolInfo } from '../check/check.ts';
import type { Analysis } from '../index.ts';
import type { ColumnSchema, Schema, TableSchema } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';

/** A source as the language service knows it, even when the checker could not resolve it fully. */
export interface KnownSource {
  readonly name: string;
  /** The table's name as the schema spells it, or as written when the schema lacks it. */
  readonly table: string;
  readonly key: string | null;
  readonly time: string | null;
  readonly columns: readonly ColumnSchema[];
  readonly statement: ast.SourceStatement;
}

export interface KnownEntity {
  readonly name: string;
  readonly table: string;
  readonly key: string;
  readonly columns: readonly ColumnSchema[];
  readonly statement: ast.EntityStatement | null;
}

/** Every name a rules text declares or can use, keyed by lower-cased name. */
export interface KnownNames {
  readonly entity: KnownEntity;
  readonly sources: ReadonlyMap<string, KnownSource>;
  readonly items: ReadonlyMap<string, SymbolInfo>;
  /** Score statements by name, for their components and grades. */
  readonly scores: ReadonlyMap<string, ast.ScoreStatement>;
  readonly tables: ReadonlyMap<string, TableSchema>;
}

const DEFAULT_ENTITY = { name: 'account', table: 'accounts', key: 'account_id' };

/**
 * Collects the names of an analysed text. Completion and hover must work while a statement is
 * broken, so a source the checker rejected (unknown key, missing time column) is still listed
 * with whatever the schema says about its table.
 */
export function knownNames(analysis: Analysis, schema: Schema): KnownNames {
  const tables = new Map(schema.tables.map((table) => [table.name.toLowerCase(), table]));
  const statements = analysis.parsed.model.statements;
  const env = analysis.checked.environment;

  const entityStatement = statements.find((statement): statement is ast.EntityStatement => statement.kind === 'entity') ?? null;
  const entityTableName = entityStatement?.table.text || DEFAULT_ENTITY.table;
  const entityTable = tables.get(entityTableName.toLowerCase());
  const entity: KnownEntity = {
    name: env.entityName,
    table: env.entity?.table ?? entityTable?.name ?? entityTableName,
    key: env.entity?.key ?? entityStatement?.key?.text ?? DEFAULT_ENTITY.key,
    columns: env.entity?.columns ?? entityTable?.columns ?? [],
    statement: entityStatement,
  };

  const sources = new Map<string, KnownSource>();
  for (const statement of statements) {
    if (statement.kind !== 'source' || statement.name.text === '') continue;
    const key = statement.name.text.toLowerCase();
    if (sources.has(key)) continue;
    const resolved = env.sources.get(key);
    const tableName = (statement.table ?? statement.name).text;
    const table = tables.get(tableName.toLowerCase());
    sources.set(key, {
      name: statement.name.text,
      table: resolved?.table ?? table?.name ?? tableName,
      key: resolved?.key ?? statement.key?.text ?? entity.key,
      time: resolved?.time?.column ?? statement.time?.text ?? null,
      columns: resolved?.columns ?? table?.columns ?? [],
      statement,
    });
  }

  const items = new Map<string, SymbolInfo>();
  for (const symbol of analysis.checked.symbols) {
    if (!items.has(symbol.name.toLowerCase())) items.set(symbol.name.toLowerCase(), symbol);
  }
  const scores = new Map<string, ast.ScoreStatement>();
  for (const statement of statements) {
    if (statement.kind === 'score' && !scores.has(statement.name.text.toLowerCase())) scores.set(statement.name.text.toLowerCase(), statement);
  }
  return { entity, sources, items, scores, tables };
}

/** Finds a name case-insensitively, as the checker does. */
export function lookup<T>(map: ReadonlyMap<string, T>, name: string): T | undefined {
  return map.get(name.toLowerCase());
}
