import type { QueryResult } from '../../engine/session.ts';

/** The rows of a result as objects keyed by column name, for readable assertions. */
export function rowsOf(result: QueryResult): Record<string, unknown>[] {
  return Array.from({ length: result.rowCount }, (_, row) =>
    Object.fromEntries(result.columns.map((column, index) => [column.name, result.data[index]?.[row]])));
}
