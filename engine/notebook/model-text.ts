import type { Diagnostic } from '../../dsl/index.ts';
import type { Notebook } from './format.ts';

/** 1-based line and column, as everywhere in the rules language. */
export interface CellPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * All `pulse` cells of a notebook form one model (DESIGN.md §4): their texts joined, one
 * after another, with where each cell starts, so that positions can move between a cell and
 * the model text.
 */
export interface ModelText {
  readonly text: string;
  /** The model-text line on which each cell's first line stands. */
  readonly firstLines: readonly number[];
  /** The cells' own texts. */
  readonly cells: readonly string[];
}

/** Joins the cells' texts, each starting on a new line. */
export function joinModelCells(cells: readonly string[]): ModelText {
  const firstLines: number[] = [];
  let line = 1;
  for (const cell of cells) {
    firstLines.push(line);
    line += cell.split(/\r\n|\r|\n/).length;
  }
  return { text: cells.join('\n'), firstLines, cells };
}

/** The model a notebook's `pulse` cells form, with the indexes of those cells. */
export function notebookModelText(notebook: Notebook): { model: ModelText; cells: number[] } {
  const cells = notebook.cells.flatMap((cell, index) => (cell.kind === 'pulse' ? [index] : []));
  return { model: joinModelCells(cells.map((index) => notebook.cells[index]!.source)), cells };
}

/** A position in cell `cell` as a position in the model text. */
export function toModelPosition(model: ModelText, cell: number, position: CellPosition): CellPosition {
  return { line: position.line + (model.firstLines[cell] ?? 1) - 1, column: position.column };
}

/** The cell that holds a model-text line. */
export function cellOfLine(model: ModelText, line: number): number {
  let cell = 0;
  model.firstLines.forEach((first, index) => {
    if (first <= line) cell = index;
  });
  return cell;
}

/** A model-text position as a position in cell `cell`. */
export function toCellPosition(model: ModelText, cell: number, position: CellPosition): CellPosition {
  return { line: position.line - (model.firstLines[cell] ?? 1) + 1, column: position.column };
}

/**
 * Diagnostics of the model text, split by the cell their start falls in, with cell-relative
 * ranges (a range that runs past its cell's end is cut at the cell's last line).
 */
export function diagnosticsByCell(model: ModelText, diagnostics: readonly Diagnostic[]): Diagnostic[][] {
  const byCell: Diagnostic[][] = model.firstLines.map(() => []);
  for (const diagnostic of diagnostics) {
    const cell = cellOfLine(model, diagnostic.range.start.line);
    const lines = (model.cells[cell] ?? '').split(/\r\n|\r|\n/);
    const lastLine = (model.firstLines[cell] ?? 1) + lines.length - 1;
    const end = diagnostic.range.end.line > lastLine
      ? { line: lastLine, column: (lines[lines.length - 1]?.length ?? 0) + 1 }
      : diagnostic.range.end;
    byCell[cell]?.push({
      ...diagnostic,
      range: { start: toCellPosition(model, cell, diagnostic.range.start), end: toCellPosition(model, cell, end) },
    });
  }
  return byCell;
}
