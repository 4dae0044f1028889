import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import type { Session } from './session.ts';

/**
 * Finds text columns of a freshly read CSV that are really numbers with some blank (whitespace
 * only) values — DuckDB reads such a column as text because a blank is not a number — and
 * turns them into numeric columns with the blanks as null. Returns one note per column changed.
 */
export async function repairBlankNumbers(session: Session, table: string): Promise<string[]> {
  const columns = await session.query(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = ${sql.string(table)} AND data_type = 'VARCHAR' ORDER BY column_index`);
  const names = (columns.data[0] ?? []).map(String);
  if (names.length === 0) return [];
  const probes = names.flatMap((name, i) => {
    const value = `trim(${sql.identifier(name)})`;
    return [
      `count(*) FILTER (WHERE ${value} = '') AS blank_${i}`,
      `count(*) FILTER (WHERE ${value} <> '') AS filled_${i}`,
      `count(*) FILTER (WHERE ${value} <> '' AND TRY_CAST(${value} AS DOUBLE) IS NULL) AS non_number_${i}`,
      // TRY_CAST to BIGINT rounds '29.85', so whole numbers are recognised by their digits.
      `count(*) FILTER (WHERE ${value} <> '' AND NOT regexp_full_match(${value}, '[+-]?[0-9]{1,18}')) AS non_integer_${i}`,
    ];
  });
  const counts = await session.query(`SELECT ${probes.join(', ')} FROM ${sql.identifier(table)}`);
  const count = (column: number) => Number(counts.data[column]?.[0] ?? 0);
  const notes: string[] = [];
  for (const [i, name] of names.entries()) {
    const [blank, filled, nonNumber, nonInteger] = [count(4 * i), count(4 * i + 1), count(4 * i + 2), count(4 * i + 3)];
    if (blank === 0 || filled === 0 || nonNumber > 0) continue;
    const type = nonInteger === 0 ? 'BIGINT' : 'DOUBLE';
    const column = sql.identifier(name);
    await session.execute(
      `ALTER TABLE ${sql.identifier(table)} ALTER ${column} SET DATA TYPE ${type} USING TRY_CAST(nullif(trim(${column}), '') AS ${type})`);
    notes.push(`${name}: ${blank} blank value${blank === 1 ? '' : 's'} read as empty (null); the column is numeric (${type}).`);
  }
  return notes;
}
