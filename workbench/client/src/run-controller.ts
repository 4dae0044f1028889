/**
 * Reactive runs (DESIGN.md §4). Shift+Enter runs a cell; typing in a code cell re-runs it
 * ~400 ms after typing stops (a `pulse` cell only while it has no syntax error); Run all runs
 * everything. The server runs the given cells and the cells that depend on them.
 *
 * Every run of this tab on this notebook uses one `channel`, so the server cancels a run that
 * a newer one supersedes; and the page numbers its runs, so an answer that is not the latest is
 * never shown, whatever the server does.
 */
import { ApiError, type Api } from './api.ts';
import type { RunResponse } from './api-types.ts';
import { debounce } from './dom.ts';
import { hasSyntaxErrors } from './diagnostics-view.ts';
import type { LiveDiagnostics } from './live-diagnostics.ts';
import type { NotebookDoc } from './notebook-doc.ts';
import type { NotebookView } from './notebook-view.ts';

export const EDIT_RUN_DELAY_MS = 400;

/** What the page shows about runs besides the cells. */
export interface RunListener {
  started(): void;
  /** The latest run ended (`response` null when it failed or was superseded). */
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
  answeredAt?: number;
  shown?: boolean;
}

export class RunController {
  private latest = 0;
  /** The last runs' timings, newest last (at most 50). */
  readonly timings: RunTiming[] = [];
  private readonly edited = new Set<number>();
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

  /** True while a run is on its way. */
  get busy(): boolean {
    return this.inFlight > 0;
  }

  private inFlight = 0;

  /** A code cell's text changed: run it (and its dependents) once typing stops. */
  cellEdited(cellId: number): void {
    this.edited.add(cellId);
    this.runEdited();
  }

  /** Runs cells now (with their dependents), or the whole notebook when `cellIds` is null. */
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
    const indices = cellIds ? targets.map((cell) => this.doc.serverIndex(cell.id)) : undefined;
    const marked = targets.map((cell) => this.view.code(cell.id)).filter((view) => view !== undefined);
    for (const cellView of marked) cellView.setRunning(seq);
    this.inFlight++;
    this.listener.started();
    const asof = this.asof();
    const timing: RunTiming = { seq, cells: indices ?? null, startedAt: performance.now() };
    this.timings.push(timing);
    if (this.timings.length > 50) this.timings.shift();
    let response: RunResponse | null = null;
    try {
      response = await this.api.run({ text: this.doc.text(), ...(indices ? { cells: indices } : {}), ...(asof ? { asof } : {}), channel: this.channel });
      timing.answeredAt = performance.now();
      timing.shown = seq === this.latest;
      if (seq === this.latest) this.view.showResults(response);
    } catch (error) {
      const superseded = error instanceof ApiError && (error.code === 'superseded' || (error.status === 409 && error.code !== 'conflict'));
      if (seq === this.latest && !superseded) {
        const message = error instanceof Error ? error.message : String(error);
        for (const cellView of marked) cellView.showRunFailure(message);
        this.listener.failed(error as Error);
      }
    } finally {
      this.inFlight--;
      // A cell this run marked and no later run took over goes back to what it showed.
      for (const cellView of marked) cellView.clearRunning(seq);
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
      if (cell.kind === 'pulse') {
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
