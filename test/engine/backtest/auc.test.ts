import { describe, expect, it } from 'vitest';
import { aucWithConfidence, compareAucs, rocCurve } from '../../../engine/backtest/auc.ts';
import { summarise, type ScoredAccount } from '../../../engine/backtest/backtest.ts';
import { backtestRange, evaluationDates } from '../../../engine/backtest/dates.ts';

/**
 * Ten accounts worked by hand. Health scores and whether each churned:
 *   10 ✗  20 ✗  30 ·  40 ✗  50 ·  60 ·  60 ✗  70 ·  80 ·  90 ·      (✗ churned)
 * Risk is the negative of the score. For each churner, the stayers with a higher score:
 *   10 → 6, 20 → 6, 40 → 5, 60 → 3 and one tie (½) = 3.5; AUC = 20.5 / 24 = 41/48.
 */
const accounts: ScoredAccount[] = [
  [10, true], [20, true], [30, false], [40, true], [50, false], [60, false], [60, true], [70, false], [80, false], [90, false],
].map(([score, churned], i) => ({ date: 0, accountId: i + 1, score: score as number, churned: churned as boolean,
  grade: (score as number) >= 70 ? 'green' : (score as number) >= 45 ? 'yellow' : 'red' }));
const observations = accounts.map((account) => ({ risk: -account.score, positive: account.churned }));

describe('AUC by hand on ten accounts', () => {
  it('is 41/48 with DeLong\'s standard error', () => {
    const result = aucWithConfidence(observations);
    expect(result.auc).toBeCloseTo(41 / 48, 12);
    // Placements of the churners: 1, 1, 5/6, 7/12 → S10 = 268/6912; of the stayers (in 48ths):
    // 24, 36, 42, 48, 48, 48 → S01 = 462/11520; variance = S10/4 + S01/6.
    const variance = 268 / 6912 / 4 + 462 / 11520 / 6;
    expect(result.standardError).toBeCloseTo(Math.sqrt(variance), 12);
    expect(result.low).toBeCloseTo(41 / 48 - 1.959963984540054 * Math.sqrt(variance), 12);
    expect(result.high).toBe(1);
    expect([result.positives, result.negatives]).toEqual([4, 6]);
  });

  it('is the same whatever order the accounts come in, and 1 − AUC for the reversed score', () => {
    const shuffled = [...observations].reverse();
    expect(aucWithConfidence(shuffled).auc).toBeCloseTo(41 / 48, 12);
    expect(aucWithConfidence(observations.map((o) => ({ ...o, risk: -o.risk }))).auc).toBeCloseTo(7 / 48, 12);
  });

  it('gives exactly DeLong\'s variance with one account per cluster (Obuchowski\'s I10 = 4, I01 = 6: no cross term)', () => {
    const plain = aucWithConfidence(observations);
    const clustered = aucWithConfidence(observations, accounts.map((account) => account.accountId));
    expect(clustered.auc).toBe(plain.auc);
    expect(clustered.standardError).toBeCloseTo(plain.standardError, 14);
    const better = observations.map((o, i) => ({ ...o, risk: o.positive ? 100 - i : -100 - i }));
    expect(compareAucs(observations, better, accounts.map((account) => account.accountId)).standardError)
      .toBeCloseTo(compareAucs(observations, better).standardError, 14);
  });

  it('widens the interval when the same accounts are counted at several dates', () => {
    const twice = [...observations, ...observations];
    const naive = aucWithConfidence(twice);
    const clustered = aucWithConfidence(twice, [...accounts, ...accounts].map((account) => account.accountId));
    expect(clustered.auc).toBeCloseTo(41 / 48, 12);
    expect(clustered.standardError).toBeGreaterThan(naive.standardError * 1.3);
  });

  it('compares two scores of the same accounts', () => {
    const better = observations.map((o, i) => ({ ...o, risk: o.positive ? 100 - i : -100 - i }));
    const comparison = compareAucs(observations, better);
    expect(comparison.difference).toBeCloseTo(1 - 41 / 48, 12);
    expect(compareAucs(observations, observations)).toMatchObject({ difference: 0, standardError: 0 });
  });

  it('traces the ROC curve through every threshold', () => {
    // Riskiest first: 10 ✗, 20 ✗, 30 ·, 40 ✗, 50 ·, {60 ·, 60 ✗}, 70, 80, 90 ·.
    expect(rocCurve(observations)).toEqual([
      { fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.25 }, { fpr: 0, tpr: 0.5 }, { fpr: 1 / 6, tpr: 0.5 }, { fpr: 1 / 6, tpr: 0.75 },
      { fpr: 2 / 6, tpr: 0.75 }, { fpr: 3 / 6, tpr: 1 }, { fpr: 4 / 6, tpr: 1 }, { fpr: 5 / 6, tpr: 1 }, { fpr: 1, tpr: 1 },
    ]);
  });
});

/**
 * Obuchowski's clustered estimator (Biometrics 53:567–578, 1997) against a reference
 * implementation run outside Pulse: `doAUCcluster()` of the FDA's DIDSR/mitoticFigureCounts
 * (R/doAUCcluster.R, an adaptation of the Cleveland Clinic Lerner Research Institute's
 * funcs_clusteredROC.R; its formulas, with printing left out), in R 4.2.2, on the 20 observations
 * below (`positive` is the response, a higher p1 / p2 more likely positive). hild0146/fastAUC's
 * R `auc()` writes the same estimator independently. Its output, printed with 17 digits:
 *
 *   doAUCcluster(p1, NULL, positive, cluster): auc 0.77083333333333337, auc.var 0.010128294391396604 (I 9, I10 6, I01 7)
 *   doAUCcluster(p2, NULL, positive, cluster): auc 0.94791666666666663, auc.var 0.002570578492717978
 *   doAUCcluster(p1, p2, positive, cluster):   auc.var.AminusB 0.0086558589228877304
 *
 * Nine clusters, of which six hold a positive and seven a negative, with ties within and
 * across clusters: the three small-sample factors I10/(I10−1), I01/(I01−1) and I/(I−1) differ.
 */
describe('clustered AUC variance against a reference implementation of Obuchowski (1997)', () => {
  const table: readonly [string, 0 | 1, number, number][] = [
    ['c1', 1, 0.9, 0.7], ['c1', 0, 0.3, 0.4], ['c1', 0, 0.5, 0.5], ['c2', 1, 0.6, 0.8], ['c2', 1, 0.8, 0.6],
    ['c3', 0, 0.2, 0.1], ['c3', 0, 0.4, 0.3], ['c3', 0, 0.6, 0.2], ['c4', 1, 0.4, 0.5], ['c4', 0, 0.4, 0.6],
    ['c5', 0, 0.1, 0.2], ['c6', 1, 0.7, 0.9], ['c6', 0, 0.8, 0.4], ['c6', 1, 0.5, 0.5], ['c7', 0, 0.3, 0.3],
    ['c7', 0, 0.2, 0.5], ['c8', 1, 0.3, 0.6], ['c9', 0, 0.7, 0.35], ['c9', 1, 0.95, 0.75], ['c9', 0, 0.45, 0.45],
  ];
  const clusters = table.map(([cluster]) => cluster);
  const p1 = table.map(([, positive, risk]) => ({ risk, positive: positive === 1 }));
  const p2 = table.map(([, positive, , risk]) => ({ risk, positive: positive === 1 }));

  it('the AUC and its standard error of each score', () => {
    const a = aucWithConfidence(p1, clusters);
    expect(a.auc).toBeCloseTo(0.77083333333333337, 14);
    expect(a.standardError ** 2).toBeCloseTo(0.010128294391396604, 14);
    const b = aucWithConfidence(p2, clusters);
    expect(b.auc).toBeCloseTo(0.94791666666666663, 14);
    expect(b.standardError ** 2).toBeCloseTo(0.002570578492717978, 14);
  });

  it('the difference of the two AUCs, with the same estimator for their covariance', () => {
    const comparison = compareAucs(p1, p2, clusters);
    expect(comparison.difference).toBeCloseTo(0.94791666666666663 - 0.77083333333333337, 14);
    expect(comparison.standardError ** 2).toBeCloseTo(0.0086558589228877304, 14);
  });

  it('has no variance when a single cluster holds every positive', () => {
    const oneCluster = table.map(([cluster, positive]) => (positive === 1 ? 'all positives' : cluster));
    expect(aucWithConfidence(p1, oneCluster).standardError).toBeNaN();
  });
});

describe('churn rate by grade, lift by decile and calibration, by hand', () => {
  const summary = summarise(accounts, ['2025-01-31'], ['green', 'yellow', 'red']);

  it('churn rate per grade: red 3 of 4, yellow 1 of 3, green 0 of 3', () => {
    expect(summary.byGrade.filter((row) => row.asof === null).map((row) => [row.grade, row.accounts, row.churned, row.churnRate, row.share]))
      .toEqual([['green', 3, 0, 0, 30], ['yellow', 3, 1, 100 / 3, 30], ['red', 4, 3, 75, 40]]);
  });

  it('lift by decile: one account a decile, churn 40 % overall → lift 2.5 for a churner, 0 otherwise', () => {
    // Sorted by score, the tie at 60 by account: account 6 (stayed) before account 7 (churned).
    expect(summary.lift.map((row) => row.lift)).toEqual([2.5, 2.5, 0, 2.5, 0, 0, 2.5, 0, 0, 0]);
  });

  it('calibration: observed churn per 10-point bucket', () => {
    expect(summary.calibration.map((row) => [row.bucket, row.accounts, row.churnRate])).toEqual([
      [10, 1, 100], [20, 1, 100], [30, 1, 0], [40, 1, 100], [50, 1, 0], [60, 2, 50], [70, 1, 0], [80, 1, 0], [90, 1, 0],
    ]);
  });
});

describe('evaluation dates', () => {
  it('steps by calendar month from the first date, clamped to the month\'s end', () => {
    expect(evaluationDates('2024-01-31', '2024-05-31', 'month')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
    expect(evaluationDates('2024-01-01', '2024-12-31', 'quarter')).toEqual(['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01']);
    expect(evaluationDates('2024-01-01', '2024-01-20', 'week')).toEqual(['2024-01-01', '2024-01-08', '2024-01-15']);
    expect(evaluationDates('2024-01-15', '2024-03-31', 'month')).toEqual(['2024-01-15', '2024-02-15', '2024-03-15']);
  });

  it('from a month\'s last day, steps from month-end to month-end', () => {
    expect(evaluationDates('2024-04-30', '2024-08-31', 'month')).toEqual(['2024-04-30', '2024-05-31', '2024-06-30', '2024-07-31', '2024-08-31']);
    expect(evaluationDates('2024-02-29', '2024-05-31', 'month')).toEqual(['2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
    expect(evaluationDates('2023-09-30', '2024-06-30', 'quarter')).toEqual(['2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30']);
  });

  it('the default range: month-ends (quarter-ends) whose last is at least a horizon before the end of the data', () => {
    // 2025-06-30 − 90 days = 2025-04-01 → 2025-03-31, and 17 month-ends before it.
    expect(backtestRange('2025-06-30', 90, 'month', null)).toEqual({ from: '2023-10-31', to: '2025-03-31', labelsComplete: true });
    // 2025-06-30 − 45 days = 2025-05-16 → 2025-04-30; 17 months before, 2023-11-30.
    expect(backtestRange('2025-06-30', 45, 'month', null)).toEqual({ from: '2023-11-30', to: '2025-04-30', labelsComplete: true });
    // A month-end itself: 2025-06-30 − 30 days = 2025-05-31.
    expect(backtestRange('2025-06-30', 30, 'month', null)).toMatchObject({ from: '2023-12-31', to: '2025-05-31' });
    // Quarters: the quarter-end on or before 2025-04-01 is 2025-03-31; 7 quarters before it, 2023-06-30.
    expect(backtestRange('2025-06-30', 90, 'quarter', null)).toEqual({ from: '2023-06-30', to: '2025-03-31', labelsComplete: true });
    expect(backtestRange('2025-06-30', 0, 'quarter', null)).toMatchObject({ from: '2023-09-30', to: '2025-06-30' });
    // Weeks end on any day: 25 weeks before 2025-04-01.
    expect(backtestRange('2025-06-30', 90, 'week', null)).toEqual({ from: '2024-10-08', to: '2025-04-01', labelsComplete: true });
    // A range given is kept as it is.
    expect(backtestRange('2025-06-30', 90, 'month', { from: '2025-01-01', to: '2025-05-01' })).toEqual({ from: '2025-01-01', to: '2025-05-01', labelsComplete: false });
  });
});
