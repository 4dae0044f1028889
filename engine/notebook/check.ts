import { analyze, type Diagnostic, type Schema } from '../../dsl/index.ts';
import { parseChartLine } from '../charts/index.ts';
import { cellFirstLines, parseNotebook } from './format.ts';
import { diagnosticsByCell, notebookModelText } from './model-text.ts';

/**
 * Every problem of a notebook that can be found without running it: the diagnostics of the
 * model its `pulse` cells form, and of its chart lines — with ranges in the notebook file's
 * own lines, so that editors and CI can point at them.
 */
export function checkNotebook(text: string, schema: Schema): Diagnostic[] {
  const notebook = parseNotebook(text);
  const firstLines = cellFirstLines(notebook);
  const shift = (diagnostic: Diagnostic, index: number): Diagnostic => {
    const offset = firstLines[index]! - 1;
    const { start, end } = diagnostic.range;
    return { ...diagnostic, range: { start: { ...start, line: start.line + offset }, end: { ...end, line: end.line + offset } } };
  };
  const { model, cells: pulse } = notebookModelText(notebook);
  const diagnostics = pulse.length > 0
    ? diagnosticsByCell(model, analyze(model.text, schema).diagnostics).flatMap((cell, at) => cell.map((d) => shift(d, pulse[at]!)))
    : [];
  notebook.cells.forEach((cell, index) => {
    if (cell.kind === 'chart' && !cell.source.trim().startsWith('{')) {
      diagnostics.push(...parseChartLine(cell.source).diagnostics.map((d) => shift(d, index)));
    }
  });
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
}
