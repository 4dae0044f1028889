import type { Session } from '../../../engine/session.ts';

/** The evaluation date of the LTV fixture: its window is July 2023 – June 2024. */
export const LTV_ASOF = '2024-06-30';

/**
 * A hand-made data set for lifetime and LTV, as of 2024-06-30 (window July 2023 – June 2024).
 * Every account is invoiced once in each month in which it is a customer for at least a day,
 * on its first such day, for its MRR — so purchase frequency must be exactly 1 in every tier.
 *
 *   Enterprise  101–113  signed 2023-01-01, 1000 a month; 113 churns 2024-03-15 (budget)
 *               → 12 × 12 + 9 (July–March) = 153 account-months, 1 churned: 0.65 % a month,
 *                 under the 0.83 % of a 120-month cap: lifetime 153 months uncapped.
 *   Growth      301      signed 2023-06-01, 500 a month, no churn: 12 account-months.
 *   Starter     201      signed 2024-02-10, 100 a month
 *               202      signed 2024-04-20, churns 2024-06-05 (price)
 *               203      signed 2024-01-15, churns 2024-05-01 (competitor), on a month's first day
 *               → active at a month's start: 4 + 2 + 4 = 10 account-months, 2 churned: 20 % a month;
 *                 customers for at least a day: 5 (Feb–Jun) + 3 (Apr–Jun) + 4 (Jan–Apr) = 12 months, 12 invoices.
 */
export async function createLtvFixture(session: Session): Promise<void> {
  await session.execute(`
    CREATE TABLE people AS SELECT account_id::BIGINT AS account_id, tier, signup_date::DATE AS signup_date,
      mrr::DECIMAL(12,2) AS mrr, churned_on::DATE AS churned_on, reason FROM (
      SELECT 100 + i AS account_id, 'Enterprise' AS tier, '2023-01-01' AS signup_date, 1000 AS mrr,
        CASE WHEN i = 13 THEN '2024-03-15' END AS churned_on, CASE WHEN i = 13 THEN 'budget' END AS reason
      FROM range(1, 14) r(i)
      UNION ALL SELECT * FROM (VALUES
        (301, 'Growth', '2023-06-01', 500, NULL, NULL),
        (201, 'Starter', '2024-02-10', 100, NULL, NULL),
        (202, 'Starter', '2024-04-20', 100, '2024-06-05', 'price'),
        (203, 'Starter', '2024-01-15', 100, '2024-05-01', 'competitor')
      ) v(account_id, tier, signup_date, mrr, churned_on, reason)
    );
    CREATE TABLE accounts AS SELECT account_id, 'Account ' || account_id AS name, tier, signup_date FROM people;
    CREATE TABLE subscriptions AS SELECT account_id AS subscription_id, account_id, 'core' AS product, lower(tier) AS plan, mrr,
      signup_date AS started_on, churned_on AS ended_on, reason AS end_reason FROM people;
    CREATE TABLE invoices AS SELECT row_number() OVER (ORDER BY account_id, month)::BIGINT AS invoice_id, account_id,
      greatest(month, signup_date) AS issued_on, greatest(month, signup_date) + 30 AS due_on, NULL::DATE AS paid_on, mrr AS amount
    FROM people, (SELECT CAST(m AS DATE) AS month FROM range(TIMESTAMP '2023-01-01', TIMESTAMP '2024-07-01', INTERVAL 1 MONTH) r(m))
    WHERE signup_date < month + INTERVAL 1 MONTH AND (churned_on IS NULL OR churned_on > month);
    DROP TABLE people;`);
}
