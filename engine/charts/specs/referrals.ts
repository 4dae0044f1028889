import type { TopLevelSpec } from 'vega-lite';
import type { PeriodUnit } from '../../metrics/options.ts';
import {
  CHART_WIDTH, chartTitle, COLORS, distinct, field, foldParts, humanize, maxOf, panelPerGroup, PERIOD_AXES, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA,
  type ChartContext, type Row,
} from './common.ts';

const PANEL_HEIGHT = 150;
/** Past this many periods a panel has no room to write the figure at every point; tooltips still give it. */
const MAX_LABELLED_PERIODS = 12;

/** The two parts of a bar, bottom first, with their colours. */
const PARTS = [
  { column: 'referrals_converted', label: 'Converted', color: COLORS.blue },
  { column: '_not_converted', label: 'Not converted (yet)', color: COLORS.lightBlue },
] as const;

/**
 * Referrals by group per period (`referrals by tier quarterly`): one panel per group; in each,
 * a bar per period of the referrals made, its converted part dark (left axis), and referrals
 * per promoter as a black line with points on its own axis (right). A period whose group had
 * no promoter has no point and says so; a period still running on the evaluation date is
 * drawn faded.
 *
 * Rows: `referralsMetric` with a period and a group (period_start, period_end, partial,
 * <group>, referrals_made, referrals_converted, promoters, referrals_per_promoter).
 */
export function referralsSpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly period: PeriodUnit }): TopLevelSpec {
  const period = PERIOD_AXES[context.period];
  const labelled = distinct(rows, 'period_start').length <= MAX_LABELLED_PERIODS;
  const groupTitle = humanize(context.group);
  const anyPartial = rows.some((row) => row.partial === true);
  const x = { field: 'period_start', type: 'ordinal', timeUnit: period.timeUnit, title: period.name, axis: { format: period.format, labelAngle: 0 } } as const;
  const group = { field: field(context.group), type: 'nominal', title: groupTitle } as const;
  const figures = [
    group,
    { field: 'period_start', type: 'temporal', timeUnit: period.timeUnit, title: period.name, format: period.format },
    { field: 'period_end', type: 'nominal', title: 'Period ends' },
    { field: 'referrals_made', type: 'quantitative', title: 'Referrals made', format: ',d' },
    { field: 'referrals_converted', type: 'quantitative', title: 'Converted', format: ',d' },
    { field: 'promoters', type: 'quantitative', title: 'Promoters (an NPS answer of 9–10 in the period)', format: ',d' },
    { field: '_per_promoter', type: 'nominal', title: 'Referrals per promoter' },
  ] as const;
  // Both axes end at the largest figure of any panel, so that the groups compare at a glance.
  const madeTop = Math.max(maxOf(rows, 'referrals_made', 1), 1);
  const perPromoterTop = Math.max(maxOf(rows, 'referrals_per_promoter', 1), 1);
  const faded = { condition: { test: 'datum.partial', value: 0.4 }, value: 1 };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Referrals by ${groupTitle.toLowerCase()}, ${period.adjective}`, [
      'Bars: referrals made by the group\'s accounts, the converted ones dark (left axis). Line: referrals per promoter (right axis)',
      scopeLine(context),
      anyPartial && `Faded: the last ${period.name.toLowerCase()} is incomplete, it runs only to ${context.asof}`,
    ]),
    data: { values: rows as Row[] },
    transform: [
      { calculate: 'datum.referrals_made - datum.referrals_converted', as: '_not_converted' },
      { calculate: "isValid(datum.referrals_per_promoter) ? format(datum.referrals_per_promoter, '.2f') : 'no promoters'", as: '_per_promoter' },
    ],
    ...panelPerGroup(group),
    spec: {
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        {
          transform: foldParts(PARTS, { key: '_part_key', value: '_count', order: '_part_order', label: '_part' }),
          mark: { type: 'bar', width: { band: 0.75 } },
          encoding: {
            x,
            y: { field: '_count', type: 'quantitative', stack: 'zero', title: 'Referrals made', scale: { domain: [0, madeTop], nice: true }, axis: { format: ',d', tickMinStep: 1 } },
            color: {
              field: '_part', type: 'nominal', title: 'Referrals',
              scale: { domain: PARTS.map((p) => p.label), range: PARTS.map((p) => p.color) },
              legend: { orient: 'top', direction: 'horizontal' },
            },
            order: { field: '_part_order', type: 'quantitative' },
            opacity: faded,
            tooltip: [...figures],
          },
        },
        {
          encoding: {
            x,
            y: {
              field: 'referrals_per_promoter', type: 'quantitative', title: 'Referrals per promoter',
              scale: { domain: [0, perPromoterTop] }, axis: { orient: 'right', grid: false, format: '.1f' },
            },
          },
          layer: [
            { mark: { type: 'line', color: COLORS.ink, strokeWidth: 2 }, encoding: { tooltip: [group] } },
            { mark: { type: 'point', filled: true, color: COLORS.ink, size: 45 }, encoding: { opacity: faded, tooltip: [...figures] } },
            ...(labelled ? [{
              mark: { type: 'text' as const, dy: -11, fontWeight: 'bold' as const, color: COLORS.ink },
              encoding: { text: { field: 'referrals_per_promoter', type: 'quantitative' as const, format: '.1f' }, tooltip: [...figures] },
            }] : []),
          ],
        },
        {
          transform: [{ filter: '!isValid(datum.referrals_per_promoter)' }],
          mark: { type: 'text', color: COLORS.muted, angle: 270, fontStyle: 'italic', align: 'left' },
          encoding: { x, y: { value: PANEL_HEIGHT - 4 }, text: { value: 'no promoters' }, tooltip: [...figures] },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    },
    // Vega-Lite cannot share a layer's independent scales across facet panels; both y domains are fixed anyway.
    resolve: { scale: { y: 'independent' } },
    config: PRINT_CONFIG,
  };
}
