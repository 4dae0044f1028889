import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, count, humanize, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

/**
 * Colours of the usual grade names: vermillion, orange and bluish green of the Okabe–Ito
 * palette read as red, amber and green to most readers and stay apart for colour-blind ones.
 */
const NAMED_GRADES: Readonly<Record<string, string>> = {
  red: COLORS.vermillion, orange: COLORS.orange, amber: COLORS.orange, yellow: COLORS.orange, green: COLORS.bluishGreen,
};
/** The usual grade names from worst to best. */
const NAMED_ORDER = ['red', 'orange', 'amber', 'yellow', 'green'];

/**
 * The colour scale and legend for a column whose values are all usual grade names (a chart
 * grouped by `health_grade`): the grades worst first, in their own colours. Undefined
 * otherwise, and the chart keeps its group colours.
 */
export function namedGradeScale(values: readonly unknown[]): { scale: { domain: (string | null)[]; range: string[] }; legend: object } | undefined {
  const grades = [...new Set(values)].filter((value) => value !== null && value !== undefined);
  if (grades.length === 0 || !grades.every((grade) => typeof grade === 'string' && grade.toLowerCase() in NAMED_GRADES)) return undefined;
  const domain = (grades as string[]).sort((a, b) => NAMED_ORDER.indexOf(a.toLowerCase()) - NAMED_ORDER.indexOf(b.toLowerCase()));
  const range = domain.map((grade) => NAMED_GRADES[grade.toLowerCase()]!);
  // Accounts without a score have no grade: grey, rather than a grade's colour reused.
  if (!values.includes(null)) return { scale: { domain, range }, legend: {} };
  return { scale: { domain: [...domain, null], range: [...range, COLORS.grey] }, legend: { labelExpr: "datum.label === 'null' ? 'no score' : datum.label" } };
}

/** Other grades get colours from worst to best along this ramp. */
const GRADE_RAMP = [COLORS.vermillion, COLORS.orange, '#F0E442', COLORS.skyBlue, COLORS.bluishGreen, COLORS.blue];

/**
 * The distribution of a score (`health_distribution [of <score>]`): a histogram over 0–100 in
 * bins of 5 points, stacked by grade, with the grades in the legend from the lowest scores to
 * the highest.
 *
 * Rows: `scoreDistributionMetric` (bin_start, bin_end, grade, accounts, grade_min, unscored).
 */
export function healthDistributionSpec(rows: readonly Row[], context: ChartContext & { readonly score: string }): TopLevelSpec {
  const grades = gradeOrder(rows);
  const scored = rows.reduce((sum, row) => sum + (typeof row.accounts === 'number' ? row.accounts : 0), 0);
  const unscored = typeof rows[0]?.unscored === 'number' ? rows[0].unscored : 0;
  const scoreTitle = context.score === 'health' ? 'Health score' : humanize(context.score);
  const tooltip = [
    { field: '_range', type: 'nominal', title: scoreTitle },
    { field: 'grade', type: 'nominal', title: 'Grade' },
    { field: 'accounts', type: 'quantitative', title: 'Accounts', format: ',d' },
  ] as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Distribution of the ${scoreTitle.toLowerCase()}`, [
      `${count(scored, 'account')} by score, in bins of 5 points, coloured by grade`,
      scopeLine(context),
      unscored > 0 && `Not shown: ${count(unscored, 'account')} without a score (every component missing)`,
    ]),
    width: CHART_WIDTH,
    height: 280,
    data: { values: rows as Row[] },
    transform: [
      { calculate: "datum.bin_end === 100 ? datum.bin_start + ' to 100' : datum.bin_start + ' to under ' + datum.bin_end", as: '_range' },
    ],
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: {
        field: 'bin_start', type: 'quantitative', bin: { binned: true, step: 5 }, title: `${scoreTitle} (0–100)`,
        scale: { domain: [0, 100] }, axis: { values: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
      },
      x2: { field: 'bin_end' },
      y: { field: 'accounts', type: 'quantitative', stack: 'zero', title: 'Accounts', axis: { format: ',d', tickMinStep: 1 } },
      color: {
        field: 'grade', type: 'nominal', title: 'Grade',
        scale: { domain: grades, range: gradeColors(grades) },
      },
      order: { field: 'grade_min', type: 'quantitative' },
      tooltip: [...tooltip],
    },
    config: PRINT_CONFIG,
  };
}

/** The grades from the one with the lowest scores to the one with the highest. */
function gradeOrder(rows: readonly Row[]): string[] {
  const lowest = new Map<string, number>();
  for (const row of rows) {
    if (typeof row.grade !== 'string' || typeof row.grade_min !== 'number') continue;
    lowest.set(row.grade, Math.min(row.grade_min, lowest.get(row.grade) ?? Infinity));
  }
  return [...lowest].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([grade]) => grade);
}

/** A colour for each grade, the grades listed from the one with the lowest scores to the one with the highest. */
export function gradeColors(grades: readonly string[]): string[] {
  if (grades.every((grade) => grade.toLowerCase() in NAMED_GRADES)) return grades.map((grade) => NAMED_GRADES[grade.toLowerCase()]!);
  if (grades.length <= 1) return grades.map(() => COLORS.blue);
  return grades.map((_, index) => GRADE_RAMP[Math.round((index * (GRADE_RAMP.length - 1)) / (grades.length - 1))]!);
}
