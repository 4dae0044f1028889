import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, field, humanize, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

const BAR_HEIGHT = 36;
/** Whether the label fits inside its bar, estimated from its length; a long bar carries it inside, so it never runs off the plot. */
const FITS = `datum._share * ${CHART_WIDTH} > length(datum._label) * 6.5 + 16`;

/**
 * CSAT by group (`csat by touchpoint`): a horizontal bar per group, best first, labelled with
 * the percentage and the number of responses; a group without responses says so.
 *
 * Rows: `csatMetric` with a group and no period (<group>, responses, satisfied, csat).
 */
export function csatSpec(rows: readonly Row[], context: ChartContext & { readonly group: string }): TopLevelSpec {
  const groupTitle = humanize(context.group);
  const y = { field: field(context.group), type: 'nominal', title: groupTitle, sort: { field: 'csat', op: 'max', order: 'descending' } } as const;
  const tooltip = [
    { field: field(context.group), type: 'nominal', title: groupTitle },
    { field: '_share', type: 'quantitative', title: 'CSAT (4 or 5 of 5)', format: '.1%' },
    { field: 'satisfied', type: 'quantitative', title: 'Satisfied (4–5)', format: ',d' },
    { field: 'responses', type: 'quantitative', title: 'Responses', format: ',d' },
  ] as const;
  const label = (inside: boolean) => ({
    transform: [{ filter: inside ? FITS : `!(${FITS})` }],
    mark: inside
      ? { type: 'text' as const, align: 'right' as const, baseline: 'middle' as const, dx: -6, color: 'white' }
      : { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 5 },
    encoding: { x: { field: '_position', type: 'quantitative' as const }, text: { field: '_label', type: 'nominal' as const } },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`CSAT by ${groupTitle.toLowerCase()}`, ['Share of responses scoring 4 or 5 on the 1–5 scale', scopeLine(context)]),
    width: CHART_WIDTH,
    height: Math.max(rows.length, 1) * BAR_HEIGHT,
    data: { values: rows as Row[] },
    transform: [
      { calculate: 'isValid(datum.csat) ? datum.csat / 100 : null', as: '_share' },
      { calculate: 'isValid(datum._share) ? datum._share : 0', as: '_position' },
      {
        calculate: `isValid(datum._share) ? format(datum._share, '.0%') + ' (' + format(datum.responses, ',d') + (datum.responses === 1 ? ' response)' : ' responses)') : 'no responses'`,
        as: '_label',
      },
    ],
    encoding: { y, tooltip: [...tooltip] },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.blue, height: { band: 0.7 } },
        encoding: { x: { field: '_share', type: 'quantitative', title: 'CSAT', scale: { domain: [0, 1] }, axis: { format: '.0%' } } },
      },
      label(false),
      label(true),
    ],
    config: PRINT_CONFIG,
  };
}
