import type { Schema } from '../../../dsl/index.ts';
import type { Position } from '../../../dsl/syntax/ast.ts';

/** The tables the language-service tests use, written by hand. */
export const schema: Schema = {
  tables: [
    { name: 'accounts', columns: [
      { name: 'account_id', type: 'number' }, { name: 'name', type: 'text' }, { name: 'tier', type: 'text' },
      { name: 'seats', type: 'number' }, { name: 'signup_date', type: 'date' }, { name: 'renewal_on', type: 'date' },
    ] },
    { name: 'usage_events', columns: [
      { name: 'account_id', type: 'number' }, { name: 'user_id', type: 'number' }, { name: 'occurred_at', type: 'timestamp' },
      { name: 'event', type: 'text' }, { name: 'duration_s', type: 'number' },
    ] },
    { name: 'tickets', columns: [
      { name: 'account_id', type: 'number' }, { name: 'opened_at', type: 'timestamp' }, { name: 'resolved_at', type: 'timestamp' },
      { name: 'complexity', type: 'text' },
    ] },
    { name: 'nps_responses', columns: [
      { name: 'account_id', type: 'number' }, { name: 'responded_at', type: 'timestamp' }, { name: 'score', type: 'number' },
    ] },
  ],
};

/** A model over `schema` without errors, for completion and hover. */
export const model = `entity account = accounts key account_id
source usage = usage_events time occurred_at
source tickets time opened_at
source nps = nps_responses time responded_at
asof 2025-06-30

measure logins_30d "Logins, last 30 days" = count(usage where event = 'login' during last 30 days)
measure open_tickets = count(tickets where resolved_at is null or resolved_at > asof)
measure nps_last = latest nps.score
measure users_30d = count distinct usage.user_id during last 30 days

score health "Account health" {
  usage weight 60 = band logins_30d { >= 20: 100, else: 10 }
  support weight 40 = band open_tickets { = 0: 100, else: 20 }
  missing reweight
  grades { green >= 70, red }
}

segment at_risk = health.grade = 'red' and seats >= 10
segment renewal_due = days_until(renewal_on) between 0 and 90
`;

/**
 * Splits a text written with a `|` where the cursor is into the text and the cursor's
 * position. The bar must be the only one in the text.
 */
export function cursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('|');
  if (at < 0 || marked.indexOf('|', at + 1) >= 0) throw new Error('mark the cursor with exactly one |');
  const before = marked.slice(0, at).split('\n');
  return { text: marked.slice(0, at) + marked.slice(at + 1), position: { line: before.length, column: before[before.length - 1]!.length + 1 } };
}
