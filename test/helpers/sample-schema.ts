import type { Schema, ValueType } from '../../dsl/index.ts';

/**
 * The sample data's tables (docs/sample-data.md) as the rules language sees them, written by
 * hand from the column list that test/samples/sample-data.test.ts pins: BIGINT, INTEGER and
 * DECIMAL are numbers, VARCHAR is text, and so on. Tests that only parse and check use it
 * instead of generating data.
 */
const tables: Record<string, Record<string, ValueType>> = {
  accounts: {
    account_id: 'number', name: 'text', tier: 'text', region: 'text', industry: 'text', csm: 'text', seats: 'number',
    signup_date: 'date', renewal_on: 'date', referred_by: 'number',
  },
  csat_responses: { response_id: 'number', account_id: 'number', ticket_id: 'number', responded_at: 'timestamp', score: 'number', touchpoint: 'text' },
  invoices: { invoice_id: 'number', account_id: 'number', issued_on: 'date', due_on: 'date', paid_on: 'date', amount: 'number' },
  nps_responses: { response_id: 'number', account_id: 'number', responded_at: 'timestamp', score: 'number', reason: 'text' },
  referrals: { referral_id: 'number', referrer_account_id: 'number', referred_account_id: 'number', referred_on: 'date', code: 'text', converted: 'boolean' },
  subscriptions: {
    subscription_id: 'number', account_id: 'number', product: 'text', plan: 'text', mrr: 'number', started_on: 'date', ended_on: 'date', end_reason: 'text',
  },
  tickets: {
    ticket_id: 'number', account_id: 'number', opened_at: 'timestamp', first_response_at: 'timestamp', resolved_at: 'timestamp', complexity: 'text',
    channel: 'text', category: 'text',
  },
  trainings: { account_id: 'number', attended_on: 'date', course: 'text' },
  usage_events: { account_id: 'number', user_id: 'number', occurred_at: 'timestamp', event: 'text', feature: 'text', duration_s: 'number' },
};

export const sampleSchema: Schema = {
  tables: Object.entries(tables).map(([name, columns]) => ({ name, columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })) })),
};

/** Every table and column name of the sample, for generators. */
export const sampleNames: readonly string[] = [...new Set(Object.entries(tables).flatMap(([name, columns]) => [name, ...Object.keys(columns)]))];
