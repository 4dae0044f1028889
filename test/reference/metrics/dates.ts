/**
 * Calendar helpers for the reference metrics (docs/metrics.md, "Periods"). A day is a
 * 'YYYY-MM-DD' string in UTC; such strings compare in calendar order, so plain `<` and `<=`
 * order days. Periods are calendar months, quarters or years, cut at the evaluation date.
 */

/** A calendar day, 'YYYY-MM-DD' (UTC). */
export type Day = string;

/** The calendar unit a metric is cut by. */
export type PeriodUnit = 'month' | 'quarter' | 'year';

/** The dates [start, end] of one period; `partial` when its calendar end lies after the evaluation date. */
export interface Period {
  readonly start: Day;
  readonly end: Day;
  readonly partial: boolean;
}

const MONTHS_PER_UNIT: Readonly<Record<PeriodUnit, number>> = { month: 1, quarter: 3, year: 12 };

/** The UTC calendar day of a DATE ('2024-05-01') or an ISO timestamp ('2024-05-01T13:00:00.000Z'). */
export function dayOf(value: string): Day {
  return value.slice(0, 10);
}

function parts(day: Day): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function fromUtc(year: number, monthIndex: number, date: number): Day {
  return new Date(Date.UTC(year, monthIndex, date)).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days (negative: earlier). */
export function addDays(day: Day, days: number): Day {
  const [year, month, date] = parts(day);
  return fromUtc(year, month - 1, date + days);
}

/** The first day of the month holding `day`. */
export function monthStart(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the month `months` after the month holding `day`. */
export function addMonthsToMonthStart(day: Day, months: number): Day {
  const [year, month] = parts(day);
  return fromUtc(year, month - 1 + months, 1);
}

/** The last day of month `c + k`, where `cohortMonth` is the first day of month c. */
export function endOfMonthAfter(cohortMonth: Day, k: number): Day {
  return addDays(addMonthsToMonthStart(cohortMonth, k + 1), -1);
}

/** The first day of the calendar month, quarter or year holding `day`. */
export function periodStart(day: Day, unit: PeriodUnit): Day {
  const [year, month] = parts(day);
  const size = MONTHS_PER_UNIT[unit];
  const firstMonth = Math.floor((month - 1) / size) * size;
  return fromUtc(year, firstMonth, 1);
}

/**
 * The periods a metric reports as of `asof`: with a unit, every calendar period from the one
 * holding `firstDay` to the one holding `asof`, the last cut at `asof` and marked partial
 * when its calendar end is later; without a unit, the single period [firstDay, asof].
 * Nothing when `firstDay` is after `asof`.
 */
export function periodsUpTo(firstDay: Day, asof: Day, unit: PeriodUnit | null): Period[] {
  if (firstDay > asof) return [];
  if (unit === null) return [{ start: firstDay, end: asof, partial: false }];
  const periods: Period[] = [];
  for (let start = periodStart(firstDay, unit); start <= asof; start = addMonthsToMonthStart(start, MONTHS_PER_UNIT[unit])) {
    const calendarEnd = addDays(addMonthsToMonthStart(start, MONTHS_PER_UNIT[unit]), -1);
    periods.push({ start, end: calendarEnd <= asof ? calendarEnd : asof, partial: calendarEnd > asof });
  }
  return periods;
}

/** The index of the period holding `day` in `periods` (sorted, contiguous), or -1. */
export function periodIndexOf(periods: readonly Period[], day: Day): number {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const period = periods[middle]!;
    if (day < period.start) high = middle - 1;
    else if (day > period.end) low = middle + 1;
    else return middle;
  }
  return -1;
}
