import type { JsonValue } from '../json-values.ts';
import type { QueryResult } from '../session.ts';
import type { Row } from './specs/common.ts';

/**
 * A column-wise query result as the row objects Vega-Lite's inline `data.values` takes,
 * keyed by column name, values unchanged (already JSON-safe).
 */
export function resultRows(result: QueryResult): Row[] {
  return Array.from({ length: result.rowCount }, (_, row) =>
    Object.fromEntries(result.columns.map((column, index): [string, JsonValue] => [column.name, result.data[index]?.[row] ?? null])));
}

/** The first column name the result has twice, if any: rows keyed by name would lose one of them. */
export function duplicateColumn(result: QueryResult): string | undefined {
  const seen = new Set<string>();
  for (const column of result.columns) {
    if (seen.has(column.name)) return column.name;
    seen.add(column.name);
  }
  return undefined;
}
