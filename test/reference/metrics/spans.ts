/**
 * Subscription spans as of an evaluation date, and the MRR in force on a day
 * (docs/metrics.md, "As of a date", "Subscriptions in force", "An account's MRR on day t").
 * Money is kept in whole cents so that sums are exact, as DuckDB's DECIMAL sums are.
 */
import { addDays, type Day } from './dates.ts';
import type { SubscriptionRow } from './tables.ts';

/** A span as seen on the evaluation date: an end after that date has not happened yet. */
export interface Span {
  readonly accountId: number;
  readonly product: string;
  readonly mrrCents: number;
  readonly startedOn: Day;
  readonly endedOn: Day | null;
  readonly endReason: string | null;
}

/**
 * The spans visible as of `asof`: spans started after it do not exist, and a span that ends
 * after it is still open (no end date, no end reason).
 */
export function spansAsOf(subscriptions: readonly SubscriptionRow[], asof: Day): Span[] {
  const spans: Span[] = [];
  for (const row of subscriptions) {
    if (row.started_on > asof) continue;
    const endsLater = row.ended_on !== null && row.ended_on > asof;
    spans.push({
      accountId: row.account_id,
      product: row.product,
      mrrCents: Math.round(row.mrr * 100),
      startedOn: row.started_on,
      endedOn: endsLater ? null : row.ended_on,
      endReason: endsLater ? null : row.end_reason,
    });
  }
  return spans;
}

/** The spans of each account. */
export function spansByAccount(spans: readonly Span[]): Map<number, Span[]> {
  const byAccount = new Map<number, Span[]>();
  for (const span of spans) {
    const list = byAccount.get(span.accountId);
    if (list) list.push(span);
    else byAccount.set(span.accountId, [span]);
  }
  return byAccount;
}

/** In force on day t: started on or before t, and not ended on or before t (the end day is already out). */
export function inForce(span: Span, day: Day): boolean {
  return span.startedOn <= day && (span.endedOn === null || span.endedOn > day);
}

/** The MRR (cents) of these spans in force on `day`. */
export function mrrCentsOn(spans: readonly Span[], day: Day): number {
  let cents = 0;
  for (const span of spans) if (inForce(span, day)) cents += span.mrrCents;
  return cents;
}

/** MRR at the start of a period starting on `start`: in force at the end of the day before. */
export function mrrCentsAtStart(spans: readonly Span[], start: Day): number {
  return mrrCentsOn(spans, addDays(start, -1));
}
