/**
 * The open notebook as the page edits it: an ordered list of cells with stable ids, written
 * back to text with the notebook format's own writer (engine/notebook/format.ts), so that an
 * untouched notebook saves byte for byte as it was read.
 *
 * The server addresses cells by their index in `parseNotebook(text).cells`. The page may hold
 * two prose cells in a row (the user added one below another), which the file format reads as
 * one; `serverIndex` maps a cell to the index the server sees, and every change is checked to
 * keep that mapping true (a prose edit that opens a code fence, or code holding a fence line,
 * re-reads the text).
 */
import { newFence, parseNotebook, writeNotebook, type CellKind, type Fence, type NotebookCell } from '../../../engine/notebook/format.ts';

export type { CellKind };
export type CodeKind = Exclude<CellKind, 'markdown'>;

/** One cell of the open notebook. */
export interface Cell {
  /** Stable for the life of the page; not stored in the file. */
  readonly id: number;
  readonly kind: CellKind;
  name: string | null;
  source: string;
  fence?: Fence;
}

/** What changed: `content` keeps the cells (an edit inside one), `structure` adds, removes or re-reads cells. */
export type DocChange = { readonly kind: 'content'; readonly cell: Cell } | { readonly kind: 'structure' };

const TEMPLATES: Record<CodeKind, string> = {
  pulse: 'measure name = count(usage during last 30 days)',
  sql: 'select *\nfrom scores\nlimit 100',
  chart: 'health_distribution',
};

/** Prose text of a cell is shown without its surrounding blank lines; this keeps them to write back. */
export interface ProseParts {
  readonly lead: string;
  readonly body: string;
  readonly trail: string;
}

export class NotebookDoc {
  private cellsList: Cell[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(change: DocChange) => void>();

  constructor(text: string) {
    this.cellsList = this.fromText(text);
  }

  get cells(): readonly Cell[] {
    return this.cellsList;
  }

  /** The notebook as file text. */
  text(): string {
    return writeNotebook({ cells: this.cellsList.map(toNotebookCell) });
  }

  /** Replaces everything with another text (loading "their" version of a file). */
  reset(text: string): void {
    this.cellsList = this.fromText(text);
    this.emit({ kind: 'structure' });
  }

  onChange(listener: (change: DocChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cell(id: number): Cell | undefined {
    return this.cellsList.find((cell) => cell.id === id);
  }

  /** The index the server gives this cell (`parseNotebook(text).cells`). */
  serverIndex(id: number): number {
    let index = -1;
    let previous: CellKind | null = null;
    for (const cell of this.cellsList) {
      if (!(cell.kind === 'markdown' && previous === 'markdown')) index++;
      previous = cell.kind;
      if (cell.id === id) return index;
    }
    return -1;
  }

  /** The code cell the server calls `index`, if any. */
  cellAtServerIndex(index: number): Cell | undefined {
    return this.cellsList.find((cell) => cell.kind !== 'markdown' && this.serverIndex(cell.id) === index);
  }

  /** The `pulse` cells in order: together they are the model. */
  pulseCells(): Cell[] {
    return this.cellsList.filter((cell) => cell.kind === 'pulse');
  }

  /** The first `# heading` of the prose, or null. */
  title(): string | null {
    for (const cell of this.cellsList) {
      if (cell.kind !== 'markdown') continue;
      const heading = /^ {0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(cell.source);
      if (heading) return heading[1]!;
    }
    return null;
  }

  /** Sets a code cell's text (typing in its editor). */
  setSource(id: number, source: string): void {
    const cell = this.cell(id);
    if (!cell || cell.source === source) return;
    cell.source = source;
    if (cell.kind !== 'markdown' && !this.readsBackAsIs()) {
      // The text holds a line that would close its fence: longer fences keep it one cell.
      cell.fence = { ...newFence(cell), trailingNewline: true };
    }
    if (cell.kind === 'markdown' && !this.readsBackAsIs()) {
      this.cellsList = this.fromText(this.text());
      this.emit({ kind: 'structure' });
      return;
    }
    this.emit({ kind: 'content', cell });
  }

  /** Renames a `sql` or `chart` cell (the name after the kind in its fence). */
  setName(id: number, name: string | null): void {
    const cell = this.cell(id);
    if (!cell || cell.kind === 'markdown') return;
    const clean = name?.trim() || null;
    if (clean === cell.name) return;
    cell.name = clean;
    const marks = /^ {0,3}(`{3,}|~{3,})/.exec(cell.fence?.open ?? '')?.[1] ?? newFence(cell).open.match(/^`+/)![0];
    cell.fence = { ...(cell.fence ?? newFence(cell)), open: `${marks}${cell.kind}${clean ? ` ${clean}` : ''}\n` };
    this.emit({ kind: 'content', cell });
  }

  /** Adds a cell after `afterId` (at the start when null); returns it. */
  insert(afterId: number | null, kind: CellKind, source?: string): Cell {
    const at = afterId === null ? 0 : this.cellsList.findIndex((cell) => cell.id === afterId) + 1;
    const previous = at > 0 ? this.cellsList[at - 1] : undefined;
    const added: Cell[] = [];
    let cell: Cell;
    if (kind === 'markdown') {
      cell = { id: this.nextId++, kind, name: null, source: source ?? '\nNew text.\n\n' };
      if (previous && previous.kind === 'markdown' && !previous.source.endsWith('\n\n')) previous.source = previous.source.replace(/\n*$/, '\n\n');
      added.push(cell);
    } else {
      const text = source ?? TEMPLATES[kind];
      cell = { id: this.nextId++, kind, name: null, source: text, fence: newFence({ kind, name: null, source: text }) };
      // A blank line between two code blocks keeps the file readable; it is a prose cell the page does not show.
      if (previous && previous.kind !== 'markdown') added.push({ id: this.nextId++, kind: 'markdown', name: null, source: '\n' });
      added.push(cell);
    }
    this.cellsList.splice(at, 0, ...added);
    this.emit({ kind: 'structure' });
    return cell;
  }

  remove(id: number): { index: number; cells: Cell[] } | null {
    const at = this.cellsList.findIndex((cell) => cell.id === id);
    if (at < 0) return null;
    const removed = this.cellsList.splice(at, 1);
    this.emit({ kind: 'structure' });
    return { index: at, cells: removed };
  }

  /** Puts back cells that `remove` took out (undo). */
  restore(removed: { index: number; cells: Cell[] }): void {
    this.cellsList.splice(Math.min(removed.index, this.cellsList.length), 0, ...removed.cells);
    this.emit({ kind: 'structure' });
  }

  /** A prose cell's text split into its surrounding blank lines and what the user edits. */
  static proseParts(source: string): ProseParts {
    const lead = /^\s*\n|^/.exec(source)![0];
    const rest = source.slice(lead.length);
    const trail = /\n\s*$|$/.exec(rest)![0];
    return { lead, body: rest.slice(0, rest.length - trail.length), trail };
  }

  /** Sets a prose cell's edited text, keeping its surrounding blank lines. */
  setProse(id: number, body: string): void {
    const cell = this.cell(id);
    if (!cell || cell.kind !== 'markdown') return;
    const parts = NotebookDoc.proseParts(cell.source);
    if (parts.body === body) return;
    const last = this.cellsList.at(-1)?.id === id;
    const trail = parts.trail.includes('\n') || last ? parts.trail : '\n';
    this.setSource(id, `${parts.lead}${body}${trail}`);
  }

  private fromText(text: string): Cell[] {
    return parseNotebook(text).cells.map((cell) => ({ id: this.nextId++, kind: cell.kind, name: cell.name, source: cell.source, ...(cell.fence ? { fence: cell.fence } : {}) }));
  }

  /** True when the written text reads back as the same code cells in the same places. */
  private readsBackAsIs(): boolean {
    const reread = parseNotebook(this.text()).cells;
    const mine = this.cellsList.filter((cell, at) => !(cell.kind === 'markdown' && this.cellsList[at - 1]?.kind === 'markdown'));
    return reread.length === mine.length
      && reread.every((cell, at) => cell.kind === mine[at]!.kind && (cell.kind === 'markdown' || cell.source === mine[at]!.source));
  }

  private emit(change: DocChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function toNotebookCell(cell: Cell): NotebookCell {
  return { kind: cell.kind, name: cell.name, source: cell.source, ...(cell.fence ? { fence: cell.fence } : {}) };
}
