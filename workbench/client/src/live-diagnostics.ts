/**
 * Live diagnostics for the `pulse` cells: ~300 ms after typing stops in any of them, every
 * pulse cell is checked again (they form one model, so renaming a measure in one cell can break
 * another), and each cell's diagnostics are handed to its view. An answer for text that has
 * changed since is dropped. `forCell` gives the diagnostics of a cell's current text, asking
 * the server if they are not known yet (the reactive run checks for syntax errors with it).
 */
import type { Api } from './api.ts';
import type { Diagnostic } from './api-types.ts';
import { debounce } from './dom.ts';
import type { NotebookDoc } from './notebook-doc.ts';

export const DIAGNOSTICS_DELAY_MS = 300;

export class LiveDiagnostics {
  private readonly cache = new Map<number, { key: string; diagnostics: Promise<Diagnostic[]> }>();
  private readonly scheduled = debounce(() => this.refreshAll(), DIAGNOSTICS_DELAY_MS);

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
    this.cache.clear();
    this.schedule();
  }

  /** The diagnostics of a pulse cell's current text. */
  forCell(cellId: number): Promise<Diagnostic[]> {
    const cells = this.doc.pulseCells();
    const at = cells.findIndex((cell) => cell.id === cellId);
    if (at < 0) return Promise.resolve([]);
    const texts = cells.map((cell) => cell.source);
    const key = `${at}\u0000${texts.join('\u0000')}`;
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
}
