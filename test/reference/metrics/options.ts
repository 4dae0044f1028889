/**
 * What every reference metric takes besides the tables (docs/metrics.md, "As of a date",
 * "Periods", "Grouping"), and how its groups are named and ordered.
 */
import type { Day, PeriodUnit } from './dates.ts';

/** A grouping column: one of `accounts`, or one of the metric's own rows (a response's `touchpoint`). */
export interface Grouping {
  readonly from: 'accounts' | 'rows';
  readonly column: string;
}

export interface ReferenceOptions {
  /** The evaluation date D. */
  readonly asof: Day;
  /** Calendar periods, or null for one period from the first relevant date to D. */
  readonly period: PeriodUnit | null;
  readonly groupBy?: Grouping | null;
}

/** A result row, keyed by the SQL metric's column names. */
export type MetricRow = Record<string, string | number | boolean | null>;

/**
 * A group's name as the SQL metrics show it: the column's value as text (DuckDB's
 * `CAST(… AS VARCHAR)` for text, integers, booleans and dates), or null.
 */
export function groupName(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Group order: by text, nulls last. */
export function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Distinct group names, sorted. */
export function distinctGroups(values: Iterable<unknown>): (string | null)[] {
  return [...new Set([...values].map(groupName))].sort(compareGroups);
}

/** The output column of the group, when grouping: `{ [column]: group }`. */
export function groupColumn(grouping: Grouping | null | undefined, group: string | null): MetricRow {
  return grouping ? { [grouping.column]: group } : {};
}

/** 100 × part / whole, or null when whole is 0. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}
