import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { parse } from '../syntax/parse.ts';
import * as t from '../syntax/tokens.ts';
import type * as ast from '../syntax/ast.ts';
import { astNames } from './ast-names.ts';

const INDENT = '  ';
const CONTINUATION = '    ';
const STATEMENT_STARTS = new Set<TokenType>([t.Entity, t.Source, t.Measure, t.Score, t.Segment]);
const KEYWORDS = new Set<TokenType>(t.keywords);
const CALLABLE_KEYWORDS = new Set<TokenType>([t.Count, t.Sum, t.Avg, t.Min, t.Max, t.Median, t.Latest, t.First]);
const OPERAND_ENDS = new Set<TokenType>([
  t.Identifier, t.QuotedIdentifier, t.NumberLiteral, t.StringLiteral, t.DateLiteral, t.True, t.False, t.Null, t.Asof,
  t.RParen, t.RBrace, t.DayUnit, t.WeekUnit, t.MonthUnit, t.YearUnit, t.Ago,
]);
const NO_SPACE_BEFORE = new Set<TokenType>([t.RParen, t.Comma, t.Colon, t.Dot]);

/**
 * Lays out a rules text the one way: keywords in lower case, one statement per line, single
 * spaces around operators and after commas, none inside parentheses, score items on their own
 * lines indented two spaces, at most one blank line where there were blank lines. Comments stay
 * where they were, at the end of their line or on a line of their own. Names, strings, labels,
 * numbers and dates are written exactly as in the source. A text with a syntax error comes back
 * unchanged: without a parse there is no telling what its layout means.
 */
export function formatText(text: string): string {
  const parsed = parse(text);
  if (parsed.diagnostics.length > 0) return text;
  return new Layout(parsed.tokens, parsed.comments, parsed.model).run();
}

type LineKind = 'statement' | 'item' | 'close' | 'continuation' | 'comment';

/** A token's place in the layout of its statement. */
type Role = 'statement' | 'item' | 'close' | 'inline';

class Layout {
  private readonly lines: string[] = [];
  private line: string | null = null;
  /** The line must end before the next token (a comment ended it). */
  private broken = false;
  private previous: IToken | undefined;
  private previousEndLine = 0;
  private statement: TokenType | null = null;
  /** Brace depth inside a score statement: 1 inside its block. */
  private depth = 0;
  private readonly names: boolean[];

  constructor(private readonly tokens: readonly IToken[], private readonly comments: readonly IToken[], model: ast.Model) {
    this.names = namePositions(tokens, model);
  }

  run(): string {
    let comment = 0;
    this.tokens.forEach((token, index) => {
      while (comment < this.comments.length && this.comments[comment]!.startOffset < token.startOffset) this.comment(this.comments[comment++]!, index);
      this.token(token, index);
    });
    while (comment < this.comments.length) this.comment(this.comments[comment++]!, this.tokens.length);
    this.flush();
    return this.lines.length > 0 ? `${this.lines.join('\n')}\n` : '';
  }

  private role(index: number): Role {
    const token = this.tokens[index];
    if (!token) return 'statement';
    const type = token.tokenType;
    if (startsStatement(this.tokens, index)) return 'statement';
    if (this.statement !== t.Score || this.depth !== 1) return 'inline';
    if (type === t.RBrace) return 'close';
    const startsComponent = (tokenMatcher(token, t.Identifier) || type === t.QuotedIdentifier) && this.tokens[index + 1]?.tokenType === t.Weight;
    return type === t.Missing || type === t.Grades || startsComponent ? 'item' : 'inline';
  }

  private token(token: IToken, index: number): void {
    const role = this.role(index);
    if (role === 'statement') {
      this.statement = token.tokenType;
      this.depth = 0;
    }
    if (role === 'inline' && !this.broken && this.line !== null) {
      this.line += (this.spaced(index) ? ' ' : '') + this.text(index);
    } else {
      const kind: LineKind = role === 'inline' ? 'continuation' : role;
      this.startLine(this.indent(kind), kind, token.startLine ?? 0, this.text(index));
    }
    if (this.statement === t.Score && token.tokenType === t.LBrace) this.depth++;
    if (this.statement === t.Score && token.tokenType === t.RBrace) this.depth--;
    this.previous = token;
    this.previousEndLine = token.endLine ?? 0;
  }

  /** A comment at the end of a line stays there; one on its own line keeps a line at its level. */
  private comment(comment: IToken, next: number): void {
    const text = comment.image.trimEnd();
    if (this.line !== null && !this.broken && this.previousEndLine === comment.startLine) {
      this.line += `  ${text}`;
    } else {
      const role = this.role(next);
      const kind: LineKind = role === 'inline' ? 'continuation' : 'comment';
      const indent = role === 'inline' ? this.indent('continuation') : role === 'statement' ? '' : INDENT;
      this.startLine(indent, kind, comment.startLine ?? 0, text);
    }
    this.broken = true;
    this.previousEndLine = comment.endLine ?? 0;
  }

  private indent(kind: LineKind): string {
    if (kind === 'item') return INDENT;
    if (kind === 'continuation') return (this.statement === t.Score && this.depth >= 1 ? INDENT : '') + CONTINUATION;
    return '';
  }

  /**
   * Starts an output line. A blank line in the source before a statement, a score item or a
   * comment line is kept (one, however many there were), except at the top of a score block.
   */
  private startLine(indent: string, kind: LineKind, sourceLine: number, text: string): void {
    this.flush();
    const afterBlockOpen = this.previous?.tokenType === t.LBrace && this.statement === t.Score && this.depth === 1;
    const keepsBlank = kind === 'statement' || kind === 'item' || kind === 'comment';
    if (keepsBlank && this.lines.length > 0 && !afterBlockOpen && sourceLine - this.previousEndLine >= 2) this.lines.push('');
    this.line = indent + text;
    this.broken = false;
  }

  private flush(): void {
    if (this.line !== null) this.lines.push(this.line);
    this.line = null;
  }

  /** A token as written, but keywords (other than keywords used as names) in lower case. */
  private text(index: number): string {
    const token = this.tokens[index]!;
    return KEYWORDS.has(token.tokenType) && !this.names[index] ? token.image.toLowerCase() : token.image;
  }

  /** Whether a space separates the token at `index` from the one before it on the line. */
  private spaced(index: number): boolean {
    const token = this.tokens[index]!;
    const before = this.tokens[index - 1];
    if (!before) return false;
    const type = token.tokenType;
    if (before.tokenType === t.LParen || before.tokenType === t.Dot || NO_SPACE_BEFORE.has(type)) return false;
    if (type === t.LParen && (this.names[index - 1] || CALLABLE_KEYWORDS.has(before.tokenType))) return false;
    return !(before.tokenType === t.Minus && this.isUnaryMinus(index - 1));
  }

  private isUnaryMinus(index: number): boolean {
    const before = this.tokens[index - 1];
    return !before || !(OPERAND_ENDS.has(before.tokenType) || this.names[index - 1]);
  }
}

/** As `parse.ts` cuts statements: at a statement keyword not after a dot, and at `asof` before a date. */
function startsStatement(tokens: readonly IToken[], index: number): boolean {
  const token = tokens[index]!;
  if (tokens[index - 1]?.tokenType === t.Dot) return false;
  return STATEMENT_STARTS.has(token.tokenType) || (token.tokenType === t.Asof && tokens[index + 1]?.tokenType === t.DateLiteral);
}

/**
 * Which tokens are names, read off the syntax tree: a keyword spelling is a name after a dot
 * (`nps.score`), in the table and column places of declarations (`time time`), and anywhere a
 * soft keyword names something (`measure month = …`). Those keep their case.
 */
function namePositions(tokens: readonly IToken[], model: ast.Model): boolean[] {
  const starts = new Set(astNames(model).map((name) => `${name.range.start.line}:${name.range.start.column}`));
  return tokens.map((token) => starts.has(`${token.startLine}:${token.startColumn}`));
}
