import type { TopLevelSpec } from 'vega-lite';
import type { PeriodUnit } from '../../metrics/options.ts';
import {
  CHART_WIDTH, chartTitle, field, humanize, PERIOD_AXES, PRINT_CONFIG, scopeLine, shareOf, VEGA_LITE_SCHEMA, type ChartContext, type Row,
} from './common.ts';
import { namedGradeScale } from './health-distribution.ts';

/**
 * Logo churn rate by group over time (`churn_rate by <column> monthly`): one line per group,
 * a point per period. A period still running on the evaluation date is drawn faded, as its
 * rate covers only part of it.
 *
 * Rows: `retentionMetric` with a period and a group (period_start, period_end, partial,
 * <group>, active_at_start, churned_accounts, logo_churn_rate, …).
 */
export function churnRateSpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly period: PeriodUnit }): TopLevelSpec {
  const period = PERIOD_AXES[context.period];
  const groupTitle = humanize(context.group);
  const anyPartial = rows.some((row) => row.partial === true);
  const x = { field: 'period_start', type: 'temporal', timeUnit: period.timeUnit, title: period.name, axis: { format: period.format } } as const;
  const grades = namedGradeScale(rows.map((row) => row[context.group]));
  const color = { field: field(context.group), type: 'nominal', title: groupTitle, ...(grades ?? {}) } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Logo churn rate by ${groupTitle.toLowerCase()}, ${period.adjective}`, [
      'Accounts active at the start of each period that churned during it',
      scopeLine(context),
      anyPartial && `Faded point: the last ${period.name.toLowerCase()} is incomplete, it runs only to ${context.asof}`,
    ]),
    width: CHART_WIDTH,
    height: 300,
    data: { values: rows as Row[] },
    transform: [shareOf('logo_churn_rate', '_churn_rate')],
    encoding: {
      x,
      y: { field: '_churn_rate', type: 'quantitative', title: 'Logo churn rate', axis: { format: '.0%' } },
      color,
    },
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { tooltip: [{ ...color }] },
      },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          opacity: { condition: { test: 'datum.partial', value: 0.35 }, value: 1 },
          tooltip: [
            { ...color },
            { field: 'period_start', type: 'temporal', timeUnit: period.timeUnit, title: period.name, format: period.format },
            { field: '_churn_rate', type: 'quantitative', title: 'Logo churn rate', format: '.1%' },
            { field: 'churned_accounts', type: 'quantitative', title: 'Accounts churned', format: ',d' },
            { field: 'active_at_start', type: 'quantitative', title: 'Active at period start', format: ',d' },
            { field: 'period_end', type: 'nominal', title: 'Period ends' },
          ],
        },
      },
    ],
    config: PRINT_CONFIG,
  };
}
