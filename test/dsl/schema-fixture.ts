import type { Schema } from '../../dsl/index.ts';

/** The sample data's tables as the rules language sees them (a subset of columns is enough). */
export const sampleSchema: Schema = {
  tables: [
    { name: 'accounts', columns: [
      { name: 'account_id', type: 'number' }, { name: 'name', type: 'text' }, { name: 'tier', type: 'text' },
      { name: 'region', type: 'text' }, { name: 'seats', type: 'number' }, { name: 'signup_date', type: 'date' },
      { name: 'renewal_on', type: 'date' }, { name: 'referred_by', type: 'number' },
    ] },
    { name: 'usage_events', columns: [
      { name: 'account_id', type: 'number' }, { name: 'user_id', type: 'number' }, { name: 'occurred_at', type: 'timestamp' },
      { name: 'event', type: 'text' }, { name: 'feature', type: 'text' }, { name: 'duration_s', type: 'number' },
    ] },
    { name: 'tickets', columns: [
      { name: 'ticket_id', type: 'number' }, { name: 'account_id', type: 'number' }, { name: 'opened_at', type: 'timestamp' },
      { name: 'first_response_at', type: 'timestamp' }, { name: 'resolved_at', type: 'timestamp' }, { name: 'complexity', type: 'text' },
    ] },
    { name: 'invoices', columns: [
      { name: 'invoice_id', type: 'number' }, { name: 'account_id', type: 'number' }, { name: 'issued_on', type: 'date' },
      { name: 'due_on', type: 'date' }, { name: 'paid_on', type: 'date' }, { name: 'amount', type: 'number' },
    ] },
    { name: 'nps_responses', columns: [
      { name: 'response_id', type: 'number' }, { name: 'account_id', type: 'number' }, { name: 'responded_at', type: 'timestamp' },
      { name: 'score', type: 'number' }, { name: 'reason', type: 'text' },
    ] },
    { name: 'subscriptions', columns: [
      { name: 'subscription_id', type: 'number' }, { name: 'account_id', type: 'number' }, { name: 'product', type: 'text' },
      { name: 'mrr', type: 'number' }, { name: 'started_on', type: 'date' }, { name: 'ended_on', type: 'date' }, { name: 'end_reason', type: 'text' },
    ] },
    { name: 'telco', columns: [
      { name: 'customerID', type: 'text' }, { name: 'tenure', type: 'number' }, { name: 'Churn', type: 'boolean' },
      { name: 'MonthlyCharges', type: 'number' }, { name: 'TotalCharges', type: 'number' },
    ] },
  ],
};
