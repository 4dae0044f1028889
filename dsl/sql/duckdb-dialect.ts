/**
 * The one place where text becomes SQL. Every identifier Pulse writes into a query is
 * quoted here and every literal is escaped here, so no user text ever reaches DuckDB
 * unescaped — whether it comes from a rule, a file name or a chart line.
 */
export const duckdbDialect = {
  /** `"name"` with embedded double quotes doubled. */
  identifier(name: string): string {
    return `"${stripNul(name).replaceAll('"', '""')}"`;
  },

  /** `'text'` with embedded single quotes doubled. */
  string(text: string): string {
    return `'${stripNul(text).replaceAll("'", "''")}'`;
  },

  /**
   * A finite number as a SQL numeric literal; anything else is a programming error. Whole
   * numbers stay integers; others are written with an exponent (`0.1e0`), which DuckDB reads
   * as a DOUBLE — the rules language's numbers are doubles, and DuckDB would otherwise read
   * `1.005` as an exact DECIMAL and round it differently.
   */
  number(value: number): string {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    // JavaScript's shortest round-trip form (`0.1`, `1e-7`) is valid DuckDB numeric syntax.
    const text = String(value);
    return Number.isInteger(value) || text.includes('e') ? text : `${text}e0`;
  },

  /** `DATE 'YYYY-MM-DD'` for a calendar date already validated as ISO. */
  date(isoDate: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`not an ISO date: ${isoDate}`);
    return `DATE '${isoDate}'`;
  },

  /** A list literal of strings: `['a', 'b']`. */
  stringList(items: readonly string[]): string {
    return `[${items.map((item) => duckdbDialect.string(item)).join(', ')}]`;
  },
} as const;

// DuckDB's parser ends a string at a NUL byte; dropping NULs keeps quoting airtight.
function stripNul(text: string): string {
  return text.replaceAll('\u0000', '');
}
