/**
 * What an explanation says, as page elements: the score and its grade, the components with
 * the points each adds (bars on one scale, so that they read as parts of the score) and the
 * measures behind them, and what moved the score between the dates of its history.
 */
import type { Explanation } from './api-types.ts';
import { h } from './dom.ts';
import { componentColor, shortDate } from './explain-chart.ts';
import { formatChange, formatFixed, formatMeasure } from './format-values.ts';

/** The score's value and grade at the evaluation date. */
export function scoreFigure(explanation: Explanation): HTMLElement {
  const { value, grade } = explanation;
  return h('p', { class: 'explain-figure' },
    h('span', { class: 'explain-score', 'data-value': value ?? '' }, value === null ? 'no score' : formatFixed(value, 2)),
    grade ? h('span', { class: 'grade-chip', 'data-grade': grade }, grade) : null,
    h('span', { class: 'hint' }, ` as of ${explanation.asof}`));
}

/**
 * The components: share of the weight, value (0–100) and the points added, as a bar whose
 * track is the most the component could add at its share; under each, its measures.
 */
export function componentsTable(explanation: Explanation): HTMLElement {
  const components = explanation.components;
  // Every bar on one scale: the largest share's full 100 points is the full width.
  const widest = Math.max(...components.map((component) => component.share ?? 0)) * 100 || 100;
  const total = components.reduce((sum, component) => sum + (component.contribution ?? 0), 0);
  const rows = components.flatMap((component, at) => {
    const share = component.share;
    // The track is the most the component could add (its share of 100 points); the fill, what it adds.
    const track = share === null ? 0 : (share * 100 * 100) / widest;
    const fill = share && component.contribution !== null ? Math.min(100, component.contribution / share) : 0;
    const dropped = component.value === null;
    return [
      h('tr', { class: 'component-row', 'data-component': component.name, 'data-contribution': component.contribution ?? '' },
        h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${componentColor(at)}`, 'aria-hidden': 'true' }), component.name),
        h('td', { class: 'number', title: `weight ${formatMeasure(component.weight)}` }, share === null ? '—' : `${formatFixed(share * 100, 0)}%`),
        h('td', { class: 'number' }, dropped ? h('span', { class: 'hint', title: missingNote(explanation) }, 'no data') : formatFixed(component.value!, 1)),
        h('td', { class: 'points' }, h('div', { class: 'points-cell' },
          h('span', { class: 'bar-area', 'aria-hidden': 'true' },
            h('span', { class: 'bar-track', style: `width:${track.toFixed(2)}%` },
              h('span', { class: 'bar-fill', style: `width:${fill.toFixed(2)}%;background:${componentColor(at)}` }))),
          h('span', { class: 'points-value' }, component.contribution === null ? '—' : formatFixed(component.contribution, 2))))),
      h('tr', { class: 'measure-row' },
        h('td', { colspan: 4 }, component.measures.length === 0
          ? h('span', { class: 'hint' }, 'reads no measure')
          : h('ul', { class: 'measures', 'aria-label': `Measures behind ${component.name}` }, ...component.measures.map((measure) =>
            h('li', { title: measure.label ?? measure.name }, h('code', {}, measure.name), ' = ', h('strong', {}, formatMeasure(measure.value))))))),
    ];
  });
  return h('table', { class: 'components' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Component'),
      h('th', { scope: 'col', class: 'number', title: 'The part of the total weight the component carries' }, 'Share'),
      h('th', { scope: 'col', class: 'number', title: "The component's value, 0–100" }, 'Value'),
      h('th', { scope: 'col', title: 'Points it adds to the score: weight share × value' }, 'Points'))),
    h('tbody', {}, ...rows),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row', colspan: 3 }, 'Score (the sum)'),
      h('td', { class: 'points-total' }, h('div', { class: 'points-cell' }, h('span', { class: 'points-value' }, explanation.value === null ? '—' : formatFixed(total, 2)))))));
}

/** For each step of the history: how much the score moved and the component that moved it most. */
export function moversList(explanation: Explanation): HTMLElement {
  const years = new Set(explanation.history.map((point) => point.asof.slice(0, 4)));
  const date = (asof: string) => shortDate(asof, years.size > 1);
  return h('ol', { class: 'movers' }, ...[...explanation.movers].reverse().map((mover) => h('li', {},
    h('span', { class: 'mover-step' }, `${date(mover.from)} → ${date(mover.to)}`),
    h('span', { class: `mover-change ${mover.change === null ? '' : mover.change < 0 ? 'down' : mover.change > 0 ? 'up' : ''}` },
      mover.change === null ? 'no score' : formatChange(mover.change)),
    h('span', { class: 'mover-why' }, mover.component === null
      ? (mover.change === null ? '' : 'nothing changed')
      : h('span', {}, 'mostly ', h('strong', {}, mover.component), ` ${formatChange(mover.contributionChange ?? 0)}`)))));
}

function missingNote(explanation: Explanation): string {
  switch (explanation.score.missing) {
    case 'reweight': return 'No data: left out, and the other components share its weight (missing reweight).';
    case 'zero': return 'No data: counts as 0 (missing zero).';
    case 'null': return 'No data: the score is null (missing null).';
  }
}
