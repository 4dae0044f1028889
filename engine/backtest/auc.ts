/**
 * The area under the ROC curve of a risk score, with DeLong's variance (DeLong, DeLong &
 * Clarke-Pearson 1988): AUC = P(risk of a positive > risk of a negative) + ½ P(equal).
 * Exact and deterministic, in O(n log n): each observation's "placement" among the other
 * class is found by binary search in the sorted risks.
 *
 * When observations come in clusters — the same account scored at several dates — they are
 * not independent, and DeLong's variance would be too small. With clusters given, the
 * variance is Obuchowski's for clustered ROC data ("Nonparametric analysis of clustered ROC
 * curve data", Biometrics 53:567–578, 1997), which sums placements within each cluster first;
 * with one observation a cluster it is DeLong's exactly.
 */

export interface Observation {
  /** Higher means more likely positive (for a health score: its negative). */
  readonly risk: number;
  readonly positive: boolean;
}

export interface Auc {
  readonly auc: number;
  /** DeLong's standard error. */
  readonly standardError: number;
  /** 95 % confidence interval, clipped to [0, 1]. */
  readonly low: number;
  readonly high: number;
  readonly positives: number;
  readonly negatives: number;
}

/** Per-observation placements: what a DeLong variance or covariance needs. */
interface Placements {
  /** For each positive: the share of negatives it outranks (ties count half). */
  readonly positive: readonly number[];
  /** For each negative: the share of positives that outrank it (ties count half). */
  readonly negative: readonly number[];
}

const Z95 = 1.959963984540054;

/**
 * The AUC with its 95 % confidence interval; NaN figures when a class is empty. `clusters[i]`,
 * when given, names the cluster of observation i (see above).
 */
export function aucWithConfidence(observations: readonly Observation[], clusters?: readonly (string | number)[]): Auc {
  const p = placements(observations);
  const m = p.positive.length;
  const n = p.negative.length;
  if (m === 0 || n === 0) return { auc: NaN, standardError: NaN, low: NaN, high: NaN, positives: m, negatives: n };
  const auc = mean(p.positive);
  const standardError = Math.sqrt(aucCovariance(observations, p, p, clusters));
  return { auc, standardError, low: Math.max(0, auc - Z95 * standardError), high: Math.min(1, auc + Z95 * standardError), positives: m, negatives: n };
}

/**
 * Two risk scores of the same observations compared (DeLong's test for correlated ROC
 * curves, clustered as Obuchowski's when clusters are given): the difference of their AUCs
 * (b − a) with its standard error and 95 % interval. `a[i]` and `b[i]` must be the same observation.
 */
export function compareAucs(a: readonly Observation[], b: readonly Observation[], clusters?: readonly (string | number)[]):
  { difference: number; standardError: number; low: number; high: number } {
  if (a.length !== b.length || a.some((observation, i) => observation.positive !== b[i]!.positive)) {
    throw new RangeError('the two scores must be of the same observations');
  }
  const pa = placements(a);
  const pb = placements(b);
  const difference = mean(pb.positive) - mean(pa.positive);
  const variance = aucCovariance(a, pa, pa, clusters) + aucCovariance(a, pb, pb, clusters) - 2 * aucCovariance(a, pa, pb, clusters);
  const standardError = Math.sqrt(Math.max(0, variance));
  return { difference, standardError, low: difference - Z95 * standardError, high: difference + Z95 * standardError };
}

/**
 * The covariance of two AUC estimates over the same observations (their variance when both
 * are the same). Without clusters DeLong's; with clusters Obuchowski's, whose sums run over
 * each cluster's placements; NaN when fewer than two clusters hold a positive, or a negative.
 */
function aucCovariance(observations: readonly Observation[], a: Placements, b: Placements, clusters?: readonly (string | number)[]): number {
  const m = a.positive.length;
  const n = a.negative.length;
  if (!clusters) return covariance(a.positive, b.positive) / m + covariance(a.negative, b.negative) / n;
  const thetaA = mean(a.positive);
  const thetaB = mean(b.positive);
  const sums = new Map<string | number, { a10: number; b10: number; a01: number; b01: number; m: number; n: number }>();
  let positive = 0;
  let negative = 0;
  observations.forEach((observation, i) => {
    let cluster = sums.get(clusters[i]!);
    if (!cluster) {
      cluster = { a10: 0, b10: 0, a01: 0, b01: 0, m: 0, n: 0 };
      sums.set(clusters[i]!, cluster);
    }
    if (observation.positive) {
      cluster.a10 += a.positive[positive]!;
      cluster.b10 += b.positive[positive++]!;
      cluster.m++;
    } else {
      cluster.a01 += a.negative[negative]!;
      cluster.b01 += b.negative[negative++]!;
      cluster.n++;
    }
  });
  // Obuchowski's small-sample factors: I10 / (I10 − 1) over the I10 clusters with a positive,
  // I01 / (I01 − 1) over the I01 with a negative, I / (I − 1) over all I for the cross term.
  const all = [...sums.values()];
  const i = all.length;
  const i10 = all.filter((c) => c.m > 0).length;
  const i01 = all.filter((c) => c.n > 0).length;
  if (i10 < 2 || i01 < 2) return NaN;
  let s10 = 0;
  let s01 = 0;
  let s11 = 0;
  for (const c of all) {
    const da10 = c.a10 - c.m * thetaA;
    const db10 = c.b10 - c.m * thetaB;
    const da01 = c.a01 - c.n * thetaA;
    const db01 = c.b01 - c.n * thetaB;
    s10 += da10 * db10;
    s01 += da01 * db01;
    s11 += da10 * db01 + db10 * da01;
  }
  return (i10 / (i10 - 1)) * s10 / (m * m) + (i01 / (i01 - 1)) * s01 / (n * n) + (i / (i - 1)) * s11 / (m * n);
}

/** Placements in observation order (positives in their order, negatives in theirs). */
function placements(observations: readonly Observation[]): Placements {
  const positives = observations.filter((o) => o.positive).map((o) => o.risk);
  const negatives = observations.filter((o) => !o.positive).map((o) => o.risk);
  // Typed arrays sort numbers natively: a million risks in well under a second.
  const sortedPositives = Float64Array.from(positives).sort();
  const sortedNegatives = Float64Array.from(negatives).sort();
  const share = (sorted: Float64Array, value: number) => {
    const less = below(sorted, value);
    return (less + 0.5 * (below(sorted, value, true) - less)) / sorted.length;
  };
  return {
    positive: positives.map((risk) => share(sortedNegatives, risk)),
    negative: negatives.map((risk) => 1 - share(sortedPositives, risk)),
  };
}

/** How many values of a sorted array are below `value` (or at most `value`, with `orEqual`). */
function below(sorted: Float64Array, value: number, orEqual = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value || (orEqual && sorted[middle] === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The sample covariance (n − 1 in the denominator), as DeLong's estimator uses. */
function covariance(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2) return 0;
  const mx = mean(x);
  const my = mean(y);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - mx) * (y[i]! - my);
  return sum / (x.length - 1);
}

/** Points of the ROC curve (false positive rate, true positive rate), from the riskiest threshold down. */
export function rocCurve(observations: readonly Observation[], maxPoints = 201): { fpr: number; tpr: number }[] {
  const sorted = [...observations].sort((a, b) => b.risk - a.risk);
  const positives = sorted.filter((o) => o.positive).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return [];
  const points: { fpr: number; tpr: number }[] = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.positive) tp++;
    else fp++;
    // One point per distinct threshold: ties move the curve diagonally.
    if (i === sorted.length - 1 || sorted[i + 1]!.risk !== sorted[i]!.risk) points.push({ fpr: fp / negatives, tpr: tp / positives });
  }
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => points[Math.round(i * step)]!);
}
