import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, count, field, humanize, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';
import { namedGradeScale } from './health-distribution.ts';

const BAR_HEIGHT = 30;

/**
 * Churn reasons (`churn_reasons [by <column>]`): a horizontal bar per reason, sorted by how
 * many accounts left for it, labelled with its share of the churned accounts. Grouped, each
 * reason gets a bar per group (shares within the group).
 *
 * Rows: `churnReasonsMetric` without a period (period_start, period_end, partial, [<group>],
 * reason, accounts, share).
 */
export function churnReasonsSpec(rows: readonly Row[], context: ChartContext & { readonly group: string | null }): TopLevelSpec {
  const reasons = new Set(rows.map((row) => row.reason)).size;
  const groups = context.group ? new Set(rows.map((row) => row[context.group!])).size : 1;
  const churned = rows.reduce((sum, row) => sum + (typeof row.accounts === 'number' ? row.accounts : 0), 0);
  const grades = context.group ? namedGradeScale(rows.map((row) => row[context.group!])) : undefined;
  const group = context.group ? { field: field(context.group), type: 'nominal', title: humanize(context.group), ...(grades ?? {}) } as const : null;
  const tooltip = [
    ...(group ? [group] : []),
    { field: '_reason_label', type: 'nominal', title: 'Reason' },
    { field: '_share_of_churned', type: 'quantitative', title: group ? `Share of the ${group.title.toLowerCase()}'s churned accounts` : 'Share of churned accounts', format: '.1%' },
    { field: 'accounts', type: 'quantitative', title: 'Accounts', format: ',d' },
  ] as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(group ? `Churn reasons by ${group.title.toLowerCase()}` : 'Churn reasons', [
      `${count(churned, 'churned account')}, by the reason their last subscription ended`,
      scopeLine(context),
    ]),
    width: CHART_WIDTH,
    height: Math.max(2, reasons) * BAR_HEIGHT * (group ? Math.min(groups, 4) * 0.6 + 0.4 : 1),
    data: { values: rows as Row[] },
    transform: [
      { calculate: 'isValid(datum.share) ? datum.share / 100 : null', as: '_share_of_churned' },
      { calculate: "isValid(datum.reason) ? replace(datum.reason, /_/g, ' ') : 'no reason given'", as: '_reason_label' },
    ],
    encoding: {
      y: { field: '_reason_label', type: 'nominal', title: 'Reason', sort: { field: 'accounts', op: 'sum', order: 'descending' } },
      x: { field: '_share_of_churned', type: 'quantitative', title: 'Share of churned accounts', axis: { format: '.0%', tickCount: 6 } },
      ...(group ? { yOffset: { ...group, title: null } } : {}),
      tooltip: [...tooltip],
    },
    layer: [
      group
        ? { mark: { type: 'bar', height: { band: 0.9 } }, encoding: { color: { ...group, legend: { orient: 'top', direction: 'horizontal' } } } }
        : { mark: { type: 'bar', height: { band: 0.7 }, color: COLORS.blue } },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: group ? 10 : 11 },
        encoding: { text: { field: '_share_of_churned', type: 'quantitative', format: '.0%' } },
      },
    ],
    config: PRINT_CONFIG,
  };
}
