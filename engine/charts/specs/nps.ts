import type { TopLevelSpec } from 'vega-lite';
import type { PeriodUnit } from '../../metrics/options.ts';
import {
  CHART_WIDTH, chartTitle, COLORS, distinct, field, foldParts, humanize, panelPerGroup, PERIOD_AXES, PRINT_CONFIG, scopeLine, shareOf, VEGA_LITE_SCHEMA,
  type ChartContext, type Row,
} from './common.ts';

const PANEL_HEIGHT = 150;
/** Past this many periods a panel has no room to write the NPS at every point; tooltips still give it. */
const MAX_LABELLED_PERIODS = 12;

/** The answer categories, top of the stack first, with their colours. */
const CATEGORIES = [
  { column: 'promoters_pct', share: '_promoters', label: 'Promoters (9–10)', color: COLORS.bluishGreen },
  { column: 'passives_pct', share: '_passives', label: 'Passives (7–8)', color: COLORS.grey },
  { column: 'detractors_pct', share: '_detractors', label: 'Detractors (0–6)', color: COLORS.vermillion },
] as const;

/**
 * NPS by group per period (`nps by tier quarterly`): one panel per group; in each, a bar per
 * period stacked from the shares of promoters, passives and detractors (left axis), and the
 * NPS as a black line with labelled points on its own −100…+100 axis (right). A period
 * without answers says so instead of showing an empty gap.
 *
 * Rows: `npsMetric` with a period and a group (period_start, period_end, partial, <group>,
 * responses, promoters_pct, passives_pct, detractors_pct, nps).
 */
export function npsSpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly period: PeriodUnit }): TopLevelSpec {
  const period = PERIOD_AXES[context.period];
  const labelled = distinct(rows, 'period_start').length <= MAX_LABELLED_PERIODS;
  const groupTitle = humanize(context.group);
  const x = { field: 'period_start', type: 'ordinal', timeUnit: period.timeUnit, title: period.name, axis: { format: period.format, labelAngle: 0 } } as const;
  const when = { field: 'period_start', type: 'temporal', timeUnit: period.timeUnit, title: period.name, format: period.format } as const;
  const periodEnd = { field: 'period_end', type: 'nominal', title: 'Period ends' } as const;
  const group = { field: field(context.group), type: 'nominal', title: groupTitle } as const;
  const npsAxis = {
    field: 'nps', type: 'quantitative' as const, title: 'NPS', scale: { domain: [-100, 100] }, axis: { orient: 'right' as const, values: [-100, -50, 0, 50, 100], grid: false },
  };
  const npsTooltip = [
    group, when, periodEnd,
    { field: 'nps', type: 'quantitative', title: 'NPS', format: '+.0f' },
    { field: 'responses', type: 'quantitative', title: 'Responses', format: ',d' },
    ...CATEGORIES.map((category) => ({ field: category.share, type: 'quantitative' as const, title: category.label, format: '.0%' })),
  ] as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`NPS by ${groupTitle.toLowerCase()}, ${period.adjective}`, [
      'Bars: share of responses by category (left axis). Line: NPS = % promoters − % detractors (right axis)',
      scopeLine(context),
      rows.some((row) => row.partial === true) && `The last ${period.name.toLowerCase()} is incomplete: it runs only to ${context.asof}`,
    ]),
    data: { values: rows as Row[] },
    transform: CATEGORIES.map((category) => shareOf(category.column, category.share)),
    ...panelPerGroup(group),
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        {
          transform: foldParts(CATEGORIES.map((c) => ({ column: c.share, label: c.label })), { key: '_category_key', value: '_share', order: '_category_order', label: '_category' }),
          mark: { type: 'bar', width: { band: 0.75 } },
          encoding: {
            x,
            y: { field: '_share', type: 'quantitative', stack: 'zero', title: 'Share of responses', scale: { domain: [0, 1] }, axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1] } },
            color: {
              field: '_category', type: 'nominal', title: 'Responses',
              scale: { domain: CATEGORIES.map((c) => c.label), range: CATEGORIES.map((c) => c.color) },
              legend: { orient: 'top', direction: 'horizontal' },
            },
            order: { field: '_category_order', type: 'quantitative', sort: 'descending' },
            tooltip: [
              group, when, periodEnd,
              { field: '_category', type: 'nominal', title: 'Category' },
              { field: '_share', type: 'quantitative', title: 'Share of responses', format: '.1%' },
              { field: 'responses', type: 'quantitative', title: 'Responses', format: ',d' },
              { field: 'nps', type: 'quantitative', title: 'NPS', format: '+.0f' },
            ],
          },
        },
        {
          encoding: { x, y: npsAxis },
          layer: [
            { mark: { type: 'line', color: COLORS.ink, strokeWidth: 2 }, encoding: { tooltip: [group] } },
            { mark: { type: 'point', filled: true, color: COLORS.ink, size: 45 }, encoding: { tooltip: [...npsTooltip] } },
            ...(labelled ? [{
              mark: { type: 'text' as const, dy: -11, fontWeight: 'bold' as const, color: COLORS.ink },
              encoding: { text: { field: 'nps', type: 'quantitative' as const, format: '+.0f' }, tooltip: [...npsTooltip] },
            }] : []),
          ],
        },
        {
          transform: [{ filter: 'datum.responses === 0' }],
          mark: { type: 'text', color: COLORS.muted, angle: 270, fontStyle: 'italic' },
          encoding: { x, y: { value: PANEL_HEIGHT / 2 }, text: { value: 'no responses' }, tooltip: [group, when, { field: 'responses', type: 'quantitative', title: 'Responses' }] },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    },
    // Vega-Lite cannot share a layer's independent scales across facet panels; both y domains are fixed anyway.
    resolve: { scale: { y: 'independent' } },
    config: PRINT_CONFIG,
  };
}
