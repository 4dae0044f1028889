import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import { valueKindOfSqlType } from './json-values.ts';
import type { Column, Session } from './session.ts';

/** A table or view the user can query, with its size and columns. */
export interface TableSummary {
  readonly name: string;
  readonly relation: 'table' | 'view';
  readonly rows: number;
  readonly columns: readonly Column[];
}

/**
 * Every user-visible table and view of the session, by name. Pulse's own working tables are
 * hidden. Counting rows costs a query (one for all tables): `{ rows: false }` skips it (rows
 * are then -1), for callers that only need the columns.
 */
export async function listTables(session: Session, options: { rows?: boolean } = {}): Promise<TableSummary[]> {
  const tables = await tableColumns(session);
  const counts = options.rows === false ? undefined : await rowCounts(session, tables.map((table) => table.name));
  return tables.map(({ name, relation, columns }) => ({ name, relation, rows: counts?.[name] ?? -1, columns }));
}

/**
 * The row count of each table, in one query: under load every query waits its turn for
 * DuckDB's threads, so a listing of ten tables should not wait ten times.
 */
async function rowCounts(session: Session, names: readonly string[]): Promise<Record<string, number>> {
  if (names.length === 0) return {};
  const result = await session.query(names.map((name) => `SELECT ${sql.string(name)} AS name, count(*) AS n FROM ${sql.identifier(name)}`).join('\nUNION ALL\n'));
  const [tableNames = [], counts = []] = result.data;
  return Object.fromEntries(tableNames.map((name, i) => [String(name), Number(counts[i])]));
}

/**
 * The tables' names and columns, read again only after the session ran DDL (`catalogVersion`):
 * a run asks for them to check the model and again for each chart. A read that failed is not kept.
 */
function tableColumns(session: Session): Promise<Omit<TableSummary, 'rows'>[]> {
  const version = session.catalogVersion;
  const known = columnsRead.get(session);
  if (known?.version === version) return known.tables;
  const entry = { version, tables: readTableColumns(session) };
  columnsRead.set(session, entry);
  entry.tables.catch(() => {
    if (columnsRead.get(session) === entry) columnsRead.delete(session);
  });
  return entry.tables;
}

const columnsRead = new WeakMap<Session, { version: number; tables: Promise<Omit<TableSummary, 'rows'>[]> }>();

async function readTableColumns(session: Session): Promise<Omit<TableSummary, 'rows'>[]> {
  const result = await session.query(`
    SELECT c.table_name, t.relation, c.column_name, c.data_type
    FROM duckdb_columns() c
    JOIN (SELECT table_name AS name, 'table' AS relation FROM duckdb_tables() WHERE NOT internal AND NOT temporary AND schema_name = 'main'
          UNION ALL
          SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND NOT temporary AND schema_name = 'main') t ON t.name = c.table_name
    WHERE c.schema_name = 'main' AND NOT starts_with(c.table_name, '__pulse_')
    ORDER BY c.table_name, c.column_index`);
  const [names = [], relations = [], columnNames = [], types = []] = result.data;
  const tables = new Map<string, { relation: 'table' | 'view'; columns: Column[] }>();
  names.forEach((name, i) => {
    const table = String(name);
    const entry = tables.get(table) ?? { relation: relations[i] === 'view' ? 'view' : 'table', columns: [] };
    const sqlType = String(types[i]);
    entry.columns.push({ name: String(columnNames[i]), sqlType, kind: valueKindOfSqlType(sqlType) });
    tables.set(table, entry);
  });
  return [...tables].map(([name, { relation, columns }]) => ({ name, relation, columns }));
}
