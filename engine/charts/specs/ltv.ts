import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, datum, field, humanize, literal, maxOf, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

const BAR_HEIGHT = 36;
const X_TITLE = 'Lifetime value (same currency as MRR)';

/**
 * Lifetime value by group (`ltv by tier [cap N months | cap none]`), margin form: ARPA × gross
 * margin × lifetime. The subtitle always states the lifetime cap. A group whose lifetime was
 * capped (no churn, or churn under 100 / cap % a month) has its bar drawn lighter with a dashed
 * outline and labelled "capped at N months: …", so that nobody reads the cap as a measurement;
 * its tooltip gives the LTV and lifetime without the cap. Without a cap, a group with no churn
 * has no bar and says why.
 *
 * Rows: `ltvMetric` with a group (<group>, monthly_churn_rate, lifetime_months, capped,
 * uncapped_lifetime_months, arpa, ltv_margin, uncapped_ltv_margin, ltv_purchase, ltv_net, active_accounts, …).
 */
export function ltvSpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly capMonths: number | null; readonly grossMargin: number }): TopLevelSpec {
  const groupTitle = humanize(context.group);
  const cap = context.capMonths;
  const cappedLabel = `capped at ${cap} months`;
  const measuredLabel = 'from observed churn';
  const floor = cap === null ? null : Number((100 / cap).toFixed(2));
  const anyCapped = rows.some((row) => row.capped === true);
  const unbounded = rows.some((row) => row.lifetime_months === null && row.churned_accounts === 0 && Number(row.account_months) > 0);
  /** A Vega expression: `then` for a capped row, else `otherwise` (always `otherwise` without a cap). */
  const ifCapped = (then: string, otherwise: string) => (cap === null ? otherwise : `datum.capped ? ${then} : ${otherwise}`);
  // A group with accounts but no churn, and so no lifetime without a cap.
  const noChurn = '!isValid(datum.lifetime_months) && datum.churned_accounts === 0 && datum.account_months > 0';
  const withoutCap = cap === null ? [] : [{
    calculate: ifCapped(`isValid(datum.uncapped_ltv_margin) ? format(datum.uncapped_ltv_margin, ',.0f') + ' (lifetime ' + format(datum.uncapped_lifetime_months, ',.1f') + ' months)' : 'unbounded: no churn in the window'`,
      "'the same: not capped'"),
    as: '_without_cap',
  }];
  const top = Math.max(maxOf(rows, 'ltv_margin', 1), 1);
  // Whether the label fits inside its bar, estimated from its length, so that a long bar
  // carries its label inside instead of pushing it off the plot.
  const fits = `datum._label_x / ${top} * ${CHART_WIDTH} > length(datum._label) * 6.5 + 16`;
  const y = { field: field(context.group), type: 'nominal', title: groupTitle, sort: { field: 'ltv_margin', op: 'max', order: 'descending' } } as const;
  const tooltip = [
    { field: field(context.group), type: 'nominal', title: groupTitle },
    { field: 'ltv_margin', type: 'quantitative', title: 'LTV (ARPA × margin × lifetime)', format: ',.0f' },
    { field: '_lifetime_note', type: 'nominal', title: 'Lifetime' },
    { field: 'lifetime_months', type: 'quantitative', title: 'Lifetime (months)', format: ',.1f' },
    ...(withoutCap.length === 0 ? [] : [{ field: '_without_cap', type: 'nominal', title: 'Without the cap' } as const]),
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
      // A group without an LTV has its label at 0, where its bar would start.
      x: { field: '_label_x', type: 'quantitative' as const, title: X_TITLE },
      text: { field: '_label', type: 'nominal' as const },
      ...(inside ? { color: { condition: { test: 'datum.capped', value: COLORS.ink }, value: 'white' } } : {}),
    },
  });
  const domain = anyCapped ? [measuredLabel, cappedLabel] : [measuredLabel];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Lifetime value by ${groupTitle.toLowerCase()}`, [
      `ARPA${context.grossMargin === 1 ? '' : ` × gross margin ${context.grossMargin}`} × lifetime; lifetime = 1 / monthly logo churn rate, last 12 full months, ${
        cap === null ? 'not capped' : cappedLabel}`,
      scopeLine(context),
      anyCapped && `Light, dashed bars: lifetime ${cappedLabel} (no churn, or under ${floor} % a month); the tooltip gives the LTV without the cap`,
      unbounded && 'No bar: no churn in the window, so no lifetime without a cap',
    ]),
    width: CHART_WIDTH,
    height: Math.max(rows.length, 1) * BAR_HEIGHT,
    data: { values: rows as Row[] },
    transform: [
      { calculate: ifCapped(literal(cappedLabel), literal(measuredLabel)), as: '_lifetime' },
      {
        calculate: ifCapped(`${literal(`${cappedLabel}: `)} + (datum.churned_accounts === 0 ? 'no churn' : ${literal(`churn under ${floor} % a month`)})`,
          `${noChurn} ? 'unbounded: no churn in the window' : ${literal(measuredLabel)}`),
        as: '_lifetime_note',
      },
      ...withoutCap,
      { calculate: 'isValid(datum.monthly_churn_rate) ? datum.monthly_churn_rate / 100 : null', as: '_monthly_churn' },
      {
        calculate: `(isValid(${datum('ltv_margin')}) ? format(${datum('ltv_margin')}, ',.0f') : ${noChurn} ? 'no churn: no lifetime without a cap' : 'no data') + (${
          ifCapped("'  (' + datum._lifetime_note + ')'", "''")})`,
        as: '_label',
      },
      { calculate: `isValid(${datum('ltv_margin')}) ? ${datum('ltv_margin')} : 0`, as: '_label_x' },
    ],
    encoding: {
      y,
      x: { field: 'ltv_margin', type: 'quantitative', title: X_TITLE, axis: { format: ',.0f' } },
      tooltip: [...tooltip],
    },
    layer: [
      {
        mark: { type: 'bar', stroke: COLORS.blue, strokeWidth: 1.5, height: { band: 0.7 } },
        encoding: {
          color: {
            field: '_lifetime', type: 'nominal', title: 'Lifetime',
            scale: { domain, range: [COLORS.blue, COLORS.lightBlue].slice(0, domain.length) },
            legend: { orient: 'bottom', direction: 'horizontal', labelLimit: 320 },
          },
          strokeDash: { field: '_lifetime', type: 'nominal', scale: { domain, range: [[1, 0], [5, 3]].slice(0, domain.length) } },
        },
      },
      label(false),
      label(true),
    ],
    config: PRINT_CONFIG,
  };
}
