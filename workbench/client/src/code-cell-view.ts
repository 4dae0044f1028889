/**
 * A `pulse`, `sql` or `chart` cell on the page: toolbar, editor, its diagnostics listed under
 * the editor, and its output — a summary of the model for `pulse`, a table for `sql`, a chart
 * for `chart`. An error or a skipped run is shown at the cell, above the last good output,
 * which stays visible but dimmed.
 */
import type { AccountLinks } from './account-link.ts';
import type { CellResult, Diagnostic } from './api-types.ts';
import { cellToolbar, type CellStatus, type ToolbarActions } from './cell-toolbar.ts';
import { CHART } from './chart-language.ts';
import { chartView, type ChartView, type DrillDown } from './chart-view.ts';
import { createCodeEditor, disposeCodeEditor } from './code-editor.ts';
import { renderDiagnosticList, renderInlineCode, setMarkers } from './diagnostics-view.ts';
import { formatCount, h, replaceChildren } from './dom.ts';
import { monaco } from './monaco-setup.ts';
import type { Cell, CellKind } from './notebook-doc.ts';
import { PULSE } from './pulse-language.ts';
import { sqlName } from './sql-text.ts';
import { TableView } from './table-view.ts';

const LANGUAGES: Record<Exclude<CellKind, 'markdown'>, string> = { pulse: PULSE, sql: 'sql', chart: CHART };

/** What a cell view asks of the page. */
export interface CellHost {
  edited(cell: Cell, text: string): void;
  run(cell: Cell): void;
  save(): void;
  add(cell: Cell | null, kind: CellKind): void;
  remove(cell: Cell): void;
  rename(cell: Cell, name: string): void;
  /** Adds a `sql` cell below `cell` and runs it. */
  addQuery(cell: Cell, sql: string): void;
  /** A chart was drawn (for tests and the speed measurement). */
  chartDrawn?(cell: Cell, spec: Record<string, unknown>): void;
  /** The column of account ids in results, and how to explain one; null without a model. */
  accountLinks(): AccountLinks | null;
}

/** The URI of a cell's editor model: providers find the cell by it. */
export function cellUri(cell: Cell): monaco.Uri {
  return monaco.Uri.parse(`pulse-cell:/cell-${cell.id}.${cell.kind}`);
}

export class CodeCellView {
  readonly element: HTMLElement;
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly setStatus: (status: CellStatus) => void;
  private readonly diagnosticsList = h('ul', { class: 'diagnostics', hidden: true, 'aria-label': 'Problems in this cell' });
  private readonly message = h('div', { class: 'cell-message', hidden: true });
  private readonly output = h('div', { class: 'cell-output' });
  /** The chart last asked for, and the one on screen (the same once it is drawn). */
  private chart: ChartView | null = null;
  private shownChart: ChartView | null = null;
  /** Counts the charts asked to be drawn: only the latest one is shown. */
  private chartDraws = 0;
  private liveDiagnostics: readonly Diagnostic[] = [];
  private runDiagnostics: readonly Diagnostic[] = [];
  private beforeRunning: CellStatus = { state: 'idle' };
  private status: CellStatus = { state: 'idle' };
  private runningFor = 0;

  constructor(readonly cell: Cell & { kind: Exclude<CellKind, 'markdown'> }, private readonly host: CellHost) {
    const actions: ToolbarActions = {
      run: () => host.run(cell),
      add: (kind) => host.add(cell, kind),
      remove: () => host.remove(cell),
      rename: (name) => {
        host.rename(cell, name);
        this.element.dataset.name = cell.name ?? '';
      },
    };
    const toolbar = cellToolbar(cell, actions);
    this.setStatus = toolbar.setStatus;
    const editorBox = h('div', { class: 'editor-box' });
    this.element = h('section', { class: `cell code-cell cell-${cell.kind}`, 'data-cell-id': cell.id, 'data-kind': cell.kind, 'data-name': cell.name ?? '', 'aria-label': `${cell.kind} cell${cell.name ? ` ${cell.name}` : ''}` },
      toolbar.element, h('div', { class: 'editor-frame' }, editorBox), this.diagnosticsList, this.message,
      // Said again over the output, where a tall chart hides the toolbar's status.
      h('div', { class: 'running-badge', 'aria-hidden': 'true' }, h('span', {}, 'running…')),
      this.output);
    this.editor = createCodeEditor(editorBox, {
      value: cell.source,
      language: LANGUAGES[cell.kind],
      uri: cellUri(cell),
      ariaLabel: `${cell.kind} cell editor${cell.name ? ` (${cell.name})` : ''}; Shift+Enter runs it`,
      onChange: (text) => host.edited(cell, text),
      onRun: () => host.run(cell),
      onSave: () => host.save(),
      wordWrap: true,
    });
  }

  /** Diagnostics of the cell's current text, from the language service (pulse cells). */
  setLiveDiagnostics(diagnostics: readonly Diagnostic[]): void {
    this.liveDiagnostics = diagnostics;
    const model = this.editor.getModel();
    if (model) setMarkers(model, 'live', diagnostics);
    this.renderDiagnostics();
  }

  /** The cell is part of run number `seq`, which has started. */
  setRunning(seq: number): void {
    if (this.status.state !== 'running') this.beforeRunning = this.status;
    this.runningFor = seq;
    this.show({ state: 'running' });
  }

  /** Run `seq` ended; if it gave nothing for this cell (superseded, or not run), the cell shows what it showed before. */
  clearRunning(seq: number): void {
    if (this.status.state === 'running' && this.runningFor === seq) this.show(this.beforeRunning);
  }

  /** The run failed as a whole (the server could not be reached, or it refused the request). */
  showRunFailure(message: string): void {
    this.showMessage('error', message);
    this.show({ state: 'error' });
  }

  /** Shows what running the cell gave. */
  showResult(result: CellResult, asof: string | null): void {
    if (result.status === 'skipped') {
      this.showMessage('skipped', `Not run: ${result.reason}.`);
      this.show({ state: 'skipped', reason: result.reason });
      return;
    }
    this.runDiagnostics = result.kind !== 'pulse' && 'diagnostics' in result ? (result.diagnostics ?? []) : [];
    const model = this.editor.getModel();
    if (model) setMarkers(model, 'run', this.runDiagnostics);
    this.renderDiagnostics();
    if (result.status === 'error') {
      // A model error is already listed under the editor, with its place: no need to say it twice.
      const listed = result.kind === 'pulse' && this.liveDiagnostics.some((diagnostic) => diagnostic.message === result.message);
      this.showMessage(listed ? null : 'error', result.message);
      if (listed) this.output.classList.toggle('stale', this.output.childElementCount > 0);
      this.show({ state: 'error', elapsedMs: result.elapsedMs });
      return;
    }
    this.showMessage(null);
    this.show({ state: 'ok', elapsedMs: result.elapsedMs });
    this.output.classList.remove('stale');
    if (result.kind === 'sql') {
      this.disposeChart();
      replaceChildren(this.output, new TableView(result.table, this.cell.name ?? 'this cell', this.host.accountLinks()).element);
    } else if (result.kind === 'chart') {
      this.drawChart(result.spec as Record<string, unknown>); // a Vega-Lite spec, as JSON
    } else if (result.kind === 'pulse') {
      replaceChildren(this.output, this.pulseSummary(result.rows, result.outputs, asof));
    }
  }

  dispose(): void {
    this.disposeChart();
    disposeCodeEditor(this.editor);
  }

  private show(status: CellStatus): void {
    this.status = status;
    this.setStatus(status);
    this.element.dataset.status = status.state;
  }

  private renderDiagnostics(): void {
    const all = this.cell.kind === 'pulse' ? this.liveDiagnostics : [...this.liveDiagnostics, ...this.runDiagnostics];
    renderDiagnosticList(this.diagnosticsList, all, this.editor);
  }

  /** A message above the output; the output stays, dimmed, until a good result replaces it. */
  private showMessage(tone: 'error' | 'skipped' | null, text?: string): void {
    this.message.hidden = tone === null;
    this.message.className = `cell-message${tone ? ` cell-message-${tone}` : ''}`;
    this.message.setAttribute('role', tone === 'error' ? 'alert' : 'status');
    replaceChildren(this.message, text ? renderInlineCode(text) : null);
    this.output.classList.toggle('stale', tone !== null && this.output.childElementCount > 0);
  }

  /** The date the model was evaluated at, in the `pulse` summary (a run says it last). */
  showEvaluationDate(asof: string | null): void {
    const slot = this.output.querySelector('.pulse-asof');
    if (slot) replaceChildren(slot, ...asofParts(asof));
  }

  private pulseSummary(rows: number, outputs: readonly string[], asof: string | null): HTMLElement {
    const summary = h('p', { class: 'pulse-summary' },
      h('strong', {}, formatCount(rows)), ` ${rows === 1 ? 'row' : 'rows'} evaluated · `,
      h('strong', {}, formatCount(outputs.length)), ` ${outputs.length === 1 ? 'output' : 'outputs'} in `, h('code', {}, 'scores'),
      h('span', { class: 'pulse-asof' }, ...asofParts(asof)));
    const details = outputs.length
      ? h('details', { class: 'pulse-outputs' }, h('summary', {}, 'Show the columns'), h('p', {}, ...outputs.flatMap((name, at) => [at ? ', ' : '', h('code', {}, name)])))
      : null;
    return h('div', { class: 'pulse-result' }, summary, details);
  }

  private drawChart(spec: Record<string, unknown>): void {
    const draw = ++this.chartDraws;
    const drawn = () => {
      this.element.dataset.chartVersion = String(Number(this.element.dataset.chartVersion ?? 0) + 1);
      this.host.chartDrawn?.(this.cell, spec);
    };
    const failed = (error: Error) => {
      if (draw !== this.chartDraws) return;
      this.showMessage('error', `The chart could not be drawn: ${error.message}`);
      this.show({ state: 'error' });
    };
    const shown = this.shownChart;
    if (shown && this.chart === shown && shown.takesRowsOf(spec)) {
      // New rows for the same chart: swapped into the drawn view, much quicker than a new one.
      // A list of the accounts behind a mark belonged to the old rows.
      this.output.querySelector('.drill-down')?.remove();
      shown.showRowsOf(spec).then(() => {
        if (draw === this.chartDraws) drawn();
      }, failed);
      return;
    }
    const view = chartView(spec, this.cell.name ?? `chart-${this.cell.id}`, (drill) => this.showDrillDown(view.element, drill));
    this.chart = view;
    view.ready.then(() => {
      if (draw !== this.chartDraws) {
        // A newer chart was asked for; this one is never shown.
        if (this.chart !== view) view.finalize();
        return;
      }
      replaceChildren(this.output, view.element);
      this.shownChart?.finalize();
      this.shownChart = view;
      drawn();
    }, failed);
    // Drawn off-screen first, so the old chart stays until the new one is ready (no flicker).
    view.element.classList.add('drawing');
    this.output.append(view.element);
    void view.ready.finally(() => view.element.classList.remove('drawing'));
  }

  /** The accounts behind a clicked chart mark, under the chart, with a way to query them. */
  private showDrillDown(chart: HTMLElement, drill: DrillDown): void {
    chart.parentElement?.querySelector('.drill-down')?.remove();
    const what = typeof drill.datum.from === 'string' && typeof drill.datum.to === 'string' ? ` that move from ${drill.datum.from} to ${drill.datum.to}` : '';
    const ids = drill.accountIds;
    const links = this.host.accountLinks();
    // A grade migration needs the model, so its key is known; the name is only a fallback for the list's header.
    const key = links?.key ?? 'account_id';
    const kind = ids.every((id) => typeof id === 'number') ? 'integer' : 'text';
    const list = new TableView({ columns: [{ name: key, sqlType: kind === 'integer' ? 'BIGINT' : 'VARCHAR', kind }], data: [ids], rowCount: ids.length, truncated: drill.more > 0, elapsedMs: 0 }, 'the accounts', links);
    const sqlList = ids.map((id) => (typeof id === 'number' ? String(id) : `'${String(id).replace(/'/g, "''")}'`)).join(', ');
    const panel = h('div', { class: 'drill-down', role: 'region', 'aria-label': 'Accounts of the clicked cell' },
      h('div', { class: 'drill-head' },
        h('strong', {}, `${formatCount(ids.length + drill.more)} accounts${what}`),
        drill.more > 0 ? h('span', { class: 'hint' }, ` (the first ${formatCount(ids.length)} listed)`) : null,
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'tool-button', onclick: () => this.host.addQuery(this.cell, `select *\nfrom scores\nwhere ${sqlName(key)} in (${sqlList})`) }, 'Query them in a SQL cell'),
        h('button', { type: 'button', class: 'tool-button', 'aria-label': 'Close the list', onclick: () => panel.remove() }, '✕')),
      links ? h('p', { class: 'hint drill-hint' }, 'Click an id to see why the account scores what it does.') : null,
      list.element);
    chart.after(panel);
    panel.scrollIntoView({ block: 'nearest' });
  }

  private disposeChart(): void {
    this.chart?.finalize();
    if (this.shownChart !== this.chart) this.shownChart?.finalize();
    this.chart = null;
    this.shownChart = null;
  }
}

function asofParts(asof: string | null): (string | HTMLElement)[] {
  return asof ? [' · as of ', h('strong', {}, asof)] : [];
}
