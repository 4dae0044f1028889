/**
 * Reactive runs (DESIGN.md §4). Shift+Enter runs a cell; typing in a code cell re-runs it
 * once typing stops (a `pulse` cell only while it has no syntax error), at once when only its
 * numbers changed (`edit-delay.ts`); Run all runs everything. The server runs the given cells
 * and the cells that depend on them.
 *
 * Runs are streamed (`Accept: application/x-ndjson`): each cell shows its result as soon as the
 * server has it, so a histogram does not wait for the backtests the server runs last.
 *
 * Every run of this tab on this notebook uses one `channel`, so the server cancels a run that
 * a newer one supersedes; and the page numbers its runs, so an answer that is not the latest is
 * never shown, whatever the server does.
 */
import { cellDependencies, withDependents } from '../../../engine/notebook/dependencies.ts';
import { parseNotebook } from '../../../engine/notebook/format.ts';
import { ApiError, type Api } from './api.ts';
import type { CellResult, RunResponse } from './api-types.ts';
import type { CodeCellView } from './code-cell-view.ts';
import { debounce } from './dom.ts';
import { EDIT_RUN_DELAY_MS, NUMBER_EDIT_RUN_DELAY_MS, onlyNumbersDiffer } from './edit-delay.ts';
import { hasSyntaxErrors } from './diagnostics-view.ts';
import type { LiveDiagnostics } from './live-diagnostics.ts';
import type { NotebookDoc } from './notebook-doc.ts';
import type { NotebookView } from './notebook-view.ts';

/** What the page shows about runs besides the cells. */
export interface RunListener {
  started(): void;
  /** The latest run ended (`response` null when it failed or was superseded): every result it gave, and its date. */
  finished(response: RunResponse | null): void;
  failed(error: Error): void;
}

/** One id per page load: two tabs on one notebook do not cancel each other's runs. */
const TAB_ID = crypto.randomUUID().slice(0, 8);

/** When a run was asked for and answered (page clock, ms); kept for the speed measurement. */
export interface RunTiming {
  readonly seq: number;
  readonly cells: readonly number[] | null;
  readonly startedAt: number;
  /** When each cell's result arrived, by server index (only while the run was the latest). */
  readonly resultAt: Record<number, number>;
  /** When the run's last line (`done`) arrived. */
  answeredAt?: number;
}

export class RunController {
  private latest = 0;
  /** The evaluation date of the last run that used the model. */
  private lastAsof: string | null = null;
  /** The last runs' timings, newest last (at most 50). */
  readonly timings: RunTiming[] = [];
  private readonly edited = new Set<number>();
  /** Each code cell's text when it was last sent to run (the page runs every cell when it opens). */
  private readonly ranSource = new Map<number, string>();
  private readonly runEdited = debounce(() => void this.runEditedCells(), EDIT_RUN_DELAY_MS);

  constructor(
    private readonly api: Api,
    private readonly doc: NotebookDoc,
    private readonly view: NotebookView,
    private readonly diagnostics: LiveDiagnostics,
    private readonly path: string,
    private readonly asof: () => string | null,
    private readonly listener: RunListener,
  ) {}

  /** The channel of this tab and notebook: a newer run on it cancels the older one. */
  get channel(): string {
    return `tab-${TAB_ID}/${this.path}`;
  }

  /** The date the last run that used the model evaluated it at (null before one). */
  get evaluationDate(): string | null {
    return this.lastAsof;
  }

  /** True while a run is on its way. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  private inFlight = 0;

  /** A code cell's text changed: run it (and its dependents) once typing stops. */
  cellEdited(cellId: number): void {
    this.edited.add(cellId);
    const onlyNumbers = [...this.edited].every((id) => this.onlyNumbersEdited(id));
    this.runEdited.after(onlyNumbers ? NUMBER_EDIT_RUN_DELAY_MS : EDIT_RUN_DELAY_MS);
  }

  /** True when a cell's text differs from what last ran only in its numbers. */
  private onlyNumbersEdited(cellId: number): boolean {
    const ran = this.ranSource.get(cellId);
    const now = this.doc.cell(cellId)?.source;
    return ran !== undefined && now !== undefined && onlyNumbersDiffer(ran, now);
  }

  /**
   * Runs cells now (with their dependents), or the whole notebook when `cellIds` is null. Each
   * cell shows its result as soon as the server streams it; until then it says it is running.
   */
  async run(cellIds: readonly number[] | null): Promise<void> {
    if (cellIds) for (const id of cellIds) this.edited.delete(id);
    else {
      this.edited.clear();
      this.runEdited.cancel();
    }
    const seq = ++this.latest;
    const codeCells = this.doc.cells.filter((cell) => cell.kind !== 'markdown');
    const targets = cellIds ? codeCells.filter((cell) => cellIds.includes(cell.id)) : codeCells;
    if (targets.length === 0) return;
    for (const cell of targets) this.ranSource.set(cell.id, cell.source);
    const text = this.doc.text();
    const indices = cellIds ? targets.map((cell) => this.doc.serverIndex(cell.id)) : undefined;
    // The cells the server will answer for: the targets and, as it finds them, their dependents.
    // Their views are taken now: cells added or removed while the run streams shift the indices.
    const answering = indices ? withDependents(cellDependencies(parseNotebook(text)), indices) : targets.map((cell) => this.doc.serverIndex(cell.id));
    const views = new Map<number, CodeCellView>();
    for (const index of answering) {
      const cell = this.doc.cellAtServerIndex(index);
      const cellView = cell ? this.view.code(cell.id) : undefined;
      if (!cellView) continue;
      cellView.setRunning(seq);
      views.set(index, cellView);
    }
    const pending = new Map(views);
    this.inFlight++;
    this.listener.started();
    const asof = this.asof();
    const pulseCells = this.diagnostics.sentToRun();
    const timing: RunTiming = { seq, cells: indices ?? null, startedAt: performance.now(), resultAt: {} };
    this.timings.push(timing);
    if (this.timings.length > 50) this.timings.shift();
    const results: CellResult[] = [];
    let response: RunResponse | null = null;
    try {
      const lines = this.api.runStream({ text, ...(indices ? { cells: indices } : {}), ...(asof ? { asof } : {}), channel: this.channel });
      for await (const line of lines) {
        // A newer run took over: stop reading (which lets the connection go); nothing more of this one is shown.
        if (seq !== this.latest) break;
        if (line.type === 'result') {
          timing.resultAt[line.result.index] = performance.now();
          results.push(line.result);
          pending.delete(line.result.index);
          // The date is known only at the end; the one asked for, else the last run's, is almost always it.
          const cellView = views.get(line.result.index);
          // A pulse cell's result holds the diagnostics the language service would give for the same model.
          if (cellView && line.result.kind === 'pulse' && 'diagnostics' in line.result && line.result.diagnostics) {
            this.diagnostics.fromRun(pulseCells, cellView.cell.id, [...line.result.diagnostics]);
          }
          if (cellView && this.view.code(cellView.cell.id) === cellView) cellView.showResult(line.result, asof ?? this.lastAsof);
        } else {
          timing.answeredAt = performance.now();
          response = { asof: line.asof, results };
          if (line.asof !== null) this.lastAsof = line.asof;
          for (const result of results) if (result.kind === 'pulse') views.get(result.index)?.showEvaluationDate(line.asof);
        }
      }
    } catch (error) {
      const superseded = error instanceof ApiError && (error.code === 'superseded' || error.code === 'query_cancelled');
      if (seq === this.latest && !superseded) {
        const message = error instanceof Error ? error.message : String(error);
        for (const cellView of pending.values()) cellView.showRunFailure(message);
        this.listener.failed(error as Error);
      }
    } finally {
      this.inFlight--;
      // A cell this run marked and no later run took over goes back to what it showed.
      for (const cellView of views.values()) cellView.clearRunning(seq);
      if (seq === this.latest) this.listener.finished(response);
    }
  }

  /** Cancels what runs on this channel (leaving the notebook). */
  async cancel(): Promise<void> {
    this.latest++;
    this.runEdited.cancel();
    if (this.inFlight > 0) await this.api.cancelRun(this.channel).catch(() => undefined);
  }

  private async runEditedCells(): Promise<void> {
    const ids = [...this.edited];
    this.edited.clear();
    const runnable: number[] = [];
    const seqAtStart = this.latest;
    for (const id of ids) {
      const cell = this.doc.cell(id);
      if (!cell || cell.kind === 'markdown') continue;
      // A change of numbers alone cannot break the syntax: no need to ask before running.
      if (cell.kind === 'pulse' && !this.onlyNumbersEdited(id)) {
        const diagnostics = await this.diagnostics.forCell(id).catch(() => []);
        if (hasSyntaxErrors(diagnostics)) continue;
      }
      runnable.push(id);
    }
    if (runnable.length === 0) return;
    if (this.edited.size > 0 || this.latest !== seqAtStart) {
      // Typing went on, or another run started, while checking: run these with the next batch.
      for (const id of runnable) this.edited.add(id);
      this.runEdited();
      return;
    }
    await this.run(runnable);
  }
}
