/**
 * Live diagnostics for the `pulse` cells: ~300 ms after typing stops in any of them, every
 * pulse cell is checked again (they form one model, so renaming a measure in one cell can break
 * another), and each cell's diagnostics are handed to its view. An answer for text that has
 * changed since is dropped. `forCell` gives the diagnostics of a cell's current text, asking
 * the server if they are not known yet (the reactive run checks for syntax errors with it).
 * A run checks the same model and says what it found (`fromRun`): the texts a run has checked
 * are not asked about again, so an edit that runs at once costs no further requests.
 */
import type { Api } from './api.ts';
import type { Diagnostic } from './api-types.ts';
import { debounce } from './dom.ts';
import type { NotebookDoc } from './notebook-doc.ts';

export const DIAGNOSTICS_DELAY_MS = 300;

/** The pulse cells a run sent (`LiveDiagnostics.sentToRun`). */
export interface PulseCellsSent {
  readonly generation: number;
  readonly ids: readonly number[];
  readonly texts: readonly string[];
}

export class LiveDiagnostics {
  private readonly cache = new Map<number, { key: string; diagnostics: Promise<Diagnostic[]> }>();
  private readonly scheduled = debounce(() => this.refreshAll(), DIAGNOSTICS_DELAY_MS);
  /** Moves on when the tables change. */
  private generation = 0;

  constructor(
    private readonly api: Api,
    private readonly doc: NotebookDoc,
    private readonly show: (cellId: number, diagnostics: readonly Diagnostic[]) => void,
    private readonly failed: (error: Error) => void,
  ) {}

  /** After an edit of a pulse cell (or new tables): check again once typing stops. */
  schedule(): void {
    this.scheduled();
  }

  /** Checks every pulse cell now. */
  refreshAll(): void {
    this.scheduled.cancel();
    for (const cell of this.doc.pulseCells()) void this.forCell(cell.id).catch(() => undefined);
  }

  /** Forgets what is known (the tables changed, so the same text may mean something else). */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    this.schedule();
  }

  /** The pulse cells as a run sends them now: `fromRun` takes it back with what the run found. */
  sentToRun(): PulseCellsSent {
    const cells = this.doc.pulseCells();
    return { generation: this.generation, ids: cells.map((cell) => cell.id), texts: cells.map((cell) => cell.source) };
  }

  /**
   * What a run found for a pulse cell: shown at once when the pulse cells still hold the texts
   * the run checked, and remembered for those texts.
   */
  fromRun(sent: PulseCellsSent, cellId: number, diagnostics: Diagnostic[]): void {
    const at = sent.ids.indexOf(cellId);
    // After `invalidate` the tables are new: what a run checked against the old ones is not kept.
    if (at < 0 || sent.generation !== this.generation) return;
    const key = diagnosticsKey(at, sent.texts);
    if (this.cache.get(cellId)?.key === key) return;
    this.cache.set(cellId, { key, diagnostics: Promise.resolve(diagnostics) });
    if (this.current(cellId)?.key === key) this.show(cellId, diagnostics);
  }

  /** The diagnostics of a pulse cell's current text. */
  forCell(cellId: number): Promise<Diagnostic[]> {
    const current = this.current(cellId);
    if (!current) return Promise.resolve([]);
    const { at, texts, key } = current;
    const known = this.cache.get(cellId);
    if (known?.key === key) return known.diagnostics;
    const diagnostics = this.api.diagnostics({ cells: texts, cell: at }).then((answer) => {
      if (this.cache.get(cellId)?.key === key) this.show(cellId, answer.diagnostics);
      return answer.diagnostics;
    }, (error: Error) => {
      if (this.cache.get(cellId)?.key === key) this.cache.delete(cellId);
      this.failed(error);
      throw error;
    });
    this.cache.set(cellId, { key, diagnostics });
    return diagnostics;
  }

  /** A pulse cell's place among the pulse cells, their texts, and what its diagnostics are known by. */
  private current(cellId: number): { at: number; texts: string[]; key: string } | null {
    const cells = this.doc.pulseCells();
    const at = cells.findIndex((cell) => cell.id === cellId);
    if (at < 0) return null;
    const texts = cells.map((cell) => cell.source);
    return { at, texts, key: diagnosticsKey(at, texts) };
  }
}

/** The diagnostics of pulse cell `at` depend on the texts of all the pulse cells (one model). */
function diagnosticsKey(at: number, texts: readonly string[]): string {
  return `${at}\u0000${texts.join('\u0000')}`;
}
