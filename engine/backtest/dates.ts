import { PulseError } from '../errors.ts';

export type Step = 'week' | 'month' | 'quarter';

/**
 * Evaluation dates from `from` to `to` (both YYYY-MM-DD, both included when they fall on the
 * series): every `step` after `from`. Months are calendar months from `from`'s day, clamped to
 * the month's end (from 2024-01-15: 2024-02-15, …); from a month's last day, every date is a
 * month's last day (from 2024-04-30: 2024-05-31, 2024-06-30, …), as a month-end review expects.
 */
export function evaluationDates(from: string, to: string, step: Step): string[] {
  const dates: string[] = [];
  const monthEnds = step !== 'week' && isMonthEnd(from);
  for (let k = 0; ; k++) {
    const date = monthEnds ? monthEnd(shiftDate(from, step, k)) : shiftDate(from, step, k);
    if (date > to) break;
    dates.push(date);
    if (dates.length > 520) throw new PulseError('bad_argument', 'more than 520 evaluation dates: use a longer step or a shorter range');
  }
  return dates;
}

/** A date moved by `count` steps (negative: back), months clamped to the month's end. */
export function shiftDate(date: string, step: Step, count: number): string {
  const start = new Date(`${date}T00:00:00Z`);
  const moved = step === 'week' ? new Date(start.getTime() + 7 * count * 86_400_000) : addMonths(start, count * (step === 'quarter' ? 3 : 1));
  return moved.toISOString().slice(0, 10);
}

function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}

/** A date plus a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The UTC calendar day of (year, 0-based month, day); day 0 is the last day of the month before. */
function utcDay(year: number, monthIndex: number, day: number): string {
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

/** The last day of the month holding `date`. */
function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return utcDay(year, month, 0);
}

function isMonthEnd(date: string): boolean {
  return monthEnd(date) === date;
}

/** The last end of a calendar month (or quarter) on or before `date`; weeks end on any day. */
function periodEndOnOrBefore(date: string, every: Step): string {
  if (every === 'week') return date;
  const months = every === 'month' ? 1 : 3;
  const [year, month] = date.split('-').map(Number) as [number, number];
  const start = Math.floor((month - 1) / months) * months;
  const end = utcDay(year, start + months, 0);
  return end === date ? end : utcDay(year, start, 0);
}

/** How many evaluation dates the default range has, by step: about a year and a half. */
const DEFAULT_DATES: Readonly<Record<Step, number>> = { week: 26, month: 18, quarter: 8 };

/**
 * The evaluation dates of a backtest (docs/backtest.md): the range given, or by default the
 * year and a half of month-ends (quarter-ends; weeks ending on any day) whose last is the last
 * one at least a horizon before the end of the data, so that every label is known.
 * `labelsComplete` is false when the last date's horizon runs past the data.
 */
export function backtestRange(dataEnd: string, horizonDays: number, every: Step, given: { from: string; to: string } | null):
  { from: string; to: string; labelsComplete: boolean } {
  const to = given?.to ?? periodEndOnOrBefore(addDays(dataEnd, -horizonDays), every);
  const first = shiftDate(to, every, 1 - DEFAULT_DATES[every]);
  const from = given?.from ?? (every === 'week' ? first : monthEnd(first));
  return { from, to, labelsComplete: addDays(to, horizonDays) <= dataEnd };
}
