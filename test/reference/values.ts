/**
 * Values of the reference evaluator and the SQL-style logic over them. A value is what the
 * Session returns: a number, a string (text, 'YYYY-MM-DD' date, ISO UTC timestamp), a boolean
 * or null.
 */

export type Value = number | string | boolean | null;

/** The comparison operators of the language. */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Normalises an input cell: undefined → null; anything else must already be a Value. */
export function toValue(cell: unknown): Value {
  if (cell === undefined || cell === null) return null;
  if (typeof cell === 'number' || typeof cell === 'string' || typeof cell === 'boolean') return cell;
  throw new TypeError(`unsupported cell value: ${String(cell)}`);
}

/**
 * Orders two non-null values of the same kind: numbers numerically, booleans false < true,
 * strings by code unit (which orders ASCII text like DuckDB's binary collation, and ISO dates
 * and same-format ISO timestamps chronologically). Returns a negative, zero or positive number.
 */
export function compareValues(a: Exclude<Value, null>, b: Exclude<Value, null>): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TypeError(`cannot compare ${JSON.stringify(a)} with ${JSON.stringify(b)}`);
}

/** `a op b` in SQL logic: null when either side is null. */
export function compare(a: Value, operator: ComparisonOperator, b: Value): boolean | null {
  if (a === null || b === null) return null;
  const order = compareValues(a, b);
  switch (operator) {
    case '=': return order === 0;
    case '!=': return order !== 0;
    case '<': return order < 0;
    case '<=': return order <= 0;
    case '>': return order > 0;
    case '>=': return order >= 0;
  }
}

/** Three-valued `and`: false if either side is false, else null if either is null, else true. */
export function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

/** Three-valued `or`: true if either side is true, else null if either is null, else false. */
export function or3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

/** Three-valued `not`: `not null` is null. */
export function not3(a: boolean | null): boolean | null {
  return a === null ? null : !a;
}

/** A boolean-or-null from a Value typed boolean by the checker. */
export function asBoolean(value: Value): boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  throw new TypeError(`expected a boolean, got ${JSON.stringify(value)}`);
}

/** A number-or-null from a Value typed number by the checker. */
export function asNumber(value: Value): number | null {
  if (value === null || typeof value === 'number') return value;
  throw new TypeError(`expected a number, got ${JSON.stringify(value)}`);
}

/** A string-or-null from a Value typed text, date or timestamp by the checker. */
export function asString(value: Value): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new TypeError(`expected a string, got ${JSON.stringify(value)}`);
}

/**
 * Rounds half away from zero on the double value, as DuckDB's `round(DOUBLE, INTEGER)` does:
 * sign(x)·round(|x|·10^d)/10^d, and for d < 0 sign(x)·round(|x|/10^−d)·10^−d.
 */
export function roundHalfAwayFromZero(x: number, digits = 0): number {
  const sign = x < 0 ? -1 : 1;
  const magnitude = Math.abs(x);
  const rounded = digits >= 0
    ? Math.round(magnitude * 10 ** digits) / 10 ** digits
    : Math.round(magnitude / 10 ** -digits) * 10 ** -digits;
  return Number.isFinite(rounded) ? sign * rounded : x;
}
