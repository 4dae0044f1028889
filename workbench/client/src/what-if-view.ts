/**
 * The what-if strip's content: what the model as edited changes against the baseline, as of
 * one date — per score the grade distribution before and after and how many accounts change
 * grade; per segment its size before and after and who enters and leaves (the first ids, each
 * opening the account's explanation).
 */
import { accountButton, type OpenAccount } from './account-link.ts';
import type { AccountId, GradeCount, WhatIf } from './api-types.ts';
import { formatCount, h } from './dom.ts';
import { formatChange } from './format-values.ts';

/** The text the model is compared with: the notebook as opened, or as it was when the user set it. */
export interface Baseline {
  readonly text: string;
  readonly at: Date;
  readonly how: 'opened' | 'set';
}

export interface WhatIfActions {
  setBaseline(): void;
  readonly openAccount: OpenAccount;
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Compared with the notebook as you opened it at 14:02." */
function baselineText(baseline: Baseline): string {
  return baseline.how === 'opened'
    ? `Compared with the notebook as you opened it at ${TIME.format(baseline.at)}`
    : `Compared with the baseline you set at ${TIME.format(baseline.at)}`;
}

/** The head of the strip: what it compares with, and the button that makes the current text the baseline. */
export function whatIfHead(baseline: Baseline, detail: string | null, actions: WhatIfActions): HTMLElement {
  return h('div', { class: 'what-if-head' },
    h('strong', { class: 'what-if-title' }, 'What-if'),
    h('span', { class: 'what-if-baseline' }, `${baselineText(baseline)}${detail ? ` · ${detail}` : ''}`),
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'tool-button', onclick: () => actions.setBaseline(), title: 'Compare later edits with the notebook as it is now' }, 'Set as baseline'));
}

/** The strip's body for the answers of one comparison (one per score both models have; segments from the first). */
export function whatIfBody(answers: readonly WhatIf[], actions: WhatIfActions): HTMLElement {
  const first = answers[0]!;
  const scores = answers.flatMap((answer) => (answer.score ? [answer.score] : []));
  const changes = [...first.added.scores.map((name) => `score ${name} is new`), ...first.added.segments.map((name) => `segment ${name} is new`),
    ...first.removed.scores.map((name) => `score ${name} is gone`), ...first.removed.segments.map((name) => `segment ${name} is gone`)];
  return h('div', { class: 'what-if-body' },
    scores.length ? h('div', { class: 'what-if-scores' }, ...scores.map(scoreBlock)) : null,
    first.segments.length ? segmentsTable(first.segments, actions.openAccount) : null,
    changes.length ? h('p', { class: 'what-if-changes hint' }, `${changes.join(' · ')}.`) : null);
}

type ScoreChange = NonNullable<WhatIf['score']>;
type SegmentChange = WhatIf['segments'][number];

function scoreBlock(score: ScoreChange): HTMLElement {
  const grades = gradeOrder(score.saved, score.draft);
  const count = (list: readonly GradeCount[], grade: string | null) => list.find((row) => row.grade === grade)?.accounts ?? 0;
  const summary = score.changed === 0
    ? 'no score changes'
    : `${formatCount(score.moved)} ${score.moved === 1 ? 'account changes' : 'accounts change'} grade · ${formatCount(score.changed)} ${score.changed === 1 ? 'score changes' : 'scores change'}`
      + (score.meanChange === null ? '' : `, by ${formatChange(score.meanChange)} points on average`);
  return h('div', { class: 'what-if-score', 'data-score': score.name, 'data-moved': score.moved },
    h('p', { class: 'what-if-score-head' }, h('code', {}, score.name)),
    h('p', { class: 'what-if-score-summary' }, summary),
    h('table', { class: 'what-if-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Grade'), h('th', { scope: 'col', class: 'number' }, 'Baseline'), h('th', { scope: 'col', class: 'number' }, 'Now'), h('th', { scope: 'col', class: 'number' }, 'Change'))),
      h('tbody', {}, ...grades.map((grade) => {
        const before = count(score.saved, grade);
        const after = count(score.draft, grade);
        return h('tr', { 'data-grade': grade ?? '' },
          h('th', { scope: 'row' }, grade === null ? h('span', { class: 'hint' }, 'no grade') : h('span', { class: 'grade-chip', 'data-grade': grade }, grade)),
          h('td', { class: 'number' }, formatCount(before)),
          h('td', { class: 'number' }, formatCount(after)),
          h('td', { class: `number${after === before ? '' : ' changed'}` }, after === before ? '·' : formatChange(after - before, 0)));
      }))));
}

/** The draft's grades in its order, then any the baseline has that the draft lost; "no grade" last. */
function gradeOrder(saved: readonly GradeCount[], draft: readonly GradeCount[]): (string | null)[] {
  const order = [...new Set([...draft, ...saved].map((row) => row.grade))];
  return [...order.filter((grade) => grade !== null), ...order.filter((grade) => grade === null)];
}

function segmentsTable(segments: readonly SegmentChange[], open: OpenAccount): HTMLElement {
  return h('table', { class: 'what-if-table what-if-segments' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Segment'), h('th', { scope: 'col', class: 'number' }, 'Baseline'), h('th', { scope: 'col', class: 'number' }, 'Now'),
      h('th', { scope: 'col' }, 'Accounts in and out'))),
    h('tbody', {}, ...segments.map((segment) => h('tr', { 'data-segment': segment.name, 'data-entering': segment.entering, 'data-leaving': segment.leaving },
      h('th', { scope: 'row' }, h('code', {}, segment.name)),
      h('td', { class: 'number' }, formatCount(segment.saved)),
      h('td', { class: `number${segment.draft === segment.saved ? '' : ' changed'}` }, formatCount(segment.draft)),
      h('td', { class: 'in-out' }, segment.entering + segment.leaving === 0
        ? h('span', { class: 'hint' }, 'no change')
        : h('details', {},
          h('summary', {}, `+${formatCount(segment.entering)} in, −${formatCount(segment.leaving)} out`),
          idList('In', segment.entering, segment.enteringIds, open),
          idList('Out', segment.leaving, segment.leavingIds, open)))))));
}

function idList(what: string, total: number, ids: readonly AccountId[], open: OpenAccount): HTMLElement | null {
  if (total === 0) return null;
  return h('p', { class: 'id-list' },
    h('span', { class: 'id-list-label' }, `${what} (${formatCount(total)}${ids.length < total ? `, the first ${formatCount(ids.length)} by id` : ''}):`),
    ...ids.map((id) => accountButton(id, open)));
}

/** "as of 2025-06-30 · 2,000 accounts" for the strip's head. */
export function whatIfScope(answer: WhatIf): string {
  return `as of ${answer.asof} · ${formatCount(answer.accounts)} accounts`;
}
