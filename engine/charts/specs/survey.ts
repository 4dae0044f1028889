import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, chartTitle, COLORS, field, humanize, literal, PRINT_CONFIG, scopeLine, VEGA_LITE_SCHEMA, type ChartContext, type Row } from './common.ts';

const BAR_HEIGHT = 36;
/** Below this share a segment has no room for its label; the tooltip still gives it. */
const MIN_LABELLED_SHARE = 0.06;

/** The answers of each survey, from the worst, with their labels and colours (NPS as in `nps by`). */
const ANSWERS = {
  nps: [
    { answer: 'detractor', label: 'Detractor (0–6)', color: COLORS.vermillion },
    { answer: 'passive', label: 'Passive (7–8)', color: COLORS.grey },
    { answer: 'promoter', label: 'Promoter (9–10)', color: COLORS.bluishGreen },
  ],
  csat: [
    { answer: '1', label: '1', color: COLORS.vermillion },
    { answer: '2', label: '2', color: COLORS.orange },
    { answer: '3', label: '3', color: COLORS.grey },
    { answer: '4', label: '4', color: COLORS.skyBlue },
    { answer: '5', label: '5', color: COLORS.blue },
  ],
} as const;

/**
 * A survey's answers by group (`survey nps by tier`): a bar per group across 100 % of its
 * accounts that answered, split by each account's latest answer (worst on the left), each part
 * labelled with its share: "N % of accounts with tier = X answered C". Groups whose accounts
 * never answered have no bar.
 *
 * Rows: `surveyCrosstabMetric` without a period (period_start, period_end, partial, <group>,
 * answer, accounts, percent).
 */
export function surveySpec(rows: readonly Row[], context: ChartContext & { readonly group: string; readonly survey: 'nps' | 'csat' }): TopLevelSpec {
  const groupTitle = humanize(context.group);
  const answers = ANSWERS[context.survey];
  const surveyName = context.survey === 'nps' ? 'NPS' : 'CSAT';
  const groups = new Set(rows.map((row) => row[context.group] ?? null)).size;
  const labelOf = answers.map((a) => `datum.answer === ${literal(a.answer)} ? ${literal(a.label)} : `).join('') + 'datum.answer';
  const orderOf = answers.map((a, i) => `datum.answer === ${literal(a.answer)} ? ${i} : `).join('') + String(answers.length);
  const group = { field: field(context.group), type: 'nominal', title: groupTitle } as const;
  const tooltip = [
    group,
    { field: '_answer', type: 'nominal', title: `${surveyName} answer` },
    { field: '_share', type: 'quantitative', title: `Share of the ${groupTitle.toLowerCase()}'s accounts that answered`, format: '.1%' },
    { field: 'accounts', type: 'quantitative', title: 'Accounts', format: ',d' },
    { field: '_answered', type: 'quantitative', title: 'Accounts that answered', format: ',d' },
  ] as const;
  const x = { field: '_share', type: 'quantitative' as const, stack: 'zero' as const, title: 'Share of the accounts that answered', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`${surveyName} answers by ${groupTitle.toLowerCase()}`, [
      `Each account's latest ${surveyName} answer${context.survey === 'csat' ? ' (1–5)' : ''}, as a share of the accounts of the group that answered`,
      scopeLine(context),
    ]),
    width: CHART_WIDTH,
    height: Math.max(groups, 1) * BAR_HEIGHT,
    data: { values: rows as Row[] },
    transform: [
      { calculate: 'datum.percent / 100', as: '_share' },
      { calculate: labelOf, as: '_answer' },
      { calculate: orderOf, as: '_order' },
      { joinaggregate: [{ op: 'sum', field: 'accounts', as: '_answered' }], groupby: [field(context.group)] },
    ],
    encoding: {
      y: { ...group, sort: 'ascending' },
      x,
      tooltip: [...tooltip],
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          order: { field: '_order', type: 'quantitative' },
          color: {
            field: '_answer', type: 'nominal', title: `${surveyName} answer`, sort: answers.map((a) => a.label),
            scale: { domain: answers.map((a) => a.label), range: answers.map((a) => a.color) },
            legend: { orient: 'top', direction: 'horizontal' },
          },
        },
      },
      {
        // Each label at the middle of its part: the parts' running total, less half the part.
        transform: [
          { window: [{ op: 'sum', field: '_share', as: '_end' }], groupby: [field(context.group)], sort: [{ field: '_order' }], frame: [null, 0] },
          { calculate: 'datum._end - datum._share / 2', as: '_middle' },
          { filter: `datum._share >= ${MIN_LABELLED_SHARE}` },
        ],
        mark: { type: 'text', color: COLORS.ink, fontSize: 10 },
        encoding: { x: { field: '_middle', type: 'quantitative', stack: null }, text: { field: '_share', type: 'quantitative', format: '.0%' } },
      },
    ],
    config: PRINT_CONFIG,
  };
}
