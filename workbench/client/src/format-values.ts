/** How values read on the page: query results in the table view, scores and changes. */
import type { Column, JsonValue, ValueKind } from './api-types.ts';

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const identifierFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: false });

/** A column that names things rather than counts them (`account_id`, `id`): no thousands separators, left-aligned. */
export function isIdentifier(column: Column): boolean {
  return /(^|_)id$|^id_|(^|_)key$/i.test(column.name) || /[a-z]ID$/.test(column.name);
}

/** Decimal places a column's numbers are shown with: DECIMAL's scale, else as many as its values need (at most 2). */
function decimalsOf(column: Column, values: readonly JsonValue[]): number {
  const scale = /^DECIMAL\(\d+,\s*(\d+)\)/i.exec(column.sqlType)?.[1];
  if (scale !== undefined) return Math.min(4, Number(scale));
  let decimals = 0;
  for (const value of values) {
    if (typeof value !== 'number' || Number.isInteger(value)) continue;
    decimals = Math.max(decimals, Math.min(2, (String(value).split('.')[1] ?? '').length));
    if (decimals === 2) break;
  }
  return decimals;
}

/**
 * A formatter for one column: numbers with separators and the same decimal places down the
 * column, timestamps without their zero seconds, null as "—".
 */
export function columnFormatter(column: Column, values: readonly JsonValue[]): (value: JsonValue) => string {
  const decimals = column.kind === 'number' ? decimalsOf(column, values) : 0;
  const numberFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const numbers = column.kind !== 'integer' ? numberFormat : isIdentifier(column) ? identifierFormat : integerFormat;
  return (value) => formatValue(value, column.kind, numbers);
}

function formatValue(value: JsonValue, kind: ValueKind, numbers: Intl.NumberFormat): string {
  if (value === null) return '—';
  if (typeof value === 'number') return numbers.format(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return kind === 'timestamp' ? value.replace('T', ' ').replace(/(:00)?(\.000)?Z?$/, '') : value;
  return JSON.stringify(value);
}

/** True for columns that are right-aligned (numbers that are amounts, not identifiers). */
export function isNumeric(column: Column): boolean {
  return (column.kind === 'integer' || column.kind === 'number') && !isIdentifier(column);
}

const fixedFormats = new Map<number, Intl.NumberFormat>();

/** A number with exactly `decimals` decimal places and thousands separators: "1,234.50". */
export function formatFixed(value: number, decimals = 2): string {
  let format = fixedFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fixedFormats.set(decimals, format);
  }
  return format.format(value);
}

/** A change with its sign, a true minus for the negative ones: "+3.25", "−1.50", "0". */
export function formatChange(value: number, decimals = 2): string {
  const text = formatFixed(Math.abs(value), decimals);
  if (Number(text.replace(/,/g, '')) === 0) return formatFixed(0, decimals);
  return `${value < 0 ? '−' : '+'}${text}`;
}

const measureFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** A measure's value as the explanation lists it: numbers with up to 4 decimals, null as "—". */
export function formatMeasure(value: JsonValue): string {
  return formatValue(value, 'other', measureFormat);
}
