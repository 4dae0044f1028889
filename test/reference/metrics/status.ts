/**
 * Account start and churn as of an evaluation date (docs/metrics.md, "Start and churn",
 * "Active on day t", "Active at the start of a period").
 */
import type { Day } from './dates.ts';
import type { Span } from './spans.ts';
import type { AccountRow } from './tables.ts';

/** The end reasons of a plan change: they end a span but never an account. */
export const PLAN_CHANGE_REASONS: ReadonlySet<string> = new Set(['upgrade', 'downgrade']);

/** An account that exists as of the evaluation date. */
export interface AccountStatus {
  readonly account: AccountRow;
  readonly startedOn: Day;
  /** The end of its last span when that ended with a churn reason; null while the account is active. */
  readonly churnedOn: Day | null;
  readonly churnReason: string | null;
}

/**
 * The churn of one account from its spans as of the evaluation date: none while a span is
 * still open (or there are no spans); otherwise its last span is the one that ended latest,
 * and the account churned then when that end carries a reason other than a plan change.
 * (When several spans end on that same last day — a churn ends every product at once — the
 * account churned if any of them has a churn reason, and the first of those reasons in
 * alphabetical order is its reason.)
 */
export function churnOf(spans: readonly Span[]): { churnedOn: Day | null; churnReason: string | null } {
  if (spans.length === 0 || spans.some((span) => span.endedOn === null)) return { churnedOn: null, churnReason: null };
  let lastEnd = '';
  for (const span of spans) if (span.endedOn! > lastEnd) lastEnd = span.endedOn!;
  const reasons = spans
    .filter((span) => span.endedOn === lastEnd && span.endReason !== null && !PLAN_CHANGE_REASONS.has(span.endReason))
    .map((span) => span.endReason!)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return reasons.length > 0 ? { churnedOn: lastEnd, churnReason: reasons[0]! } : { churnedOn: null, churnReason: null };
}

/**
 * Every account that started (signup_date) on or before `asof` and has a subscription span
 * started by then (one without is not a customer yet), with its churn as of then. `spans`
 * holds the spans as of `asof`.
 */
export function accountStatuses(accounts: readonly AccountRow[], spans: ReadonlyMap<number, readonly Span[]>, asof: Day): AccountStatus[] {
  return accounts
    .filter((account) => account.signup_date <= asof && (spans.get(account.account_id)?.length ?? 0) > 0)
    .map((account) => ({ account, startedOn: account.signup_date, ...churnOf(spans.get(account.account_id)!) }));
}

/** Active at the end of day t: started on or before t and not churned on or before t. */
export function activeOn(status: AccountStatus, day: Day): boolean {
  return status.startedOn <= day && (status.churnedOn === null || status.churnedOn > day);
}

/** Active at the start of a period starting on S: started before S and not churned before S. */
export function activeAtStart(status: AccountStatus, start: Day): boolean {
  return status.startedOn < start && (status.churnedOn === null || status.churnedOn >= start);
}

/** Churned on a day of [start, end]. */
export function churnedDuring(status: AccountStatus, start: Day, end: Day): boolean {
  return status.churnedOn !== null && status.churnedOn >= start && status.churnedOn <= end;
}
