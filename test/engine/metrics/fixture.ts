import type { Session } from '../../../engine/session.ts';

/**
 * A tiny customer-success data set in the canonical model (DESIGN.md §2) whose metrics are
 * worked out by hand in metrics.test.ts. Five accounts, evaluated as of 2024-06-30:
 *
 *   1 Starter    signed 2024-01-10  core 100, upgraded to 150 on 2024-04-10
 *   2 Starter    signed 2024-01-20  core 100, churned 2024-03-05 (price)
 *   3 Growth     signed 2024-02-05  core 200, downgraded to 120 on 2024-05-01; add-on 30 from 2024-04-20
 *   4 Growth     signed 2024-03-15  core 300, churned 2024-06-30 (competitor)
 *   5 Enterprise signed 2023-12-01  core 1000
 */
export async function createMetricsFixture(session: Session): Promise<void> {
  await session.execute(`
    CREATE TABLE accounts AS SELECT account_id::BIGINT AS account_id, name, tier, region, signup_date::DATE AS signup_date FROM (VALUES
      (1, 'One', 'Starter', 'EMEA', '2024-01-10'), (2, 'Two', 'Starter', 'APAC', '2024-01-20'),
      (3, 'Three', 'Growth', 'EMEA', '2024-02-05'), (4, 'Four', 'Growth', 'EMEA', '2024-03-15'),
      (5, 'Five', 'Enterprise', 'APAC', '2023-12-01')
    ) t(account_id, name, tier, region, signup_date);
    CREATE TABLE subscriptions AS SELECT subscription_id::BIGINT AS subscription_id, account_id::BIGINT AS account_id, product, plan,
      mrr::DECIMAL(12,2) AS mrr, started_on::DATE AS started_on, ended_on::DATE AS ended_on, end_reason FROM (VALUES
      (1, 1, 'core', 'starter', 100, '2024-01-10', '2024-04-10', 'upgrade'),
      (2, 1, 'core', 'starter', 150, '2024-04-10', NULL, NULL),
      (3, 2, 'core', 'starter', 100, '2024-01-20', '2024-03-05', 'price'),
      (4, 3, 'core', 'growth', 200, '2024-02-05', '2024-05-01', 'downgrade'),
      (5, 3, 'core', 'growth', 120, '2024-05-01', NULL, NULL),
      (6, 3, 'addon', 'add-on', 30, '2024-04-20', NULL, NULL),
      (7, 4, 'core', 'growth', 300, '2024-03-15', '2024-06-30', 'competitor'),
      (8, 5, 'core', 'enterprise', 1000, '2023-12-01', NULL, NULL)
    ) t(subscription_id, account_id, product, plan, mrr, started_on, ended_on, end_reason);
    CREATE TABLE nps_responses AS SELECT response_id::BIGINT AS response_id, account_id::BIGINT AS account_id,
      responded_at::TIMESTAMP AS responded_at, score::INTEGER AS score, NULL::VARCHAR AS reason FROM (VALUES
      (1, 1, '2024-04-02 10:00:00', 9), (2, 1, '2024-05-02 10:00:00', 10), (3, 1, '2024-05-20 10:00:00', 9), (4, 1, '2024-06-20 10:00:00', 7),
      (5, 3, '2024-04-03 10:00:00', 10), (6, 3, '2024-04-04 10:00:00', 9), (7, 3, '2024-05-05 10:00:00', 10),
      (8, 3, '2024-05-06 10:00:00', 8), (9, 3, '2024-06-07 10:00:00', 7), (10, 3, '2024-06-08 10:00:00', 3),
      (11, 2, '2024-02-10 10:00:00', 10),
      (12, 5, '2024-07-02 10:00:00', 0)
    ) t(response_id, account_id, responded_at, score);
    CREATE TABLE csat_responses AS SELECT response_id::BIGINT AS response_id, account_id::BIGINT AS account_id, NULL::BIGINT AS ticket_id,
      responded_at::TIMESTAMP AS responded_at, score::INTEGER AS score, touchpoint FROM (VALUES
      (1, 1, '2024-02-01 09:00:00', 5, 'onboarding'), (2, 3, '2024-03-01 09:00:00', 4, 'onboarding'), (3, 4, '2024-04-01 09:00:00', 2, 'onboarding'),
      (4, 1, '2024-05-01 09:00:00', 3, 'support'), (5, 5, '2024-05-02 09:00:00', 1, 'support')
    ) t(response_id, account_id, responded_at, score, touchpoint);
    CREATE TABLE tickets AS SELECT ticket_id::BIGINT AS ticket_id, account_id::BIGINT AS account_id, opened_at::TIMESTAMP AS opened_at,
      first_response_at::TIMESTAMP AS first_response_at, resolved_at::TIMESTAMP AS resolved_at, complexity, channel, category FROM (VALUES
      (1, 1, '2024-05-01 00:00:00', '2024-05-01 00:30:00', '2024-05-01 01:00:00', 'simple', 'email', 'bug'),
      (2, 1, '2024-05-02 00:00:00', '2024-05-02 00:30:00', '2024-05-02 02:00:00', 'simple', 'email', 'bug'),
      (3, 1, '2024-05-03 00:00:00', '2024-05-03 00:30:00', '2024-05-03 03:00:00', 'simple', 'chat', 'bug'),
      (4, 1, '2024-05-04 00:00:00', '2024-05-04 00:30:00', '2024-05-04 04:00:00', 'simple', 'chat', 'bug'),
      (5, 1, '2024-05-05 00:00:00', '2024-05-05 00:30:00', '2024-05-09 04:00:00', 'simple', 'phone', 'bug'),
      (6, 3, '2024-06-01 00:00:00', '2024-06-01 01:00:00', '2024-06-01 10:00:00', 'complex', 'email', 'billing'),
      (7, 3, '2024-06-02 00:00:00', '2024-06-02 03:00:00', '2024-06-03 06:00:00', 'complex', 'email', 'billing'),
      (8, 3, '2024-06-20 00:00:00', NULL, NULL, 'complex', 'email', 'billing'),
      (9, 5, '2024-06-29 12:00:00', '2024-06-29 13:00:00', '2024-07-01 12:00:00', 'simple', 'email', 'access')
    ) t(ticket_id, account_id, opened_at, first_response_at, resolved_at, complexity, channel, category);
    CREATE TABLE invoices AS SELECT invoice_id::BIGINT AS invoice_id, account_id::BIGINT AS account_id, issued_on::DATE AS issued_on,
      (issued_on::DATE + 30) AS due_on, NULL::DATE AS paid_on, amount::DECIMAL(12,2) AS amount FROM (VALUES
      (1, 1, '2024-02-01', 100), (2, 1, '2024-03-01', 100), (3, 3, '2024-03-01', 200),
      (4, 5, '2024-01-01', 1000), (5, 5, '2024-02-01', 1000), (6, 5, '2024-03-01', 1000),
      (7, 5, '2024-04-01', 1000), (8, 5, '2024-05-01', 1000), (9, 5, '2024-06-01', 1000)
    ) t(invoice_id, account_id, issued_on, amount);
    CREATE TABLE referrals AS SELECT referral_id::BIGINT AS referral_id, referrer_account_id::BIGINT AS referrer_account_id,
      referred_account_id::BIGINT AS referred_account_id, referred_on::DATE AS referred_on, code, converted FROM (VALUES
      (1, 1, NULL, '2024-04-15', 'A1', false), (2, 1, 4, '2024-03-01', 'A2', true), (3, 1, NULL, '2024-05-15', 'A3', true),
      (4, 3, NULL, '2024-06-01', 'B1', false)
    ) t(referral_id, referrer_account_id, referred_account_id, referred_on, code, converted);`);
}
