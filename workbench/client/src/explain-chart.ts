/**
 * The chart of an explanation: the score at each date of its history as a stack of the points
 * each component added (the stack's height is the score), labelled with the score and grade.
 */
import type { Explanation } from './api-types.ts';
import { formatFixed } from './format-values.ts';

/**
 * One colour per component, in the model's order (Okabe–Ito, told apart with colour-vision
 * deficiencies; yellow last, since it is faint on white). The components table uses them too.
 */
const COMPONENT_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#F0E442'];

/** The colour of the component at `index` in the model's order. */
export function componentColor(index: number): string {
  return COMPONENT_COLORS[index % COMPONENT_COLORS.length]!;
}

const SHORT_DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const SHORT_DATE_YEAR = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: '2-digit', timeZone: 'UTC' });

/** "Jan 31" for a `YYYY-MM-DD` date; with the year ("Jan 31, 25") when `withYear`. */
export function shortDate(date: string, withYear = false): string {
  return (withYear ? SHORT_DATE_YEAR : SHORT_DATE).format(new Date(`${date}T00:00:00Z`));
}

/** The Vega-Lite spec of the explanation's history; `width` fits the panel. */
export function historySpec(explanation: Explanation, width: number): Record<string, unknown> {
  const years = new Set(explanation.history.map((point) => point.asof.slice(0, 4)));
  const label = (asof: string) => shortDate(asof, years.size > 1);
  const names = explanation.components.map((component) => component.name);
  const dates = explanation.history.map((point) => label(point.asof));
  const parts = explanation.history.flatMap((point) => point.components
    .filter((component) => component.contribution !== null)
    .map((component) => ({
      date: label(point.asof), asof: point.asof, component: component.name, order: names.indexOf(component.name),
      contribution: component.contribution, value: component.value,
    })));
  const totals = explanation.history.map((point) => ({
    date: label(point.asof), score: point.value ?? 0,
    text: point.value === null ? 'no score' : `${formatFixed(point.value, 1)}${point.grade ? ` ${point.grade}` : ''}`,
  }));
  const x = { field: 'date', type: 'ordinal', sort: dates, title: years.size === 1 ? `Evaluation date, ${[...years][0]}` : 'Evaluation date', axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 190,
    layer: [
      {
        data: { values: parts },
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x,
          y: { field: 'contribution', type: 'quantitative', stack: 'zero', title: 'Points', scale: { domain: [0, 110] }, axis: { values: [0, 25, 50, 75, 100] } },
          color: { field: 'component', type: 'nominal', sort: names, title: null, scale: { domain: names, range: names.map((_, at) => componentColor(at)) }, legend: { orient: 'bottom', columns: Math.min(names.length, 4), symbolType: 'square' } },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [
            { field: 'asof', type: 'nominal', title: 'As of' },
            { field: 'component', type: 'nominal', title: 'Component' },
            { field: 'contribution', type: 'quantitative', title: 'Points added', format: '.2f' },
            { field: 'value', type: 'quantitative', title: 'Value (0–100)', format: '.1f' },
          ],
        },
      },
      {
        data: { values: totals },
        mark: { type: 'text', dy: -7, fontSize: 11, fontWeight: 600, color: '#1f2933' },
        encoding: { x, y: { field: 'score', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
      },
    ],
    config: { view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#52606d' }, legend: { labelFontSize: 11 } },
  };
}
