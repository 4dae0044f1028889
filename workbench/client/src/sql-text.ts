/** Pieces of SQL the page writes into new cells. */

/** A table or column name as DuckDB reads it: as it is when it is a plain identifier, else double-quoted. */
export function sqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
