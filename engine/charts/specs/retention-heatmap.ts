import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, distinct, maxOf, PRINT_CONFIG, scopeLine, shareOf, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

/** Cells get their percentage written in them while they are at least this big. */
const MAX_LABELLED_CELLS = 24;
const CELL_HEIGHT = 24;
/** Tall enough for the y-axis title and the colour legend beside it. */
const MIN_HEIGHT = 170;

/**
 * The cohort retention heatmap (`retention by signup_month [logo|revenue]`): one row per
 * signup-month cohort, one column per month since signup, coloured by the share of the
 * cohort's accounts (or month-0 MRR) still there at the end of that month. Logo retention
 * uses a single-hue sequential scheme, which reads for colour-blind readers and in greyscale
 * print; revenue retention, which passes 100 % when a cohort expands, a blue–orange diverging
 * scheme centred on 100 %: orange for revenue lost, blue for revenue gained.
 *
 * Rows: `cohortMetric` (cohort, month, month_end, cohort_size, retained, logo_retention,
 * mrr, revenue_retention).
 */
export function retentionHeatmapSpec(rows: readonly Row[], context: ChartContext & { readonly basis: 'logo' | 'revenue' }): TopLevelSpec {
  const revenue = context.basis === 'revenue';
  const column = revenue ? 'revenue_retention' : 'logo_retention';
  const cohorts = distinct(rows, 'cohort').length;
  const months = maxOf(rows, 'month', -1) + 1;
  const labelled = cohorts <= MAX_LABELLED_CELLS && months <= MAX_LABELLED_CELLS;
  const top = revenue ? Math.max(1.05, maxOf(rows, column, 100) / 100) : 1;
  // White text on the dark end(s) of the scale.
  const darkCell = revenue ? `datum._retention < 0.3 || datum._retention > ${Number((1 + 0.6 * (top - 1)).toFixed(3))}` : 'datum._retention > 0.55';
  const measure = revenue ? 'Revenue retention' : 'Logo retention';
  const tooltip = [
    { field: 'cohort', type: 'temporal', timeUnit: 'utcyearmonth', title: 'Cohort (signup month)' },
    { field: 'month', type: 'quantitative', title: 'Months since signup' },
    { field: 'cohort_size', type: 'quantitative', title: 'Accounts in cohort', format: ',d' },
    { field: 'retained', type: 'quantitative', title: 'Still active', format: ',d' },
    ...(revenue ? [{ field: 'mrr', type: 'quantitative' as const, title: 'Cohort MRR at month end', format: ',.0f' }] : []),
    { field: '_retention', type: 'quantitative', title: measure, format: '.1%' },
  ] as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(revenue ? 'Cohort revenue retention' : 'Cohort retention', [
      revenue
        ? 'MRR of each signup-month cohort at the end of each month since signup, as a share of its MRR at the end of month 0'
        : 'Share of each signup-month cohort still active at the end of each month since signup (month 0 = the signup month)',
      scopeLine(context),
    ]),
    width: CHART_WIDTH,
    height: Math.max(MIN_HEIGHT, Math.min(cohorts * CELL_HEIGHT, 640)),
    data: { values: rows as Row[] },
    transform: [shareOf(column, '_retention')],
    encoding: {
      x: { field: 'month', type: 'ordinal', title: 'Months since signup', axis: { labelAngle: 0 } },
      y: { field: 'cohort', type: 'ordinal', timeUnit: 'utcyearmonth', title: 'Signup month (cohort)', axis: { format: '%b %Y' } },
      tooltip: [...tooltip],
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: '_retention', type: 'quantitative', title: measure,
            scale: revenue ? { scheme: 'blueorange', reverse: true, domain: [0, top], domainMid: 1 } : { scheme: 'blues', domain: [0, 1] },
            legend: { format: '.0%', gradientLength: 140 },
          },
        },
      },
      ...(labelled ? [{
        mark: { type: 'text' as const, fontSize: 10 },
        encoding: {
          text: { field: '_retention', type: 'quantitative' as const, format: '.0%' },
          color: { condition: { test: darkCell, value: 'white' }, value: '#1A1A1A' },
        },
      }] : []),
    ],
    config: PRINT_CONFIG,
  };
}
