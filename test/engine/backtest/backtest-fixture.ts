/**
 * A model for backtests on the hand-made metrics fixture (test/engine/metrics/fixture.ts),
 * every figure worked out by hand below.
 *
 * `size` scores an account by its MRR as of each date: ≥ 500 → 100, ≥ 150 → 60, else 20
 * (grades green ≥ 70, yellow ≥ 40, red). `flat` gives everyone 50. Churn: account 2 on
 * 2024-03-05, account 4 on 2024-06-30. Horizon 60 days; dates 2024-02-01 … 2024-05-01 monthly.
 *
 *   date        active   MRR then (score)                               churned within 60 days (by)
 *   2024-02-01  1 2 5    1: 100 (20)  2: 100 (20)  5: 1000 (100)        2 (2024-04-01)
 *   2024-03-01  1 2 3 5  1: 100 (20)  2: 100 (20)  3: 200 (60)  5: (100) 2 (2024-04-30)
 *   2024-04-01  1 3 4 5  1: 100 (20)  3: 200 (60)  4: 300 (60)  5: (100) none: 4 churns after 2024-05-31
 *   2024-05-01  1 3 4 5  1: 150 (60)  3: 120+30 (60) 4: 300 (60) 5: (100) 4 (2024-06-30)
 *
 * Account 3 is not active on 2024-02-01 (it signed on 02-05), nor 4 before 03-15; account 2
 * is gone after 03-05. On 05-01 account 3's 200 plan has ended that very day and its 120 plan
 * started: an `ended_on > asof` rule drops the first.
 *
 * Pooled: 15 account-dates, 3 churned (20 %). Positives score 20, 20, 60; the 12 negatives
 * score 20 ×3, 60 ×5, 100 ×4. Lower is riskier, ties count half:
 *   a positive at 20 outranks 9 negatives and ties 3 → 10.5 / 12; at 60: 4 and 5 → 6.5 / 12;
 *   AUC = (10.5 + 10.5 + 6.5) / 36 = 27.5 / 36.
 * Per date: 02-01 (1 + ½) / 2 = 0.75; 03-01 (2 + ½) / 3; 04-01 no churner: not measurable; 05-01 (1 + 2 × ½) / 3.
 * By grade: red 5 account-dates, 2 churned; yellow 6, 1; green 4, 0.
 */
export const BACKTEST_MODEL = `
entity account = accounts key account_id
source subs = subscriptions time started_on
measure mrr = sum(subs.mrr where ended_on is null or ended_on > asof)
score size { by_mrr weight 1 = band mrr { >= 500: 100, >= 150: 60, else: 20 }
  grades { green >= 70, yellow >= 40, red } }
score flat { constant weight 1 = 50
  grades { green >= 70, yellow >= 40, red } }
segment paying_150 = mrr >= 150
`;
