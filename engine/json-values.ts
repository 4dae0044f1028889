import {
  DuckDBTypeId,
  DuckDBDateValue,
  type DuckDBTimestampMillisecondsValue,
  type DuckDBTimestampNanosecondsValue,
  type DuckDBTimestampSecondsValue,
  type DuckDBTimestampTZValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api';

/** A value that survives `JSON.stringify` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** How Pulse sees a column, whatever DuckDB's exact type: what the DSL checker and charts need. */
export type ValueKind = 'integer' | 'number' | 'text' | 'boolean' | 'date' | 'timestamp' | 'other';

/**
 * The one boundary where DuckDB values become JSON-safe values:
 * - integers of any width → number when exactly representable, else a decimal string;
 * - DECIMAL, FLOAT, DOUBLE → number (NaN and ±Infinity → null, as JSON has no such numbers);
 * - DATE → `YYYY-MM-DD`; TIMESTAMP (any precision, with or without time zone) → ISO 8601 UTC
 *   with milliseconds (`2025-06-30T12:00:00.000Z`); infinite dates and timestamps → `infinity`
 *   and `-infinity`, as DuckDB writes them;
 * - everything else → DuckDB's own JSON form (strings, lists, structs).
 */
export const toJsonValue: DuckDBValueConverter<JsonValue> = (value, type) => {
  if (value === null || value === undefined) return null;
  const own = ownConverters[type.typeId];
  // Nested values (lists, structs) come back through this converter, so a DATE inside a LIST
  // gets the same treatment as a DATE column.
  return own ? own(value) : (JsonDuckDBValueConverter(value, type, toJsonValue) as JsonValue);
};

const ownConverters: Partial<Record<DuckDBTypeId, (value: DuckDBValue) => JsonValue>> = {
  [DuckDBTypeId.TINYINT]: safeInteger,
  [DuckDBTypeId.SMALLINT]: safeInteger,
  [DuckDBTypeId.INTEGER]: safeInteger,
  [DuckDBTypeId.BIGINT]: safeInteger,
  [DuckDBTypeId.HUGEINT]: safeInteger,
  [DuckDBTypeId.UTINYINT]: safeInteger,
  [DuckDBTypeId.USMALLINT]: safeInteger,
  [DuckDBTypeId.UINTEGER]: safeInteger,
  [DuckDBTypeId.UBIGINT]: safeInteger,
  [DuckDBTypeId.UHUGEINT]: safeInteger,
  [DuckDBTypeId.FLOAT]: finiteNumber,
  [DuckDBTypeId.DOUBLE]: finiteNumber,
  [DuckDBTypeId.DECIMAL]: finiteNumber,
  [DuckDBTypeId.DATE]: (value) => isoDate(value as DuckDBDateValue),
  [DuckDBTypeId.TIMESTAMP]: (value) => isoTimestamp((value as DuckDBTimestampValue).micros),
  [DuckDBTypeId.TIMESTAMP_TZ]: (value) => isoTimestamp((value as DuckDBTimestampTZValue).micros),
  [DuckDBTypeId.TIMESTAMP_S]: (value) => isoTimestamp((value as DuckDBTimestampSecondsValue).seconds * 1_000_000n),
  [DuckDBTypeId.TIMESTAMP_MS]: (value) => isoTimestamp((value as DuckDBTimestampMillisecondsValue).millis * 1_000n),
  [DuckDBTypeId.TIMESTAMP_NS]: (value) => isoTimestamp((value as DuckDBTimestampNanosecondsValue).nanos / 1_000n),
};

/** The Pulse kind of a DuckDB column type. */
export function valueKind(type: DuckDBType): ValueKind {
  switch (type.typeId) {
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT: case DuckDBTypeId.UHUGEINT:
      return 'integer';
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: case DuckDBTypeId.DECIMAL:
      return 'number';
    case DuckDBTypeId.VARCHAR: case DuckDBTypeId.ENUM: case DuckDBTypeId.UUID:
      return 'text';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ: case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS: case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp';
    default:
      return 'other';
  }
}

/** The same classification from a type's SQL name, as `information_schema` reports it. */
export function valueKindOfSqlType(sqlType: string): ValueKind {
  const base = sqlType.toUpperCase().replace(/\(.*$/, '').trim();
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INT[1248]|UBIGINT|UHUGEINT)$/.test(base)) return 'integer';
  if (/^(FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|FLOAT[48])$/.test(base)) return 'number';
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|ENUM|UUID)$/.test(base)) return 'text';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'boolean';
  if (base === 'DATE') return 'date';
  if (base.startsWith('TIMESTAMP')) return 'timestamp';
  return 'other';
}

function safeInteger(value: DuckDBValue): JsonValue {
  const big = typeof value === 'bigint' ? value : BigInt(value as number);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

function finiteNumber(value: DuckDBValue): JsonValue {
  const number = typeof value === 'number' ? value : Number(String(value));
  return Number.isFinite(number) ? number : null;
}

function isoDate(value: DuckDBDateValue): string {
  if (value.days === DuckDBDateValue.PosInf.days) return 'infinity';
  if (value.days === DuckDBDateValue.NegInf.days) return '-infinity';
  // Years outside 0000–9999 keep DuckDB's own text ('10000-01-01', '0002-01-01 (BC)').
  return value.days < FIRST_DAY_OF_YEAR_0 || value.days > LAST_DAY_OF_YEAR_9999 ? value.toString() : civilDate(value.days);
}

/** Days from 1970-01-01 of 0000-01-01 and of 9999-12-31 (proleptic Gregorian). */
const FIRST_DAY_OF_YEAR_0 = -719_528;
const LAST_DAY_OF_YEAR_9999 = 2_932_896;
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

/**
 * `YYYY-MM-DD` of a day number, by arithmetic (Howard Hinnant's civil_from_days): a result
 * may hold a million dates, and going through `Date` and `toISOString` is ten times slower.
 */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** DuckDB's infinite TIMESTAMP and TIMESTAMPTZ, in microseconds. */
const INFINITE_MICROS = 2n ** 63n - 1n;

function isoTimestamp(micros: bigint): string {
  if (micros === INFINITE_MICROS) return 'infinity';
  if (micros === -INFINITE_MICROS) return '-infinity';
  const date = new Date(Number(micros / 1000n));
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? String(micros) : date.toISOString();
}
