import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { SampleTable } from './step.ts';

/**
 * `invoices`: one a month per active account, issued on the first active day of the month for
 * the MRR in force that day, due 30 days later. Unhealthy accounts pay late more often; an
 * invoice not paid by the end of the data is unpaid (`paid_on` null), and an account that
 * churns often leaves its last invoice unpaid.
 */
export const invoicesTable: SampleTable = {
  name: 'invoices',
  query: ({ endDate }) => `
WITH issued AS (
  SELECT m.account_id, m.k, m.h, m.period_start AS issued_on, m.churn_k,
    sum(s.mrr)::DECIMAL(12,2) AS amount
  FROM active m JOIN spans s
    ON s.account_id = m.account_id AND s.started_on <= m.period_start
   AND (s.ended_on IS NULL OR s.ended_on > m.period_start)
  WHERE m.period_end > m.period_start
  GROUP BY ALL
), paid AS (
  SELECT *, issued_on + 30 AS due_on,
    CASE
      WHEN k = churn_k AND u01('unpaid', account_id, k, 0) < 0.6 THEN NULL
      WHEN u01('late', account_id, k, 0) < sigmoid(-1.8 - 1.3 * h)
        THEN issued_on + 31 + floor(exp(ln(8) + 0.8 * nrm('delay', account_id, k, 0)))::INTEGER
      ELSE issued_on + floor(u01('on_time', account_id, k, 0) * 30)::INTEGER
    END AS paid_candidate
  FROM issued
)
SELECT row_number() OVER (ORDER BY account_id, issued_on)::BIGINT AS invoice_id,
  account_id, issued_on, due_on,
  CASE WHEN paid_candidate <= ${sql.date(endDate)} THEN paid_candidate END AS paid_on,
  amount
FROM paid ORDER BY invoice_id`,
};
