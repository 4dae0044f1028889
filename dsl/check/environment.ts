import type { Diagnostic } from '../diagnostics.ts';
import { at, messages } from '../messages.ts';
import type { EntityIR, ItemKind, SourceIR } from '../model/ir.ts';
import { describeType, type ColumnSchema, type Schema, type TableSchema } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import { closest } from './suggest.ts';

/** A declared measure, score or segment. */
export interface DeclaredItem {
  readonly kind: ItemKind;
  readonly name: string;
  readonly statement: ast.MeasureStatement | ast.ScoreStatement | ast.SegmentStatement;
}

/** A declared source with its place in the text. */
export interface DeclaredSource extends SourceIR {
  readonly range: ast.Range;
}

/**
 * Everything that is declared in a model, resolved against the schema: the entity, the
 * sources, the named items. Names are matched case-insensitively (as DuckDB does), so every
 * map is keyed by the lower-cased name.
 */
export interface Environment {
  readonly entity: EntityIR | null;
  readonly entityName: string;
  readonly entityColumns: ReadonlyMap<string, ColumnSchema>;
  readonly sources: ReadonlyMap<string, DeclaredSource>;
  readonly items: ReadonlyMap<string, DeclaredItem>;
  readonly asof: ast.DateLiteral | null;
  readonly tables: ReadonlyMap<string, TableSchema>;
}

const DEFAULT_ENTITY = { name: 'account', table: 'accounts', key: 'account_id' };

/** Reads the declarations of a model and checks them against the schema. */
export function declare(model: ast.Model, schema: Schema, report: (diagnostic: Diagnostic) => void): Environment {
  const tables = new Map(schema.tables.map((table) => [table.name.toLowerCase(), table]));
  const seen = new Map<string, ast.Name>();
  const claim = (name: ast.Name): boolean => {
    if (name.text === '') return false;
    if (name.text.toLowerCase().startsWith('__pulse_')) {
      report(at(messages.reservedName(name.text), name.range));
      return false;
    }
    const previous = seen.get(name.text.toLowerCase());
    if (previous) {
      report(at(messages.duplicateName(name.text, previous.range.start.line), name.range));
      return false;
    }
    seen.set(name.text.toLowerCase(), name);
    return true;
  };

  const entityStatements = model.statements.filter((statement): statement is ast.EntityStatement => statement.kind === 'entity');
  const asofStatements = model.statements.filter((statement): statement is ast.AsofStatement => statement.kind === 'asof');
  for (const extra of entityStatements.slice(1)) report(at(messages.duplicateStatement('entity', entityStatements[0]!.range.start.line), extra.range));
  for (const extra of asofStatements.slice(1)) report(at(messages.duplicateStatement('asof', asofStatements[0]!.range.start.line), extra.range));

  const entityStatement = entityStatements[0];
  if (entityStatement) claim(entityStatement.name);
  const entity = resolveEntity(entityStatement, tables, report, model.range);

  const entityColumns = new Map((entity?.columns ?? []).map((column) => [column.name.toLowerCase(), column]));
  const sources = new Map<string, DeclaredSource>();
  for (const statement of model.statements) {
    if (statement.kind !== 'source' || !claim(statement.name)) continue;
    const source = resolveSource(statement, entity, tables, report);
    if (source) sources.set(statement.name.text.toLowerCase(), source);
  }

  const items = new Map<string, DeclaredItem>();
  for (const statement of model.statements) {
    if (statement.kind !== 'measure' && statement.kind !== 'score' && statement.kind !== 'segment') continue;
    if (!claim(statement.name)) continue;
    const column = entityColumns.get(statement.name.text.toLowerCase());
    if (column && entity) {
      report(at(messages.nameClashColumn(statement.kind, statement.name.text, entity.table), statement.name.range));
      continue;
    }
    items.set(statement.name.text.toLowerCase(), { kind: statement.kind, name: statement.name.text, statement });
  }

  const asof = asofStatements[0]?.date ?? null;
  if (asof && !isCalendarDate(asof.value)) report(at(messages.invalidDate(asof.value), asof.range));
  return { entity, entityName: entityStatement?.name.text ?? DEFAULT_ENTITY.name, entityColumns, sources, items, asof, tables };
}

function resolveEntity(
  statement: ast.EntityStatement | undefined,
  tables: ReadonlyMap<string, TableSchema>,
  report: (diagnostic: Diagnostic) => void,
  modelRange: ast.Range,
): EntityIR | null {
  if (!statement) {
    const table = tables.get(DEFAULT_ENTITY.table);
    if (!table) {
      report(at(messages.noEntity(), { start: modelRange.start, end: { line: modelRange.start.line, column: modelRange.start.column + 1 } }));
      return null;
    }
    const key = table.columns.find((column) => column.name.toLowerCase() === DEFAULT_ENTITY.key);
    if (!key) {
      report(at(messages.keyMissing(table.name, DEFAULT_ENTITY.key), { start: modelRange.start, end: { line: 1, column: 2 } }));
      return null;
    }
    return { name: DEFAULT_ENTITY.name, table: table.name, key: key.name, columns: table.columns };
  }
  if (statement.table.text === '') return null;
  const table = tables.get(statement.table.text.toLowerCase());
  if (!table) {
    report(at(messages.unknownTable(statement.table.text, closest(statement.table.text, [...tables.values()].map((t) => t.name))), statement.table.range));
    return null;
  }
  const keyName = statement.key?.text ?? DEFAULT_ENTITY.key;
  const key = table.columns.find((column) => column.name.toLowerCase() === keyName.toLowerCase());
  if (!key) {
    report(at(messages.keyMissing(table.name, keyName, closest(keyName, table.columns.map((c) => c.name))), statement.key?.range ?? statement.table.range));
    return null;
  }
  return { name: statement.name.text, table: table.name, key: key.name, columns: table.columns };
}

function resolveSource(
  statement: ast.SourceStatement,
  entity: EntityIR | null,
  tables: ReadonlyMap<string, TableSchema>,
  report: (diagnostic: Diagnostic) => void,
): DeclaredSource | null {
  const tableName = statement.table ?? statement.name;
  const table = tables.get(tableName.text.toLowerCase());
  if (!table) {
    report(at(messages.unknownTable(tableName.text, closest(tableName.text, [...tables.values()].map((t) => t.name))), tableName.range));
    return null;
  }
  const find = (name: string) => table.columns.find((column) => column.name.toLowerCase() === name.toLowerCase());
  const keyName = statement.key?.text ?? entity?.key;
  if (keyName === undefined) return null;
  const key = find(keyName);
  if (!key) {
    report(at(messages.keyMissing(table.name, keyName, closest(keyName, table.columns.map((c) => c.name))), statement.key?.range ?? tableName.range));
    return null;
  }
  const entityKey = entity?.columns.find((column) => column.name === entity.key);
  if (entityKey && comparableKind(key.type) !== comparableKind(entityKey.type) && key.type !== 'unknown' && entityKey.type !== 'unknown') {
    report(at(messages.keyTypeMismatch(statement.name.text, describeType(key.type), describeType(entityKey.type)), statement.key?.range ?? statement.name.range));
    return null;
  }
  let time: DeclaredSource['time'] = null;
  if (statement.time) {
    const column = find(statement.time.text);
    if (!column) {
      report(at(messages.unknownColumn(statement.time.text, table.name, closest(statement.time.text, table.columns.map((c) => c.name))), statement.time.range));
      return null;
    }
    if (column.type !== 'date' && column.type !== 'timestamp') {
      report(at(messages.timeColumnType(column.name, describeType(column.type)), statement.time.range));
      return null;
    }
    time = { column: column.name, type: column.type };
  } else {
    report(at(messages.noTimeColumn(statement.name.text), statement.name.range));
  }
  return { name: statement.name.text, table: table.name, key: key.name, time, columns: table.columns, range: statement.range };
}

function comparableKind(type: string): string {
  return type === 'timestamp' ? 'date' : type;
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
