import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as ast from './ast.ts';

/**
 * Turns one statement's concrete syntax tree into AST nodes. The parser recovers from errors,
 * so any child may be missing: a missing expression becomes an `error` node, a missing name an
 * empty one. This function never throws on a tree the parser produced.
 */
export function statementToAst(cst: CstNode, fallback: ast.Range): ast.Statement | null {
  const convert = new Converter(fallback);
  const [kind, node] = onlyChild(cst);
  if (!node) return null;
  switch (kind) {
    case 'entityStatement': return convert.entity(node);
    case 'sourceStatement': return convert.source(node);
    case 'asofStatement': return convert.asof(node);
    case 'measureStatement': return convert.measure(node);
    case 'segmentStatement': return convert.segment(node);
    case 'scoreStatement': return convert.score(node);
    default: return null;
  }
}

/** A token is real when the parser read it from the text, not inserted it while recovering. */
function isRealToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && 'image' in element && !element.isInsertedInRecovery && Number.isFinite(element.startOffset);
}

function isNode(element: CstElement | undefined): element is CstNode {
  return element !== undefined && 'children' in element;
}

function onlyChild(cst: CstNode): [string, CstNode | undefined] {
  for (const [key, value] of Object.entries(cst.children)) {
    const first = value[0];
    if (isNode(first)) return [key, first];
  }
  return ['', undefined];
}

function tokenRange(token: IToken): ast.Range {
  return {
    start: { line: token.startLine ?? 1, column: token.startColumn ?? 1 },
    end: { line: token.endLine ?? token.startLine ?? 1, column: (token.endColumn ?? token.startColumn ?? 0) + 1 },
  };
}

/**
 * The text an element covers: a token's own position, or a node's location as the parser
 * tracked it. A node the parser recovered may have no location: then its real tokens decide.
 */
function spanOf(element: CstElement | undefined): ast.Range | undefined {
  if (isRealToken(element)) return tokenRange(element);
  if (!isNode(element)) return undefined;
  const location = element.location;
  if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset)
    && location.startLine !== undefined && location.endLine !== undefined && Number.isFinite(location.startLine) && Number.isFinite(location.endLine)) {
    return { start: { line: location.startLine, column: location.startColumn ?? 1 }, end: { line: location.endLine, column: (location.endColumn ?? 0) + 1 } };
  }
  const tokens = tokensOf(element).sort((a, b) => a.startOffset - b.startOffset);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? { start: tokenRange(first).start, end: tokenRange(last).end } : undefined;
}

/** Every real token under a node, in text order. */
function tokensOf(element: CstElement | undefined, into: IToken[] = []): IToken[] {
  if (isRealToken(element)) into.push(element);
  else if (isNode(element)) for (const children of Object.values(element.children)) for (const child of children) tokensOf(child, into);
  return into;
}

class Converter {
  constructor(private readonly fallback: ast.Range) {}

  // --- helpers ---------------------------------------------------------------------------------

  private range(...elements: (CstElement | undefined)[]): ast.Range {
    let start: ast.Position | undefined;
    let end: ast.Position | undefined;
    const before = (a: ast.Position, b: ast.Position) => a.line < b.line || (a.line === b.line && a.column < b.column);
    for (const element of elements) {
      const span = spanOf(element);
      if (!span) continue;
      if (!start || before(span.start, start)) start = span.start;
      if (!end || before(end, span.end)) end = span.end;
    }
    return start && end ? { start, end } : this.fallback;
  }

  private nodes(node: CstNode, key: string): CstNode[] {
    return (node.children[key] ?? []).filter(isNode);
  }

  private node(node: CstNode, key: string, index = 0): CstNode | undefined {
    return this.nodes(node, key)[index];
  }

  private token(node: CstNode, key: string, index = 0): IToken | undefined {
    const found = (node.children[key] ?? []).filter(isRealToken)[index];
    return found;
  }

  private name(node: CstNode | undefined): ast.Name {
    const token = node ? tokensOf(node)[0] : undefined;
    if (!token) return { text: '', range: node ? this.range(node) : this.fallback };
    const text = token.tokenType.name === 'QuotedIdentifier' ? token.image.slice(1, -1) : token.image;
    return { text, range: tokenRange(token) };
  }

  private label(node: CstNode): string | null {
    const token = this.token(node, 'LabelLiteral');
    return token ? token.image.slice(1, -1).replaceAll('""', '"') : null;
  }

  private number(node: CstNode | undefined): ast.NumberLiteral {
    const tokens = tokensOf(node);
    const digits = tokens.find((token) => token.tokenType.name === 'NumberLiteral');
    const negative = tokens.some((token) => token.tokenType.name === 'Minus');
    const value = digits ? Number(digits.image) * (negative ? -1 : 1) : Number.NaN;
    return { kind: 'number', value, range: node ? this.range(node) : this.fallback };
  }

  // --- statements ------------------------------------------------------------------------------

  entity(node: CstNode): ast.EntityStatement {
    const key = this.node(node, 'key');
    return { kind: 'entity', name: this.name(this.node(node, 'entityName')), table: this.name(this.node(node, 'table')),
      key: key ? this.name(key) : null, range: this.range(node) };
  }

  source(node: CstNode): ast.SourceStatement {
    const table = this.node(node, 'table');
    const key = this.node(node, 'key');
    const time = this.node(node, 'time');
    return { kind: 'source', name: this.name(this.node(node, 'sourceName')), table: table ? this.name(table) : null,
      key: key ? this.name(key) : null, time: time ? this.name(time) : null, range: this.range(node) };
  }

  asof(node: CstNode): ast.AsofStatement {
    const token = this.token(node, 'DateLiteral');
    const date: ast.DateLiteral = { kind: 'date', value: token?.image ?? '', range: token ? tokenRange(token) : this.range(node) };
    return { kind: 'asof', date, range: this.range(node) };
  }

  measure(node: CstNode): ast.MeasureStatement {
    return { kind: 'measure', name: this.name(this.node(node, 'name')), label: this.label(node),
      expression: this.expression(this.node(node, 'expression'), node), range: this.range(node) };
  }

  segment(node: CstNode): ast.SegmentStatement {
    return { kind: 'segment', name: this.name(this.node(node, 'name')), label: this.label(node),
      expression: this.expression(this.node(node, 'expression'), node), range: this.range(node) };
  }

  score(node: CstNode): ast.ScoreStatement {
    const components: ast.ScoreComponent[] = [];
    let missing: ast.MissingClause | null = null;
    let grades: ast.GradesClause | null = null;
    for (const item of this.nodes(node, 'scoreItem')) {
      const [kind, inner] = onlyChild(item);
      if (!inner) continue;
      if (kind === 'component') components.push(this.component(inner));
      else if (kind === 'missingClause') missing ??= this.missingClause(inner);
      else if (kind === 'gradesClause') grades ??= this.gradesClause(inner);
    }
    return { kind: 'score', name: this.name(this.node(node, 'name')), label: this.label(node), components, missing, grades,
      range: this.range(node) };
  }

  private component(node: CstNode): ast.ScoreComponent {
    return { kind: 'component', name: this.name(this.node(node, 'name')), weight: this.number(this.node(node, 'signedNumber')),
      expression: this.expression(this.node(node, 'expression'), node), range: this.range(node) };
  }

  private missingClause(node: CstNode): ast.MissingClause {
    const policy: ast.MissingPolicy = this.token(node, 'Zero') ? 'zero' : this.token(node, 'Null') ? 'null' : 'reweight';
    return { kind: 'missing', policy, range: this.range(node) };
  }

  private gradesClause(node: CstNode): ast.GradesClause {
    const arms = this.nodes(node, 'gradeArm').map((arm): ast.GradeArm => {
      const threshold = this.node(arm, 'signedNumber');
      return { kind: 'grade', name: this.name(this.node(arm, 'name')), minimum: threshold ? this.number(threshold) : null, range: this.range(arm) };
    });
    return { kind: 'grades', arms, range: this.range(node) };
  }

  // --- expressions -----------------------------------------------------------------------------

  /** An expression node, or an `error` placeholder spanning `around` when the parser lost it. */
  private expression(node: CstNode | undefined, around: CstNode): ast.Expression {
    if (!node) return { kind: 'error', range: this.range(around) };
    return this.logical(node, 'or', (operand) => this.logical(operand, 'and', (not) => this.not(not)));
  }

  private logical(node: CstNode, operator: ast.LogicalOperator, operand: (node: CstNode) => ast.Expression): ast.Expression {
    const operands = this.nodes(node, 'operands');
    if (operands.length === 0) return { kind: 'error', range: this.range(node) };
    return operands.map(operand).reduce((left, right) => ({ kind: 'binary', operator, left, right, range: span(left.range, right.range) }));
  }

  private not(node: CstNode): ast.Expression {
    const inner = this.node(node, 'notExpression');
    if (this.token(node, 'Not') || inner) {
      return { kind: 'unary', operator: 'not', operand: inner ? this.not(inner) : { kind: 'error', range: this.range(node) }, range: this.range(node) };
    }
    const comparison = this.node(node, 'comparison');
    return comparison ? this.comparison(comparison) : { kind: 'error', range: this.range(node) };
  }

  private comparison(node: CstNode): ast.Expression {
    const subjectNode = this.node(node, 'subject');
    const subject = subjectNode ? this.additive(subjectNode) : { kind: 'error' as const, range: this.range(node) };
    const range = this.range(node);
    const negated = this.token(node, 'Not') !== undefined;
    const operator = this.node(node, 'comparisonOperator');
    if (operator) {
      const other = this.node(node, 'other');
      return { kind: 'binary', operator: comparisonOperatorOf(operator), left: subject,
        right: other ? this.additive(other) : { kind: 'error', range }, range };
    }
    if (this.token(node, 'Is')) return { kind: 'is-null', operand: subject, negated, range };
    if (this.token(node, 'In') || this.nodes(node, 'items').length > 0) {
      return { kind: 'in', operand: subject, items: this.nodes(node, 'items').map((item) => this.expression(item, node)), negated, range };
    }
    if (this.token(node, 'Between')) {
      const low = this.node(node, 'low');
      const high = this.node(node, 'high');
      return { kind: 'between', operand: subject, low: low ? this.additive(low) : { kind: 'error', range },
        high: high ? this.additive(high) : { kind: 'error', range }, negated, range };
    }
    return subject;
  }

  private additive(node: CstNode): ast.Expression {
    return this.arithmetic(node, (operand) => this.arithmetic(operand, (unary) => this.unary(unary)));
  }

  /** A left-associative chain `a op b op c` whose operators are labelled `operators`. */
  private arithmetic(node: CstNode, operand: (node: CstNode) => ast.Expression): ast.Expression {
    const operands = this.nodes(node, 'operands').map(operand);
    const operators = (node.children.operators ?? []).filter(isRealToken).map((token) => token.image as ast.ArithmeticOperator);
    if (operands.length === 0) return { kind: 'error', range: this.range(node) };
    return operands.reduce((left, right, index) =>
      ({ kind: 'binary', operator: operators[index - 1] ?? '+', left, right, range: span(left.range, right.range) }));
  }

  private unary(node: CstNode): ast.Expression {
    const inner = this.node(node, 'unary');
    if (inner) return { kind: 'unary', operator: '-', operand: this.unary(inner), range: this.range(node) };
    const primary = this.node(node, 'primary');
    return primary ? this.primary(primary) : { kind: 'error', range: this.range(node) };
  }

  private primary(node: CstNode): ast.Expression {
    const range = this.range(node);
    const [kind, child] = onlyChild(node);
    if (child) {
      switch (kind) {
        case 'aggregate': return this.aggregate(child);
        case 'band': return this.band(child);
        case 'parenthesized': return this.expression(this.node(child, 'expression'), child);
        case 'callOrReference': return this.callOrReference(child);
      }
    }
    const token = tokensOf(node)[0];
    switch (token?.tokenType.name) {
      case 'NumberLiteral': return { kind: 'number', value: Number(token.image), range };
      case 'StringLiteral': return { kind: 'string', value: unquote(token.image), range };
      case 'DateLiteral': return { kind: 'date', value: token.image, range };
      case 'True': return { kind: 'boolean', value: true, range };
      case 'False': return { kind: 'boolean', value: false, range };
      case 'Null': return { kind: 'null', range };
      case 'Asof': return { kind: 'asof-value', range };
      default: return { kind: 'error', range };
    }
  }

  private callOrReference(node: CstNode): ast.Expression {
    const head = this.name(this.node(node, 'head'));
    const range = this.range(node);
    if (this.token(node, 'LParen')) {
      return { kind: 'call', callee: head, args: this.nodes(node, 'args').map((arg) => this.expression(arg, node)), range };
    }
    const member = this.node(node, 'member');
    if (member || this.token(node, 'Dot')) return { kind: 'reference', qualifier: head, name: this.name(member), range };
    return { kind: 'reference', qualifier: null, name: head, range };
  }

  private aggregate(node: CstNode): ast.Expression {
    const [kind, inner] = onlyChild(node);
    if (!inner) return { kind: 'error', range: this.range(node) };
    const column = this.node(inner, 'sourceColumn');
    const filters = this.node(inner, 'aggregateFilters');
    let fn: ast.AggregateFunction;
    if (kind === 'countAggregate') fn = this.token(inner, 'Distinct') ? 'count-distinct' : 'count';
    else fn = ((tokensOf(inner)[0]?.image ?? 'sum').toLowerCase()) as ast.AggregateFunction;
    const source = column ? this.name(this.node(column, 'source')) : this.name(this.node(inner, 'source'));
    return {
      kind: 'aggregate', function: fn, source,
      column: column ? this.name(this.node(column, 'column')) : null,
      where: filters && this.node(filters, 'where') ? this.expression(this.node(filters, 'where'), filters) : null,
      window: filters ? this.window(this.node(filters, 'windowSpec')) : null,
      range: this.range(node),
    };
  }

  private window(node: CstNode | undefined): ast.Window | null {
    if (!node) return null;
    const from = this.token(node, 'from');
    const to = this.token(node, 'to');
    const unitToken = tokensOf(this.node(node, 'durationUnit'))[0];
    const unit = ({ DayUnit: 'day', WeekUnit: 'week', MonthUnit: 'month', YearUnit: 'year' } as const)[unitToken?.tokenType.name as 'DayUnit'] ?? 'day';
    const literal = (token: IToken | undefined): ast.NumberLiteral =>
      ({ kind: 'number', value: token ? Number(token.image) : Number.NaN, range: token ? tokenRange(token) : this.range(node) });
    return { kind: 'window', from: literal(from), to: to ? literal(to) : null, unit, range: this.range(node) };
  }

  private band(node: CstNode): ast.Expression {
    const subjectNode = this.node(node, 'subject');
    const arms = this.nodes(node, 'bandArm').map((arm): ast.BandArm => {
      const test = this.node(arm, 'bandTest');
      const result = this.number(this.node(arm, 'result'));
      return { kind: 'band-arm', test: test ? this.bandTest(test) : { kind: 'else' }, result, range: this.range(arm) };
    });
    return { kind: 'band', subject: subjectNode ? this.additive(subjectNode) : { kind: 'error', range: this.range(node) }, arms,
      range: this.range(node) };
  }

  private bandTest(node: CstNode): ast.BandArm['test'] {
    if (this.token(node, 'Else')) return { kind: 'else' };
    if (this.token(node, 'Missing')) return { kind: 'missing' };
    const operator = this.node(node, 'comparisonOperator');
    const literal = this.node(node, 'literal');
    const token = literal ? tokensOf(literal).find((candidate) => candidate.tokenType.name !== 'Minus') : undefined;
    const range = literal ? this.range(literal) : this.range(node);
    let value: ast.NumberLiteral | ast.StringLiteral | ast.DateLiteral;
    if (token?.tokenType.name === 'StringLiteral') value = { kind: 'string', value: unquote(token.image), range };
    else if (token?.tokenType.name === 'DateLiteral') value = { kind: 'date', value: token.image, range };
    else value = this.number(literal);
    return { kind: 'compare', operator: operator ? comparisonOperatorOf(operator) : '=', value };
  }
}

function comparisonOperatorOf(node: CstNode): ast.ComparisonOperator {
  const image = tokensOf(node)[0]?.image ?? '=';
  return image === '<>' ? '!=' : (image as ast.ComparisonOperator);
}

function unquote(image: string): string {
  return image.slice(1, -1).replaceAll("''", "'");
}

/** The range from the start of `a` to the end of `b`. */
export function span(a: ast.Range, b: ast.Range): ast.Range {
  return { start: a.start, end: b.end };
}
