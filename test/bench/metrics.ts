import * as metrics from '../../engine/metrics/index.ts';
import { benchSession, median, time } from './bench-data.ts';
import { markdownTable } from './machine.ts';

const ASOF = '2025-06-30';

/** Each metric as a chart would ask for it. */
const cases: readonly { label: string; run: (session: Awaited<ReturnType<typeof benchSession>>) => Promise<unknown> }[] = [
  { label: 'NPS by tier, quarterly', run: (s) => metrics.runMetric(s, metrics.npsMetric, { asof: ASOF, groupBy: 'tier', period: 'quarter' }, {}) },
  { label: 'CSAT by touchpoint', run: (s) => metrics.runMetric(s, metrics.csatMetric, { asof: ASOF, groupBy: 'touchpoint' }, {}) },
  { label: 'retention (churn, GRR, NRR, upsell) by tier, monthly', run: (s) => metrics.runMetric(s, metrics.retentionMetric, { asof: ASOF, groupBy: 'tier', period: 'month' }, {}) },
  { label: 'churn reasons', run: (s) => metrics.runMetric(s, metrics.churnReasonsMetric, { asof: ASOF }, {}) },
  { label: 'lifetime and LTV by tier', run: (s) => metrics.runMetric(s, metrics.ltvMetric, { asof: ASOF, groupBy: 'tier' }, metrics.defaultLtvParameters) },
  { label: 'cohort retention (logo and revenue)', run: (s) => metrics.runMetric(s, metrics.cohortMetric, { asof: ASOF }, {}) },
  { label: 'resolution and first response by complexity', run: (s) => metrics.runMetric(s, metrics.resolutionTimeMetric, { asof: ASOF, groupBy: 'complexity' }, {}) },
  { label: 'referrals, yearly', run: (s) => metrics.runMetric(s, metrics.referralsMetric, { asof: ASOF, period: 'year' }, {}) },
  { label: 'NPS answer × tier', run: (s) => metrics.runMetric(s, metrics.surveyCrosstabMetric, { asof: ASOF, groupBy: 'tier' }, { survey: 'nps' }) },
];

/** Each metric's query time (median of 3 after one warm-up run) at each size. */
export async function benchMetrics(sizes: readonly number[]): Promise<string> {
  const columns: Record<number, number[]> = {};
  for (const accounts of sizes) {
    const session = await benchSession(accounts);
    try {
      columns[accounts] = [];
      for (const metric of cases) {
        await metric.run(session);
        columns[accounts]!.push(median(await time(3, () => metric.run(session))));
      }
    } finally {
      session.close();
    }
  }
  const rows = cases.map((metric, index) => [metric.label, ...sizes.map((size) => `${columns[size]![index]!.toFixed(0)} ms`)]);
  return `### Metrics (query time, median of 3)\n\n${markdownTable(['metric', ...sizes.map((size) => `${size.toLocaleString('en-US')} accounts`)], rows)}`;
}
