import type { ILexingError, IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics.ts';
import { at, messages } from '../messages.ts';
import type { Model, Range, Statement } from './ast.ts';
import { statementToAst } from './cst-to-ast.ts';
import { pulseParser } from './parser.ts';
import * as t from './tokens.ts';

/** The result of parsing: the statements that could be read, and every syntax problem. */
export interface ParseResult {
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
  /** The tokens of the text, comments included, for the language service. */
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
}

const statementStarts = new Set([t.Entity, t.Source, t.Measure, t.Score, t.Segment]);

/**
 * Parses a rules file. Never throws: lexing errors, syntax errors and anything unexpected
 * come back as diagnostics. The file is cut into statements at each statement keyword, and
 * each is parsed on its own, so that a broken statement never hides the errors of the next.
 */
export function parse(text: string): ParseResult {
  const lexed = t.pulseLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((error) => lexingDiagnostic(error, text));
  const statements: Statement[] = [];
  const tokens = lexed.tokens;
  const chunks = splitStatements(tokens);
  if (chunks.stray.length > 0) diagnostics.push(at(messages.notAStatement(`\`${chunks.stray[0]!.image}\``), tokenRange(chunks.stray[0]!)));
  for (const chunk of chunks.statements) {
    const fallback = spanOf(chunk);
    const tooBig = sizeProblem(chunk);
    if (tooBig) {
      diagnostics.push(at(tooBig, { start: fallback.start, end: tokenRange(chunk[0]!).end }));
      continue;
    }
    pulseParser.input = chunk;
    const cst = pulseParser.statement();
    diagnostics.push(...pulseParser.errors.map((error) => syntaxDiagnostic(error, chunk)));
    const statement = cst ? statementToAst(cst, fallback) : null;
    if (statement) statements.push(statement);
  }
  const model: Model = {
    kind: 'model',
    statements,
    range: { start: { line: 1, column: 1 }, end: endOf(text) },
  };
  return { model, diagnostics, tokens, comments: lexed.groups.comments ?? [] };
}

/** The most tokens, and the deepest nesting, a statement may have: beyond them parsing and checking would recurse too deep. */
const MAX_STATEMENT_TOKENS = 2000;
const MAX_NESTING = 64;

/** Why a statement is too big to parse safely, if it is. */
function sizeProblem(chunk: readonly IToken[]) {
  if (chunk.length > MAX_STATEMENT_TOKENS) return messages.statementTooLong(chunk.length, MAX_STATEMENT_TOKENS);
  let depth = 0;
  let deepest = 0;
  let prefixRun = 0;
  for (const token of chunk) {
    if (token.tokenType === t.LParen || token.tokenType === t.LBrace) depth++;
    else if (token.tokenType === t.RParen || token.tokenType === t.RBrace) depth--;
    // Unary operators nest too: `- - - x`, `not not x`.
    prefixRun = token.tokenType === t.Minus || token.tokenType === t.Not ? prefixRun + 1 : 0;
    deepest = Math.max(deepest, depth, prefixRun);
  }
  return deepest > MAX_NESTING ? messages.nestedTooDeeply(MAX_NESTING) : undefined;
}

/**
 * Cuts the token stream at every token that starts a statement (`asof` only when a date
 * follows: elsewhere it is the evaluation date in an expression). Tokens before the first
 * statement are stray.
 */
function splitStatements(tokens: readonly IToken[]): { statements: IToken[][]; stray: IToken[] } {
  const statements: IToken[][] = [];
  const stray: IToken[] = [];
  // In `entity`/`source` declarations, the word after `=`, `key` or `time` names a table or
  // column and may be any keyword on the same line (`source s = t time score`); a small state
  // machine knows when a name is due.
  let nameDue = false;
  let declaration = false;
  tokens.forEach((token, index) => {
    const afterDot = tokens[index - 1]?.tokenType === t.Dot;
    // A statement keyword that begins a line still starts a statement: the user may be typing
    // the declaration above (`source s =`, then `measure a = …` on the next line).
    const beginsLine = tokens[index - 1]?.endLine !== token.startLine;
    if (declaration && nameDue && !(beginsLine && statementStarts.has(token.tokenType))) {
      nameDue = false;
      statements[statements.length - 1]!.push(token);
      return;
    }
    const starts = !afterDot
      && (statementStarts.has(token.tokenType) || (token.tokenType === t.Asof && tokens[index + 1]?.tokenType === t.DateLiteral));
    if (starts) {
      statements.push([token]);
      declaration = token.tokenType === t.Entity || token.tokenType === t.Source;
      nameDue = declaration;
      return;
    }
    if (declaration) nameDue = token.tokenType === t.Equals || token.tokenType === t.Key || token.tokenType === t.Time;
    if (statements.length > 0) statements[statements.length - 1]!.push(token);
    else stray.push(token);
  });
  return { statements, stray };
}

function lexingDiagnostic(error: ILexingError, text: string): Diagnostic {
  const char = text.charAt(error.offset);
  const line = error.line ?? 1;
  const column = error.column ?? 1;
  const range: Range = { start: { line, column }, end: { line, column: column + Math.max(1, error.length) } };
  if (char === "'") return at(messages.unclosedString(), range);
  if (char === '"') return at(messages.unclosedLabel(), range);
  return at(messages.unexpectedCharacter(text.slice(error.offset, error.offset + Math.max(1, error.length))), range);
}

function syntaxDiagnostic(error: IRecognitionException, chunk: readonly IToken[]): Diagnostic {
  const token = error.token;
  const real = Number.isFinite(token.startOffset) && !token.isInsertedInRecovery;
  // At the end of a statement the parser points at a virtual end token; point just after the
  // last real token instead, where the missing part belongs.
  const previous = (error as { previousToken?: IToken }).previousToken;
  const anchor = real ? tokenRange(token) : afterToken(previous && Number.isFinite(previous.startOffset) ? previous : chunk[chunk.length - 1]);
  return at(messages.syntax(error.message), anchor);
}

function tokenRange(token: IToken): Range {
  return {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1 },
    end: { line: token.endLine ?? token.startLine ?? 1, column: (token.endColumn ?? token.startColumn ?? 0) + 1 },
  };
}

function afterToken(token: IToken | undefined): Range {
  if (!token) return { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
  const end = tokenRange(token).end;
  return { start: end, end: { line: end.line, column: end.column + 1 } };
}

function spanOf(tokens: readonly IToken[]): Range {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  return { start: tokenRange(first).start, end: tokenRange(last).end };
}

function endOf(text: string): { line: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
