import type { Diagnostic } from '../../dsl/diagnostics.ts';
import type { Range } from '../../dsl/syntax/ast.ts';
import { at, chartMessages } from '../../dsl/messages.ts';

/** A word of a chart line — a name, a whole number or a date — lower-cased for keyword tests, with its place. */
export interface ChartToken {
  readonly kind: 'word' | 'number' | 'date';
  readonly text: string;
  readonly lower: string;
  readonly range: Range;
}

/**
 * Splits a chart cell into words (`[A-Za-z_][A-Za-z0-9_]*`), whole numbers and dates
 * (`2025-06-30`), skipping blanks and `#` comments, with 1-based line and column ranges. The
 * first run of other characters is a diagnostic, and the line is not read further (a pasted
 * JSON spec would give dozens).
 */
export function tokenizeChartLine(text: string): { tokens: ChartToken[]; diagnostics: Diagnostic[] } {
  const tokens: ChartToken[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const take = (pattern: RegExp): string => {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    return match && match.index === i ? match[0] : '';
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\n') {
      line++;
      column = 1;
      i++;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      column++;
      i++;
      continue;
    }
    if (char === '#') {
      const comment = take(/[^\n]*/y);
      i += comment.length;
      column += comment.length;
      continue;
    }
    const date = take(/\d{4}-\d{2}-\d{2}(?![0-9A-Za-z_])/y);
    const number = date === '' ? take(/\d+(?![0-9A-Za-z_])/y) : '';
    const word = date === '' && number === '' ? take(/[A-Za-z_][A-Za-z0-9_]*/y) : '';
    const known = date || number || word;
    const other = known === '' ? take(/[^A-Za-z_\s#]+/y) : '';
    const piece = known || other;
    const range = { start: { line, column }, end: { line, column: column + piece.length } };
    if (!known) return { tokens, diagnostics: [at(chartMessages.unexpectedCharacter(other), range)] };
    tokens.push({ kind: date ? 'date' : number ? 'number' : 'word', text: known, lower: known.toLowerCase(), range });
    i += piece.length;
    column += piece.length;
  }
  return { tokens, diagnostics: [] };
}
