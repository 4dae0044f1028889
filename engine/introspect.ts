import { describeRelation } from './load.ts';
import type { Column, Session } from './session.ts';

/** A table or view the user can query, with its size and columns. */
export interface TableSummary {
  readonly name: string;
  readonly relation: 'table' | 'view';
  readonly rows: number;
  readonly columns: readonly Column[];
}

/** Every user-visible table and view of the session, by name. Pulse's own working tables are hidden. */
export async function listTables(session: Session): Promise<TableSummary[]> {
  const result = await session.query(`
    SELECT table_name AS name, 'table' AS relation FROM duckdb_tables() WHERE NOT internal AND NOT temporary
    UNION ALL
    SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND NOT temporary
    ORDER BY name`);
  const [names = [], relations = []] = result.data;
  const tables: TableSummary[] = [];
  for (const [i, name] of names.entries()) {
    if (String(name).startsWith('__pulse_')) continue;
    const { rows, columns } = await describeRelation(session, String(name));
    tables.push({ name: String(name), relation: relations[i] === 'view' ? 'view' : 'table', rows, columns });
  }
  return tables;
}
