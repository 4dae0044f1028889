import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, field, humanize, maxOf, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

const GROUP_HEIGHT = 60;
const STATISTICS = [
  { column: 'resolution_median_hours', label: 'Median', color: COLORS.skyBlue },
  { column: 'resolution_p90_hours', label: '90th percentile', color: COLORS.blue },
] as const;
const MEAN = 'Mean';

/**
 * Resolution time by group (`resolution_time by complexity`): for each group a bar for the
 * median and one for the 90th percentile, in hours, and the mean as a black tick across
 * both — on a skewed sample the median is the typical ticket and the mean the workload.
 *
 * Rows: `resolutionTimeMetric` with a group and no period (<group>, opened,
 * resolution_count, resolution_mean_hours, resolution_median_hours, resolution_p90_hours,
 * first_response_*).
 */
export function resolutionTimeSpec(rows: readonly Row[], context: ChartContext & { readonly group: string }): TopLevelSpec {
  const groupTitle = humanize(context.group);
  const y = { field: field(context.group), type: 'nominal', title: groupTitle } as const;
  const legend = { domain: [...STATISTICS.map((s) => s.label), MEAN], range: [...STATISTICS.map((s) => s.color), COLORS.ink] };
  const hours = (column: string, title: string) => ({ field: column, type: 'quantitative', title, format: ',.1f' }) as const;
  const tooltip = [
    y,
    hours('resolution_median_hours', 'Median hours to resolve'),
    hours('resolution_p90_hours', '90th percentile (hours)'),
    hours('resolution_mean_hours', 'Mean hours to resolve'),
    { field: 'resolution_count', type: 'quantitative', title: 'Tickets resolved', format: ',d' },
    { field: 'opened', type: 'quantitative', title: 'Tickets opened', format: ',d' },
    hours('first_response_median_hours', 'Median hours to first response'),
  ] as const;
  const fold = [
    { fold: STATISTICS.map((s) => s.column), as: ['_statistic_key', '_hours'] as [string, string] },
    { calculate: STATISTICS.map((s) => `datum._statistic_key === '${s.column}' ? '${s.label}' : `).join('') + "''", as: '_statistic' },
  ];
  // About 40 px of a label, in hours, from the largest value the axis must reach.
  const axisMax = Math.max(maxOf(rows, 'resolution_p90_hours', 1), maxOf(rows, 'resolution_mean_hours', 1));
  const labelSpan = Number(((40 / CHART_WIDTH) * axisMax).toPrecision(3));
  const hoursX = { field: '_hours', type: 'quantitative', title: 'Hours to resolve', axis: { format: ',d' } } as const;
  const yOffset = { field: '_statistic', type: 'nominal', sort: STATISTICS.map((s) => s.label) } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Resolution time by ${groupTitle.toLowerCase()}`, [
      'Hours from opening to resolution of the tickets resolved so far: median and 90th percentile (bars), mean (tick)',
      scopeLine(context),
    ]),
    width: CHART_WIDTH,
    height: Math.max(rows.length, 1) * GROUP_HEIGHT,
    data: { values: rows as Row[] },
    encoding: { y, tooltip: [...tooltip] },
    layer: [
      {
        transform: fold,
        mark: { type: 'bar', height: { band: 0.9 } },
        encoding: {
          x: hoursX, yOffset,
          color: { field: '_statistic', type: 'nominal', title: null, scale: legend, legend: { orient: 'top', direction: 'horizontal', symbolType: 'square' } },
        },
      },
      {
        mark: { type: 'tick', thickness: 3, size: GROUP_HEIGHT * 0.75, opacity: 1 },
        encoding: {
          x: { field: 'resolution_mean_hours', type: 'quantitative' },
          color: { datum: MEAN, type: 'nominal', scale: legend },
        },
      },
      {
        // A label that the mean's tick would cross goes just past the tick instead; others stay at their bar's end.
        transform: [...fold, {
          calculate: `datum.resolution_mean_hours >= datum._hours && datum.resolution_mean_hours <= datum._hours + ${labelSpan} ? datum.resolution_mean_hours : datum._hours`,
          as: '_label_at',
        }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, fontSize: 10 },
        encoding: { x: { field: '_label_at', type: 'quantitative' }, yOffset, text: { field: '_hours', type: 'quantitative', format: ',.1f' } },
      },
    ],
    config: PRINT_CONFIG,
  };
}
