/**
 * Calendar arithmetic for the reference evaluator, written from first principles (no `Date`):
 * dates are 'YYYY-MM-DD' strings, converted to and from a count of days since 1970-01-01 with
 * the proleptic Gregorian calendar.
 */
import type { DurationUnit } from '../../dsl/syntax/ast.ts';

/** True for a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to the given civil date (negative before it). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Count whole years, then whole months, then days; years are walked from 1970 in 400-year
  // cycles (146 097 days each) so that dates far from 1970 stay cheap.
  let days = 0;
  let y = 1970;
  const cycles = Math.floor((year - 1970) / 400);
  days += cycles * 146_097;
  y += cycles * 400;
  while (y < year) days += isLeapYear(y++) ? 366 : 365;
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days + day - 1;
}

/** The civil date of a day count from 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  let remaining = days;
  let year = 1970 + Math.floor(remaining / 146_097) * 400;
  remaining -= Math.floor(days / 146_097) * 146_097;
  for (;;) {
    const length = isLeapYear(year) ? 366 : 365;
    if (remaining < length) break;
    remaining -= length;
    year++;
  }
  let month = 1;
  while (remaining >= daysInMonth(year, month)) remaining -= daysInMonth(year, month++);
  return { year, month, day: remaining + 1 };
}

/** Parses 'YYYY-MM-DD' into its parts; throws on anything else. */
export function parseDate(text: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${text}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new RangeError(`not a calendar date: ${text}`);
  return { year, month, day };
}

/** 'YYYY-MM-DD' of civil date parts. */
export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days from 1970-01-01 to a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date);
  return daysFromCivil(year, month, day);
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOfDayNumber(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return formatDate(year, month, day);
}

/** `date` plus `n` days (n may be negative). */
export function addDays(date: string, n: number): string {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** `b − a` in days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * `date` moved back by `n` units: n days, 7n days, n calendar months or n years. Month and
 * year shifts keep the day of the month, clamped to the last day of the target month
 * (2025-03-31 − 1 month = 2025-02-28; 2024-02-29 − 1 year = 2023-02-28).
 */
export function shiftBack(date: string, n: number, unit: DurationUnit): string {
  if (unit === 'day') return addDays(date, -n);
  if (unit === 'week') return addDays(date, -7 * n);
  const { year, month, day } = parseDate(date);
  const months = unit === 'month' ? n : 12 * n;
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/**
 * The UTC calendar date of a date or timestamp value as the Session returns them: a date is
 * 'YYYY-MM-DD' already; a timestamp is ISO 8601 in UTC ('YYYY-MM-DDTHH:MM:SS.sssZ').
 */
export function calendarDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return value.slice(0, 10);
  throw new RangeError(`not a date or a UTC ISO timestamp: ${value}`);
}
