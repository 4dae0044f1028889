import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, datum, field, humanize, literal, maxOf, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

const BAR_HEIGHT = 36;

/**
 * Lifetime value by group (`ltv by tier`), margin form: ARPA × gross margin × lifetime. A
 * group without churn in the window (or with too little to measure) has its lifetime capped;
 * its bar is drawn lighter with a dashed outline and labelled "capped at N months: no churn",
 * so that nobody reads the cap as a measurement.
 *
 * Rows: `ltvMetric` with a group (<group>, monthly_churn_rate, lifetime_months, capped, arpa,
 * ltv_margin, ltv_purchase, ltv_net, active_accounts, …).
 */
export function ltvSpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly capMonths: number; readonly grossMargin: number }): TopLevelSpec {
  const groupTitle = humanize(context.group);
  const cappedLabel = `capped at ${context.capMonths} months`;
  const measuredLabel = 'from observed churn';
  const floor = Number((100 / context.capMonths).toFixed(2));
  const anyCapped = rows.some((row) => row.capped === true);
  const top = Math.max(maxOf(rows, 'ltv_margin', 1), 1);
  // Whether the label fits inside its bar, estimated from its length, so that a long bar
  // carries its label inside instead of pushing it off the plot.
  const fits = `${datum('ltv_margin')} / ${top} * ${CHART_WIDTH} > length(datum._label) * 6.5 + 16`;
  const y = { field: field(context.group), type: 'nominal', title: groupTitle, sort: { field: 'ltv_margin', op: 'max', order: 'descending' } } as const;
  const tooltip = [
    { field: field(context.group), type: 'nominal', title: groupTitle },
    { field: 'ltv_margin', type: 'quantitative', title: 'LTV (ARPA × margin × lifetime)', format: ',.0f' },
    { field: '_lifetime_note', type: 'nominal', title: 'Lifetime' },
    { field: 'lifetime_months', type: 'quantitative', title: 'Lifetime (months)', format: ',.1f' },
    { field: '_monthly_churn', type: 'quantitative', title: 'Monthly logo churn rate', format: '.2%' },
    { field: 'churned_accounts', type: 'quantitative', title: 'Accounts churned in the window', format: ',d' },
    { field: 'arpa', type: 'quantitative', title: 'ARPA (MRR per active account)', format: ',.0f' },
    { field: 'active_accounts', type: 'quantitative', title: 'Active accounts', format: ',d' },
    { field: 'ltv_purchase', type: 'quantitative', title: 'LTV, purchase form', format: ',.0f' },
    { field: 'ltv_net', type: 'quantitative', title: 'LTV, net form', format: ',.0f' },
  ] as const;
  const label = (inside: boolean) => ({
    transform: [{ filter: inside ? fits : `!(${fits})` }],
    mark: inside
      ? { type: 'text' as const, align: 'right' as const, baseline: 'middle' as const, dx: -6 }
      : { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 5 },
    encoding: {
      text: { field: '_label', type: 'nominal' as const },
      ...(inside ? { color: { condition: { test: 'datum.capped', value: COLORS.ink }, value: 'white' } } : {}),
    },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Lifetime value by ${groupTitle.toLowerCase()}`, [
      `ARPA${context.grossMargin === 1 ? '' : ` × gross margin ${context.grossMargin}`} × lifetime; lifetime = 1 / monthly logo churn rate, last 12 full months`,
      scopeLine(context),
      anyCapped && `Light, dashed bars: lifetime ${cappedLabel} (no churn, or under ${floor} % a month)`,
    ]),
    width: CHART_WIDTH,
    height: Math.max(rows.length, 1) * BAR_HEIGHT,
    data: { values: rows as Row[] },
    transform: [
      { calculate: `datum.capped ? ${literal(cappedLabel)} : ${literal(measuredLabel)}`, as: '_lifetime' },
      {
        calculate: `datum.capped ? ${literal(`${cappedLabel}: `)} + (datum.churned_accounts === 0 ? 'no churn' : ${literal(`churn under ${floor} % a month`)}) : ${literal(measuredLabel)}`,
        as: '_lifetime_note',
      },
      { calculate: 'isValid(datum.monthly_churn_rate) ? datum.monthly_churn_rate / 100 : null', as: '_monthly_churn' },
      {
        calculate: `(isValid(${datum('ltv_margin')}) ? format(${datum('ltv_margin')}, ',.0f') : 'no data') + (datum.capped ? '  (' + datum._lifetime_note + ')' : '')`,
        as: '_label',
      },
    ],
    encoding: {
      y,
      x: { field: 'ltv_margin', type: 'quantitative', title: 'Lifetime value (same currency as MRR)', axis: { format: ',.0f' } },
      tooltip: [...tooltip],
    },
    layer: [
      {
        mark: { type: 'bar', stroke: COLORS.blue, strokeWidth: 1.5, height: { band: 0.7 } },
        encoding: {
          color: {
            field: '_lifetime', type: 'nominal', title: 'Lifetime',
            scale: { domain: [measuredLabel, cappedLabel], range: [COLORS.blue, COLORS.lightBlue] },
            legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 320 },
          },
          strokeDash: { field: '_lifetime', type: 'nominal', scale: { domain: [measuredLabel, cappedLabel], range: [[1, 0], [5, 3]] } },
        },
      },
      label(false),
      label(true),
    ],
    config: PRINT_CONFIG,
  };
}
