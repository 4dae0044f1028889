import type { Diagnostic } from '../diagnostics.ts';
import { at, messages } from '../messages.ts';
import type { BandArmIR, FunctionName, ScorePart, TExpr, WindowIR } from '../model/ir.ts';
import { describeType, type ValueType } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import type { DeclaredItem, DeclaredSource, Environment } from './environment.ts';
import { isCalendarDate } from './environment.ts';
import { accepts, describeArity, functionSignature, functionSignatures } from './functions.ts';
import { closest } from './suggest.ts';
import { visit } from '../model/visit.ts';

/** What an expression is checked against. */
export interface ExpressionScope {
  readonly env: Environment;
  readonly report: (diagnostic: Diagnostic) => void;
  /** Called for every reference to a measure, score or segment; returns the item's type there. */
  readonly useItem: (item: DeclaredItem, part: ScorePart | null, range: ast.Range) => ValueType;
}

/** Inside an aggregate's `where`: only the source's own columns are in scope. */
interface WhereScope {
  readonly source: DeclaredSource;
}

const UNKNOWN_RANGE_TYPE: ValueType = 'unknown';

/** A window reaches back at most about 100 years: beyond that no date exists to compare with. */
const MAX_WINDOW_DAYS = 36_600;

/**
 * Resolves names and types of one expression, reporting every problem it finds. Always
 * returns a typed expression (with type `unknown` where it could not tell) so that checking
 * goes on after an error and each mistake is reported once.
 */
export function checkExpression(expression: ast.Expression, scope: ExpressionScope): TExpr {
  return new ExpressionChecker(scope).check(expression, null);
}

class ExpressionChecker {
  constructor(private readonly scope: ExpressionScope) {}

  private report(diagnostic: Diagnostic): void {
    this.scope.report(diagnostic);
  }

  check(expression: ast.Expression, where: WhereScope | null): TExpr {
    const range = expression.range;
    switch (expression.kind) {
      case 'number':
        if (!Number.isFinite(expression.value)) {
          this.report(at(messages.numberOutOfRange(String(expression.value)), range));
          return { kind: 'literal', type: 'unknown', value: null, range };
        }
        return { kind: 'literal', type: 'number', value: expression.value, range };
      case 'string': return { kind: 'literal', type: 'text', value: expression.value, range };
      case 'boolean': return { kind: 'literal', type: 'boolean', value: expression.value, range };
      case 'null': return { kind: 'literal', type: 'null', value: null, range };
      case 'date':
        if (!isCalendarDate(expression.value)) this.report(at(messages.invalidDate(expression.value), range));
        return { kind: 'literal', type: 'date', value: expression.value, range };
      case 'asof-value': return { kind: 'asof', type: 'date', range };
      case 'error': return { kind: 'literal', type: 'unknown', value: null, range };
      case 'reference': return where ? this.whereReference(expression, where) : this.reference(expression);
      case 'unary': return this.unary(expression, where);
      case 'binary': return this.binary(expression, where);
      case 'is-null': return { kind: 'is-null', type: 'boolean', operand: this.check(expression.operand, where), negated: expression.negated, range };
      case 'in': return this.inList(expression, where);
      case 'between': return this.between(expression, where);
      case 'call': return this.call(expression, where);
      case 'band': return this.band(expression, where);
      case 'aggregate':
        if (where) {
          this.report(at(messages.nestedAggregate(), range));
          return { kind: 'literal', type: 'unknown', value: null, range };
        }
        return this.aggregate(expression);
    }
  }

  // --- names -----------------------------------------------------------------------------------

  private reference(reference: ast.Reference): TExpr {
    const { env } = this.scope;
    const range = reference.range;
    const unknown: TExpr = { kind: 'literal', type: UNKNOWN_RANGE_TYPE, value: null, range };
    if (reference.name.text === '') return unknown;
    if (!reference.qualifier) {
      const key = reference.name.text.toLowerCase();
      const item = env.items.get(key);
      if (item) return this.itemReference(item, null, range);
      const column = env.entityColumns.get(key);
      if (column) return { kind: 'entity-column', type: column.type, column: column.name, range };
      if (env.sources.has(key)) {
        this.report(at(messages.sourceAsValue(reference.name.text), range));
        return unknown;
      }
      // Without an entity its columns are unknown, and the entity's own error says why.
      if (!env.entity) return unknown;
      const candidates = [...[...env.items.values()].map((i) => i.name), ...[...env.entityColumns.values()].map((c) => c.name)];
      this.report(at(messages.unknownName(reference.name.text, closest(reference.name.text, candidates)), reference.name.range));
      return unknown;
    }
    const qualifier = reference.qualifier.text.toLowerCase();
    const item = env.items.get(qualifier);
    if (item?.kind === 'score') return this.scorePartReference(item, reference);
    if (qualifier === env.entityName.toLowerCase() && env.entity) {
      const column = env.entityColumns.get(reference.name.text.toLowerCase());
      if (column) return { kind: 'entity-column', type: column.type, column: column.name, range };
      this.report(at(messages.unknownColumn(reference.name.text, env.entity.table,
        closest(reference.name.text, [...env.entityColumns.values()].map((c) => c.name))), reference.name.range));
      return unknown;
    }
    const source = env.sources.get(qualifier);
    if (source) {
      this.report(at(messages.sourceColumnOutsideAggregate(`${reference.qualifier.text}.${reference.name.text}`, source.name), range));
      return unknown;
    }
    const qualifiers = [...[...env.items.values()].filter((i) => i.kind === 'score').map((i) => i.name), ...[...env.sources.values()].map((s) => s.name), env.entityName];
    this.report(at(messages.unknownQualifier(reference.qualifier.text, closest(reference.qualifier.text, qualifiers)), reference.qualifier.range));
    return unknown;
  }

  private scorePartReference(item: DeclaredItem, reference: ast.Reference): TExpr {
    const statement = item.statement as ast.ScoreStatement;
    const part = reference.name.text;
    if (part.toLowerCase() === 'grade') {
      if (!statement.grades) this.report(at(messages.noGrades(item.name), reference.range));
      return this.itemReference(item, { kind: 'grade' }, reference.range);
    }
    const component = statement.components.find((candidate) => candidate.name.text.toLowerCase() === part.toLowerCase());
    if (component) return this.itemReference(item, { kind: 'component', component: component.name.text }, reference.range);
    const parts = ['grade', ...statement.components.map((candidate) => candidate.name.text)];
    this.report(at(messages.unknownScorePart(item.name, part, closest(part, parts)), reference.name.range));
    return { kind: 'literal', type: 'unknown', value: null, range: reference.range };
  }

  private itemReference(item: DeclaredItem, part: ScorePart | null, range: ast.Range): TExpr {
    const type = this.scope.useItem(item, part, range);
    if (item.kind === 'measure') return { kind: 'measure', type, name: item.name, range };
    if (item.kind === 'segment') return { kind: 'segment', type: 'boolean', name: item.name, range };
    return { kind: 'score', type, score: item.name, part: part ?? { kind: 'value' }, range };
  }

  private whereReference(reference: ast.Reference, where: WhereScope): TExpr {
    const range = reference.range;
    const unknown: TExpr = { kind: 'literal', type: 'unknown', value: null, range };
    const { source } = where;
    if (reference.name.text === '') return unknown;
    if (reference.qualifier && reference.qualifier.text.toLowerCase() !== source.name.toLowerCase()) {
      this.report(at(messages.notInWhere(`${reference.qualifier.text}.${reference.name.text}`, source.name, 'not one of them'), range));
      return unknown;
    }
    const column = source.columns.find((candidate) => candidate.name.toLowerCase() === reference.name.text.toLowerCase());
    if (column) return { kind: 'source-column', type: column.type, source: source.name, column: column.name, range };
    const item = this.scope.env.items.get(reference.name.text.toLowerCase());
    if (item && !reference.qualifier) {
      this.report(at(messages.notInWhere(reference.name.text, source.name, `a ${item.kind}`), range));
      return unknown;
    }
    this.report(at(messages.unknownColumn(reference.name.text, source.table, closest(reference.name.text, source.columns.map((c) => c.name))),
      reference.name.range));
    return unknown;
  }

  // --- operators -------------------------------------------------------------------------------

  private unary(expression: ast.Unary, where: WhereScope | null): TExpr {
    const operand = this.check(expression.operand, where);
    const expected: ValueType = expression.operator === 'not' ? 'boolean' : 'number';
    this.expect(operand, expected, expression.operator === 'not' ? '`not`' : 'a minus sign');
    return { kind: 'unary', type: expected, operator: expression.operator, operand, range: expression.range };
  }

  private binary(expression: ast.Binary, where: WhereScope | null): TExpr {
    const left = this.check(expression.left, where);
    const right = this.check(expression.right, where);
    const { operator, range } = expression;
    if (operator === 'and' || operator === 'or') {
      this.expect(left, 'boolean', `\`${operator}\``);
      this.expect(right, 'boolean', `\`${operator}\``);
      return { kind: 'binary', type: 'boolean', operator, left, right, range };
    }
    if (operator === '+' || operator === '-' || operator === '*' || operator === '/') {
      this.expect(left, 'number', `\`${operator}\``);
      this.expect(right, 'number', `\`${operator}\``);
      return { kind: 'binary', type: 'number', operator, left, right, range };
    }
    const [a, b] = this.comparable(left, right, range);
    return { kind: 'binary', type: 'boolean', operator, left: a, right: b, range };
  }

  private inList(expression: ast.InList, where: WhereScope | null): TExpr {
    let operand = this.check(expression.operand, where);
    const items = expression.items.map((item) => {
      const [a, b] = this.comparable(operand, this.check(item, where), item.range);
      operand = a;
      return b;
    });
    return { kind: 'in', type: 'boolean', operand, items, negated: expression.negated, range: expression.range };
  }

  private between(expression: ast.Between, where: WhereScope | null): TExpr {
    const [operand, low] = this.comparable(this.check(expression.operand, where), this.check(expression.low, where), expression.range);
    const [operandAgain, high] = this.comparable(operand, this.check(expression.high, where), expression.range);
    return { kind: 'between', type: 'boolean', operand: operandAgain, low, high, negated: expression.negated, range: expression.range };
  }

  /**
   * Checks that two values can be compared, and compares a timestamp with a date by its
   * calendar date (DESIGN.md §3): the timestamp side is wrapped in `to_date`.
   */
  private comparable(left: TExpr, right: TExpr, range: ast.Range): [TExpr, TExpr] {
    const a = left.type;
    const b = right.type;
    if (a === 'timestamp' && b === 'date') return [toDate(left), right];
    if (a === 'date' && b === 'timestamp') return [left, toDate(right)];
    if (!accepts(a, b) && !accepts(b, a)) this.report(at(messages.cannotCompare(describeType(a), describeType(b)), range));
    return [left, right];
  }

  private expect(expression: TExpr, type: ValueType, what: string): void {
    if (!accepts(type, expression.type)) this.report(at(messages.typeMismatch(what, describeType(type), describeType(expression.type)), expression.range));
  }

  // --- functions and bands ---------------------------------------------------------------------

  private call(expression: ast.Call, where: WhereScope | null): TExpr {
    const args = expression.args.map((arg) => this.check(arg, where));
    const range = expression.range;
    const signature = functionSignature(expression.callee.text);
    if (!signature) {
      this.report(at(messages.unknownFunction(expression.callee.text, closest(expression.callee.text, functionSignatures.map((f) => f.name))),
        expression.callee.range));
      return { kind: 'literal', type: 'unknown', value: null, range };
    }
    if (args.length < signature.minArgs || args.length > signature.maxArgs) {
      this.report(at(messages.arity(signature.usage, describeArity(signature), args.length), range));
    }
    const what = `\`${signature.name}\``;
    let shared: ValueType = 'unknown';
    const typed = args.map((arg) => {
      if (signature.argType === 'number') {
        this.expect(arg, 'number', what);
        return arg;
      }
      if (signature.argType === 'date') {
        if (arg.type === 'timestamp') return toDate(arg);
        this.expect(arg, 'date', what);
        return arg;
      }
      if (shared === 'unknown' || shared === 'null') shared = arg.type;
      else if (!accepts(shared, arg.type)) this.report(at(messages.typeMismatch(what, describeType(shared), describeType(arg.type)), arg.range));
      return arg;
    });
    if (signature.name === 'round' && args[1] && !(args[1].kind === 'literal' && (args[1].value === null || Number.isInteger(args[1].value))
      || args[1].kind === 'unary' && args[1].operand.kind === 'literal' && Number.isInteger(args[1].operand.value))) {
      this.report(at(messages.roundDigits(), args[1].range));
    }
    const type: ValueType = signature.returns === 'number' ? 'number' : shared;
    return { kind: 'call', type, function: signature.name, args: typed, range };
  }

  private band(expression: ast.Band, where: WhereScope | null): TExpr {
    const subject = this.check(expression.subject, where);
    const arms: BandArmIR[] = [];
    let otherwise: number | null = null;
    let missing: number | null = null;
    let sawElse = false;
    for (const arm of expression.arms) {
      if (!Number.isFinite(arm.result.value)) this.report(at(messages.numberOutOfRange(String(arm.result.value)), arm.result.range));
      if (arm.test.kind === 'compare' && arm.test.value.kind === 'number' && !Number.isFinite(arm.test.value.value)) {
        this.report(at(messages.numberOutOfRange(String(arm.test.value.value)), arm.test.value.range));
      }
      if (sawElse && arm.test.kind !== 'missing') this.report(at(messages.bandArmUnreachable(), arm.range));
      if (arm.test.kind === 'else') {
        if (otherwise !== null) this.report(at(messages.duplicateBandArm('else'), arm.range));
        otherwise ??= arm.result.value;
        sawElse = true;
        continue;
      }
      if (arm.test.kind === 'missing') {
        if (missing !== null) this.report(at(messages.duplicateBandArm('missing'), arm.range));
        missing ??= arm.result.value;
        continue;
      }
      const { value } = arm.test;
      const valueType = value.kind === 'string' ? 'text' : value.kind;
      const subjectType = subject.type === 'timestamp' ? 'date' : subject.type;
      if (!accepts(subjectType, valueType)) {
        this.report(at(messages.bandTestType(describeType(subject.type), describeType(valueType)), value.range));
      }
      if (value.kind === 'date' && !isCalendarDate(value.value)) this.report(at(messages.invalidDate(value.value), value.range));
      if (!sawElse) arms.push({ operator: arm.test.operator, value: value.value, valueType, result: arm.result.value });
    }
    const typedSubject = subject.type === 'timestamp' && arms.some((arm) => arm.valueType === 'date') ? toDate(subject) : subject;
    return { kind: 'band', type: 'number', subject: typedSubject, arms, otherwise, missing, range: expression.range };
  }

  // --- aggregates ------------------------------------------------------------------------------

  private aggregate(expression: ast.Aggregate): TExpr {
    const range = expression.range;
    const unknown: TExpr = { kind: 'literal', type: 'unknown', value: null, range };
    const source = this.scope.env.sources.get(expression.source.text.toLowerCase());
    if (!source) {
      if (expression.source.text !== '') {
        this.report(at(messages.unknownSource(expression.source.text, closest(expression.source.text, [...this.scope.env.sources.values()].map((s) => s.name))),
          expression.source.range));
      }
      return unknown;
    }
    const fn = expression.function;
    let columnName: string | null = null;
    let type: ValueType = 'number';
    if (expression.column) {
      const column = source.columns.find((candidate) => candidate.name.toLowerCase() === expression.column!.text.toLowerCase());
      if (!column) {
        if (expression.column.text !== '') {
          this.report(at(messages.unknownColumn(expression.column.text, source.table, closest(expression.column.text, source.columns.map((c) => c.name))),
            expression.column.range));
        }
        return unknown;
      }
      columnName = column.name;
      if ((fn === 'sum' || fn === 'avg' || fn === 'median') && !accepts('number', column.type)) {
        this.report(at(messages.aggregateType(fn, `${source.name}.${column.name}`, describeType(column.type)), expression.column.range));
      }
      if (fn === 'min' || fn === 'max' || fn === 'latest' || fn === 'first') type = column.type;
    }
    if ((fn === 'latest' || fn === 'first') && !source.time) this.report(at(messages.pickWithoutTime(fn, source.name), range));
    const whereScope = { source };
    const where = expression.where ? this.check(expression.where, whereScope) : null;
    if (where) {
      this.expect(where, 'boolean', '`where`');
      this.warnOnTimelessNullChecks(where, source);
    }
    return { kind: 'aggregate', type, function: fn, source: source.name, column: columnName, where, window: this.window(expression.window, source), range };
  }

  private window(window: ast.Window | null, source: DeclaredSource): WindowIR | null {
    if (!window) return null;
    if (!source.time) {
      this.report(at(messages.windowWithoutTime(source.name), window.range));
      return null;
    }
    const from = window.from.value;
    const to = window.to?.value ?? 0;
    if (!Number.isInteger(from) || !Number.isInteger(to)) {
      this.report(at(messages.windowNotWhole(), window.range));
      return null;
    }
    if (from <= to) {
      this.report(at(messages.emptyWindow(from, to), window.range));
      return null;
    }
    const days = from * { day: 1, week: 7, month: 31, year: 366 }[window.unit];
    if (days > MAX_WINDOW_DAYS) {
      this.report(at(messages.windowTooLong(MAX_WINDOW_DAYS), window.range));
      return null;
    }
    return { from, to, unit: window.unit };
  }

  /**
   * DESIGN.md §3: a date or timestamp column other than the time column, tested against null
   * without `asof`, probably means "as of the evaluation date" but says "as of today".
   */
  private warnOnTimelessNullChecks(where: TExpr, source: DeclaredSource): void {
    if (mentionsAsof(where)) return;
    visit(where, (node) => {
      if (node.kind === 'is-null' && node.operand.kind === 'source-column'
        && (node.operand.type === 'date' || node.operand.type === 'timestamp') && node.operand.column !== source.time?.column) {
        this.report(at(messages.nullCheckWithoutAsof(node.operand.column, source.name), node.range));
      }
    });
  }
}

function toDate(expression: TExpr): TExpr {
  return { kind: 'call', type: 'date', function: 'to_date' satisfies FunctionName, args: [expression], range: expression.range };
}

function mentionsAsof(expression: TExpr): boolean {
  let found = false;
  visit(expression, (node) => {
    if (node.kind === 'asof') found = true;
  });
  return found;
}
