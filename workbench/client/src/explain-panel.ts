/**
 * The explanation drawer: why one account scores what it does (`POST /api/explain`). It opens
 * on the right when an account id is clicked, over the notebook, which stays usable: another
 * id replaces the account, the score picker switches score, and a new run of the model
 * explains again. A failure (an id the entity does not hold, a model with errors) is said in
 * the drawer; nothing else on the page changes.
 */
import type { Api } from './api.ts';
import type { AccountId, Explanation } from './api-types.ts';
import { chartView, type ChartView } from './chart-view.ts';
import { renderInlineCode } from './diagnostics-view.ts';
import { h, replaceChildren } from './dom.ts';
import { historySpec } from './explain-chart.ts';
import { componentsTable, moversList, scoreFigure } from './explain-view.ts';

/** What the drawer reads of the open notebook. */
export interface ExplainContext {
  /** The notebook as in the editor. */
  text(): string;
  /** The date the notebook is evaluated at (null: the model's default). */
  asof(): string | null;
  /** The model's scores, in order. */
  scores(): readonly string[];
}

/** The chart's width inside the drawer (its padding and the axis take the rest). */
const CHART_WIDTH = 380;

export class ExplainPanel {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { id: 'explain-heading', tabindex: -1 });
  private readonly picker = h('select', { class: 'explain-score-picker', 'aria-label': 'Score to explain' });
  private readonly status = h('p', { class: 'explain-status', role: 'status' });
  private readonly body = h('div', { class: 'explain-body' });
  private accountId: AccountId | null = null;
  private score: string | null = null;
  private request: AbortController | null = null;
  private chart: ChartView | null = null;
  /** Where the focus was when the drawer opened: closing it goes back there. */
  private opener: HTMLElement | null = null;

  constructor(private readonly api: Api, private readonly context: ExplainContext) {
    this.picker.addEventListener('change', () => {
      this.score = this.picker.value;
      void this.load();
    });
    this.element = h('aside', { class: 'explain-panel', hidden: true, 'aria-labelledby': 'explain-heading' },
      h('div', { class: 'explain-head' },
        this.heading,
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'tool-button', 'aria-label': 'Close the explanation', title: 'Close (Escape)', onclick: () => this.close() }, '✕')),
      h('label', { class: 'explain-picker' }, 'Score ', this.picker),
      this.status,
      this.body);
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Explains `accountId` (with the score chosen last, else the model's first). */
  open(accountId: AccountId): void {
    this.accountId = accountId;
    if (!this.element.contains(document.activeElement)) this.opener = document.activeElement as HTMLElement | null;
    this.element.hidden = false;
    this.heading.textContent = `Account ${accountId}`;
    void this.load();
    this.heading.focus({ preventScroll: true });
  }

  /** The model or the date changed: explain the open account again. */
  refresh(): void {
    if (this.isOpen) void this.load();
  }

  close(): void {
    this.request?.abort();
    const hadFocus = this.element.contains(document.activeElement);
    this.element.hidden = true;
    this.disposeChart();
    if (hadFocus) this.opener?.focus();
  }

  dispose(): void {
    this.close();
    this.element.remove();
  }

  private async load(): Promise<void> {
    if (this.accountId === null) return;
    const scores = this.context.scores();
    if (!this.score || !scores.some((name) => name.toLowerCase() === this.score!.toLowerCase())) this.score = scores[0] ?? null;
    replaceChildren(this.picker, ...scores.map((name) => h('option', { value: name, selected: name === this.score }, name)));
    if (!this.score) {
      this.showStatus('The model has no score to explain.', true);
      return;
    }
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const asof = this.context.asof();
    this.showStatus(`Explaining account ${this.accountId}…`);
    this.body.classList.add('stale');
    try {
      const explanation = await this.api.explain({ text: this.context.text(), score: this.score, accountId: this.accountId, ...(asof ? { asof } : {}) }, request.signal);
      if (request.signal.aborted) return;
      this.showStatus('');
      this.render(explanation);
    } catch (error) {
      if (request.signal.aborted) return;
      this.showStatus(`Could not explain account ${this.accountId}: ${(error as Error).message}`, true);
      this.disposeChart();
      replaceChildren(this.body);
    } finally {
      if (this.request === request) this.body.classList.remove('stale');
    }
  }

  private render(explanation: Explanation): void {
    const score = explanation.score;
    this.heading.textContent = `Account ${explanation.accountId}`;
    const chart = chartView(historySpec(explanation, CHART_WIDTH), `account-${explanation.accountId}-${score.name}`);
    this.disposeChart();
    this.chart = chart;
    replaceChildren(this.body,
      h('p', { class: 'explain-score-name' }, h('strong', {}, score.name), score.label ? ` — ${score.label}` : null),
      scoreFigure(explanation),
      h('h3', {}, 'Where the points come from'),
      componentsTable(explanation),
      h('h3', {}, `The last ${explanation.history.length === 1 ? 'date' : `${explanation.history.length} evaluation dates`}`),
      chart.element,
      explanation.movers.length ? h('h3', {}, 'What moved it') : null,
      explanation.movers.length ? moversList(explanation) : null);
    chart.ready.catch((error: Error) => chart.element.replaceChildren(h('p', { class: 'error' }, `The chart could not be drawn: ${error.message}`)));
  }

  private showStatus(text: string, error = false): void {
    replaceChildren(this.status, renderInlineCode(text));
    this.status.hidden = text === '';
    this.status.classList.toggle('error', error);
    this.status.setAttribute('role', error ? 'alert' : 'status');
  }

  private disposeChart(): void {
    this.chart?.finalize();
    this.chart = null;
  }
}
