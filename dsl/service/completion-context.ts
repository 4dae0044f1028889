import { tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as t from '../syntax/tokens.ts';

/**
 * What may be written at the cursor, read from the tokens before it. The text there usually
 * does not parse (the user is typing), so this looks only at the current statement's tokens and
 * tracks brackets, aggregates, windows and score blocks itself.
 */
export type CompletionContext =
  | { readonly kind: 'none' }
  | { readonly kind: 'statement-start' }
  | { readonly kind: 'keywords'; readonly keywords: readonly TokenType[] }
  | { readonly kind: 'tables' }
  /** Columns of a table named in a declaration; `table` null means the entity's table. */
  | { readonly kind: 'table-columns'; readonly table: string | null; readonly forTime: boolean }
  | { readonly kind: 'sources'; readonly distinct: boolean }
  /** After `name.`: the columns of a source, the parts of a score or the entity's columns. */
  | { readonly kind: 'member'; readonly qualifier: string; readonly whereSource: string | null }
  /** A value: inside an aggregate's `where`, only that source's columns are names. */
  | { readonly kind: 'operand'; readonly whereSource: string | null; readonly self: string | null };

/** Where the word being completed starts. */
export interface Cursor {
  /** Only whitespace before the word on its line. */
  readonly atLineStart: boolean;
  readonly column: number;
}

const NONE: CompletionContext = { kind: 'none' };
const STATEMENT_STARTS = new Set<TokenType>([t.Entity, t.Source, t.Measure, t.Score, t.Segment]);
const UNITS = [t.DayUnit, t.WeekUnit, t.MonthUnit, t.YearUnit];
const AGGREGATES = new Map<TokenType, string>([
  [t.Count, 'count'], [t.Sum, 'sum'], [t.Avg, 'avg'], [t.Min, 'min'], [t.Max, 'max'], [t.Median, 'median'], [t.Latest, 'latest'], [t.First, 'first'],
]);
const OPERAND_ENDS = new Set<TokenType>([
  t.Identifier, t.QuotedIdentifier, t.NumberLiteral, t.StringLiteral, t.DateLiteral, t.True, t.False, t.Null, t.Asof,
  t.RParen, t.RBrace, ...UNITS, t.Ago,
]);
const BEFORE_OPERAND = new Set<TokenType>([
  t.Equals, t.NotEqual, t.Less, t.LessEqual, t.Greater, t.GreaterEqual, t.Plus, t.Minus, t.Star, t.Slash,
  t.And, t.Or, t.Not, t.Between, t.Band, t.Where,
]);
const OPERATORS = [t.And, t.Or, t.Not, t.Is, t.In, t.Between];

/** The context at the end of `tokens` (the tokens before the word being completed). */
export function completionContext(tokens: readonly IToken[], cursor: Cursor): CompletionContext {
  const start = lastStatementStart(tokens);
  if (start < 0) return cursor.atLineStart ? { kind: 'statement-start' } : NONE;
  const scanner = new Scanner(tokens.slice(start));
  return scanner.context(cursor);
}

/** A name, or a soft keyword (`month`, `time`), which is a name wherever its keyword cannot stand. */
function isName(token: IToken | undefined): boolean {
  return token !== undefined && (tokenMatcher(token, t.Identifier) || token.tokenType === t.QuotedIdentifier);
}

function nameText(token: IToken): string {
  return token.tokenType === t.QuotedIdentifier ? token.image.slice(1, -1) : token.image;
}

/** True when `token` can end a value; after a dot any word is a column name. */
function endsOperand(token: IToken | undefined, before: IToken | undefined): boolean {
  if (!token) return false;
  return before?.tokenType === t.Dot || OPERAND_ENDS.has(token.tokenType) || isName(token);
}

/**
 * The index where the statement at the end of `tokens` starts, cut as `parse.ts` cuts
 * statements. A trailing `asof` has no date after it yet: it starts a statement when it is
 * the first word on its line after something complete.
 */
function lastStatementStart(tokens: readonly IToken[]): number {
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index]!;
    const before = tokens[index - 1];
    if (before?.tokenType === t.Dot) continue;
    if (STATEMENT_STARTS.has(token.tokenType)) return index;
    if (token.tokenType !== t.Asof) continue;
    const next = tokens[index + 1];
    if (next?.tokenType === t.DateLiteral) return index;
    const firstOnLine = !before || before.endLine !== token.startLine;
    if (!next && firstOnLine && (!before || endsOperand(before, tokens[index - 2]))) return index;
  }
  return -1;
}

interface Aggregate {
  readonly fn: string;
  source: string | null;
  where: boolean;
  /** The tokens of `during …` read so far, or null before `during`. */
  window: TokenType[] | null;
  windowDone: boolean;
}

type FrameKind = 'top' | 'block' | 'grades' | 'band' | 'group' | 'call' | 'list' | 'aggregate';
type ItemState = 'start' | 'name' | 'weight' | 'number' | 'expr' | 'missing' | 'grades' | 'done';
/** Where a statement is: entity and source go keyword, named, eq, table, key/time, clause; the others keyword, header, expr or block, closed. */
type Phase = 'keyword' | 'named' | 'eq' | 'table' | 'key' | 'time' | 'clause' | 'header' | 'expr' | 'block' | 'closed';

interface Frame {
  readonly kind: FrameKind;
  /** The aggregate this frame belongs to: its own for `count(…)`, or one written without parentheses. */
  aggregate: Aggregate | null;
  /** The source whose columns are the names here (inside a `where`). */
  whereSource: string | null;
  readonly inheritedWhere: string | null;
  pendingAggregate: string | null;
  pendingBand: boolean;
  /** In a score block: where the current item is. */
  item: ItemState;
  readonly present: Set<TokenType>;
}

function frame(kind: FrameKind, whereSource: string | null = null, aggregate: Aggregate | null = null): Frame {
  return { kind, aggregate, whereSource, inheritedWhere: whereSource, pendingAggregate: null, pendingBand: false, item: 'start',
    present: new Set() };
}

function newAggregate(fn: string): Aggregate {
  return { fn, source: null, where: false, window: null, windowDone: false };
}

/** What may follow the window tokens read so far. */
function windowExpects(window: readonly TokenType[]): readonly TokenType[] {
  const [first, second, third, fourth] = window;
  if (first === undefined) return [t.Last, t.NumberLiteral];
  if (first === t.Last) return second === undefined ? [t.NumberLiteral] : third === undefined ? UNITS : [];
  if (second === undefined) return [t.To];
  if (third === undefined) return [t.NumberLiteral];
  if (fourth === undefined) return UNITS;
  return window.length === 4 ? [t.Ago] : [];
}

function windowComplete(window: readonly TokenType[]): boolean {
  return (window[0] === t.Last && window.length === 3) || window.length === 5;
}

/** Reads one statement's tokens and keeps the state that decides what comes next. */
class Scanner {
  private readonly kind: TokenType;
  private readonly frames: Frame[] = [frame('top')];
  private phase: Phase = 'keyword';
  private selfName: string | null = null;
  private table: string | null = null;
  private readonly clauses = new Set<TokenType>();

  constructor(private readonly tokens: readonly IToken[]) {
    this.kind = tokens[0]!.tokenType;
    tokens.slice(1).forEach((token, index) => this.feed(token, index + 1));
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private feed(token: IToken, index: number): void {
    const type = token.tokenType;
    const before = this.tokens[index - 1];
    if (this.kind === t.Entity || this.kind === t.Source) return this.feedDeclaration(token);
    if (this.kind === t.Asof) return;
    if (this.phase === 'keyword') {
      if (isName(token)) this.selfName = nameText(token);
      this.phase = 'header';
      if (!isName(token)) this.feed(token, index);
      return;
    }
    if (this.phase === 'header') {
      if (this.kind === t.Score && type === t.LBrace) {
        this.frames.push(frame('block'));
        this.phase = 'block';
      } else if (this.kind !== t.Score && type === t.Equals) {
        this.phase = 'expr';
      }
      return;
    }
    if (this.phase === 'closed') return;
    if (before?.tokenType === t.Dot) return;
    const top = this.top;
    if (top.kind === 'block' && this.feedBlockItem(token, index)) return;
    this.feedExpression(token, before);
  }

  private feedDeclaration(token: IToken): void {
    const type = token.tokenType;
    switch (this.phase) {
      case 'keyword':
        this.phase = 'named';
        return;
      case 'eq':
        this.table = nameText(token);
        this.phase = 'table';
        return;
      case 'key': case 'time':
        this.phase = 'clause';
        return;
    }
    if (type === t.Equals && this.phase === 'named') this.phase = 'eq';
    else if (type === t.Key || (type === t.Time && this.kind === t.Source)) {
      this.clauses.add(type);
      this.phase = type === t.Key ? 'key' : 'time';
    }
  }

  /** Reads the tokens that make up a score item's frame; false for tokens of a component's expression. */
  private feedBlockItem(token: IToken, index: number): boolean {
    const block = this.top;
    const type = token.tokenType;
    const next = this.tokens[index + 1];
    if (type === t.RBrace) {
      this.frames.pop();
      this.phase = 'closed';
      return true;
    }
    switch (block.item) {
      case 'missing':
        block.item = 'done';
        return true;
      case 'grades':
        if (type === t.LBrace) this.frames.push(frame('grades'));
        return true;
      case 'name':
        if (type === t.Weight) block.item = 'weight';
        return true;
      case 'weight':
        if (type === t.NumberLiteral) block.item = 'number';
        return true;
      case 'number':
        if (type === t.Equals) block.item = 'expr';
        return true;
    }
    const startsItem = type === t.Missing || type === t.Grades || (isName(token) && (block.item !== 'expr' || next?.tokenType === t.Weight));
    if (!startsItem) return block.item !== 'expr';
    block.aggregate = null;
    block.whereSource = null;
    block.pendingBand = false;
    block.pendingAggregate = null;
    if (type === t.Missing || type === t.Grades) block.present.add(type);
    block.item = type === t.Missing ? 'missing' : type === t.Grades ? 'grades' : 'name';
    return true;
  }

  private feedExpression(token: IToken, before: IToken | undefined): void {
    const type = token.tokenType;
    let top = this.top;
    if (top.pendingAggregate !== null) {
      const fn = top.pendingAggregate;
      top.pendingAggregate = null;
      if (type === t.LParen) {
        this.frames.push(frame('aggregate', null, newAggregate(fn)));
        return;
      }
      top.aggregate = newAggregate(fn);
    }
    const aggregate = top.aggregate;
    if (aggregate?.window && !aggregate.windowDone) {
      if (windowExpects(aggregate.window).includes(type)) {
        aggregate.window.push(type);
        aggregate.windowDone = windowComplete(aggregate.window);
        return;
      }
      aggregate.windowDone = true;
    }
    const fn = AGGREGATES.get(type);
    if (fn) {
      top.pendingAggregate = fn;
      return;
    }
    if (isName(token)) {
      if (aggregate && aggregate.source === null) aggregate.source = nameText(token);
      return;
    }
    switch (type) {
      case t.Where:
        if (aggregate) {
          aggregate.where = true;
          top.whereSource = aggregate.source;
        }
        return;
      case t.During:
        if (aggregate) {
          aggregate.window = [];
          top.whereSource = top.inheritedWhere;
        }
        return;
      case t.Band:
        top.pendingBand = true;
        return;
      case t.LBrace:
        top.pendingBand = false;
        this.frames.push(frame('band'));
        return;
      case t.RBrace:
        if (top.kind === 'band' || top.kind === 'grades') this.frames.pop();
        top = this.top;
        if (top.kind === 'block') top.item = top.item === 'grades' ? 'done' : top.item;
        return;
      case t.LParen: {
        const kind: FrameKind = isName(before) ? 'call' : before?.tokenType === t.In ? 'list' : 'group';
        this.frames.push(frame(kind, top.whereSource));
        return;
      }
      case t.RParen:
        if (top.kind !== 'top' && top.kind !== 'block') this.frames.pop();
        return;
      case t.Comma:
        if (aggregate && top.kind !== 'aggregate') {
          top.aggregate = null;
          top.whereSource = top.inheritedWhere;
        }
        return;
    }
  }

  context(cursor: Cursor): CompletionContext {
    const tokens = this.tokens;
    const last = tokens[tokens.length - 1]!;
    const before = tokens[tokens.length - 2];
    const newStatement = cursor.atLineStart && cursor.column === 1;
    if (this.kind === t.Entity || this.kind === t.Source) {
      const complete = ['named', 'table', 'clause'].includes(this.phase) && !(this.kind === t.Entity && this.phase === 'named');
      if (newStatement && complete) return { kind: 'statement-start' };
      return this.declarationContext();
    }
    if (this.kind === t.Asof) return newStatement && last.tokenType === t.DateLiteral ? { kind: 'statement-start' } : NONE;
    if (this.phase === 'closed') return cursor.atLineStart ? { kind: 'statement-start' } : NONE;
    if (this.phase === 'keyword' || this.phase === 'header') return NONE;
    const top = this.top;
    if (newStatement && this.frames.length === 1 && this.complete(top)) return { kind: 'statement-start' };
    if (top.kind === 'block') {
      const item = this.blockContext(top, cursor, last, before);
      if (item) return item;
    }
    if (top.kind === 'grades') return NONE;
    if (top.kind === 'band') return last.tokenType === t.LBrace || last.tokenType === t.Comma ? keywords([t.Else, t.Missing]) : NONE;
    return this.expressionContext(top, last, before);
  }

  private declarationContext(): CompletionContext {
    const source = this.kind === t.Source;
    const clauses = (source ? [t.Key, t.Time] : [t.Key]).filter((clause) => !this.clauses.has(clause));
    switch (this.phase) {
      case 'named': return source ? keywords(clauses) : NONE;
      case 'eq': return { kind: 'tables' };
      case 'table': return keywords(clauses);
      case 'clause': return source ? keywords(clauses) : NONE;
      case 'key': case 'time': {
        const table = source ? this.table ?? this.declaredName() : this.table;
        return { kind: 'table-columns', table, forTime: this.phase === 'time' };
      }
      default: return NONE;
    }
  }

  private declaredName(): string | null {
    const name = this.tokens[1];
    return name && isName(name) ? nameText(name) : null;
  }

  /** The context of a score item, or null inside a component's expression. */
  private blockContext(block: Frame, cursor: Cursor, last: IToken, before: IToken | undefined): CompletionContext | null {
    const itemStart = keywords([t.Missing, t.Grades].filter((clause) => !block.present.has(clause)));
    switch (block.item) {
      case 'start': return itemStart;
      case 'done': return cursor.atLineStart ? itemStart : NONE;
      case 'missing': return keywords([t.Reweight, t.Zero, t.Null]);
      case 'name': return keywords([t.Weight]);
      case 'weight': case 'number': case 'grades': return NONE;
      case 'expr':
        if (isName(last) && before && last.startLine !== before.endLine && this.complete(block, 2)) return keywords([t.Weight]);
        if (cursor.atLineStart && this.complete(block)) return itemStart;
        return null;
    }
  }

  /** True when the expression ends `from` tokens before the end (1: the last token) could be complete. */
  private complete(top: Frame, from = 1): boolean {
    const tokens = this.tokens;
    const aggregate = top.aggregate;
    return endsOperand(tokens[tokens.length - from], tokens[tokens.length - from - 1])
      && top.pendingAggregate === null && !top.pendingBand
      && !(aggregate?.window && !aggregate.windowDone);
  }

  private expressionContext(top: Frame, last: IToken, before: IToken | undefined): CompletionContext {
    const type = last.tokenType;
    if (type === t.Dot) return isName(before) ? { kind: 'member', qualifier: nameText(before!), whereSource: top.whereSource } : NONE;
    if (top.pendingAggregate !== null) {
      if (top.pendingAggregate === 'count') return keywords([t.Distinct]);
      return top.pendingAggregate === 'latest' || top.pendingAggregate === 'first' ? { kind: 'sources', distinct: false } : NONE;
    }
    const aggregate = top.aggregate;
    if (aggregate?.window && !aggregate.windowDone) {
      const expected = windowExpects(aggregate.window).filter((candidate) => candidate !== t.NumberLiteral);
      return expected.length > 0 ? keywords(expected) : NONE;
    }
    if (aggregate && aggregate.source === null) {
      if (type === t.LParen) return { kind: 'sources', distinct: aggregate.fn === 'count' };
      return type === t.Distinct ? { kind: 'sources', distinct: false } : NONE;
    }
    if (type === t.Is) return keywords([t.Not, t.Null]);
    if (type === t.Not && before?.tokenType === t.Is) return keywords([t.Null]);
    if (type === t.Not && endsOperand(before, this.tokens[this.tokens.length - 3])) return keywords([t.In, t.Between]);
    const opensOperand = BEFORE_OPERAND.has(type)
      || (type === t.LParen && ['group', 'call', 'list'].includes(top.kind))
      || (type === t.Comma && (top.kind === 'call' || top.kind === 'list'));
    if (opensOperand) return { kind: 'operand', whereSource: top.whereSource, self: this.selfName };
    if (top.pendingBand || !endsOperand(last, before)) return NONE;
    return keywords(operatorsAfter(top));
  }
}

/** The keywords that can follow a complete value in a frame. */
function operatorsAfter(top: Frame): TokenType[] {
  const aggregate = top.aggregate;
  const inParentheses = top.kind === 'aggregate';
  if (!aggregate) return OPERATORS;
  if (aggregate.window) return inParentheses ? [] : OPERATORS;
  if (!aggregate.where) return inParentheses ? [t.Where, t.During] : [t.Where, t.During, ...OPERATORS];
  return [...OPERATORS, t.During];
}

function keywords(list: readonly TokenType[]): CompletionContext {
  return list.length > 0 ? { kind: 'keywords', keywords: list } : NONE;
}
