import type { IToken } from 'chevrotain';
import type { Position, Range } from '../syntax/ast.ts';

/** Line breaks as the lexer counts them (Chevrotain's default: `\n`, `\r\n`, `\r`). */
const LINE_BREAK = /\r\n|\r|\n/g;

/** The offsets at which each line starts: `starts[0]` is line 1. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

/** The offset of a 1-based position, clamped to the line and to the text. */
export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  const line = Math.min(Math.max(position.line, 1), starts.length);
  const start = starts[line - 1]!;
  const next = line < starts.length ? starts[line]! : text.length;
  const lineEnd = text.slice(start, next).replace(/(\r\n|\r|\n)$/, '').length + start;
  return Math.min(start + Math.max(position.column, 1) - 1, lineEnd);
}

/** The 1-based position of an offset. */
export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line: line + 1, column: offset - starts[line]! + 1 };
}

/** The range a token covers (`end` just after its last character). */
export function tokenRange(token: IToken): Range {
  return {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1 },
    end: { line: token.endLine ?? token.startLine ?? 1, column: (token.endColumn ?? token.startColumn ?? 0) + 1 },
  };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** True when the character at `position` lies in `range` (the end is excluded). */
export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) < 0;
}

/** The text a range covers. */
export function textOf(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}
