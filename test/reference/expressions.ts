/**
 * Evaluates one typed expression (a TExpr of the model) for one row, in plain TypeScript with
 * SQL's three-valued logic. What a name means — an entity column, a source column, a measure,
 * a score part, a segment, an aggregate — is asked of the scope, so the same evaluator serves
 * `where` clauses (one source row) and items (one entity row).
 */
import type { BandArmIR, ScorePart, TExpr } from '../../dsl/model/ir.ts';
import { calendarDate, daysBetween } from './dates.ts';
import {
  and3, asBoolean, asNumber, asString, compare, compareValues, not3, or3, roundHalfAwayFromZero,
  type ComparisonOperator, type Value,
} from './values.ts';

/** What an expression can refer to. Each lookup throws when the name makes no sense there. */
export interface ExpressionScope {
  /** The evaluation date, 'YYYY-MM-DD'. */
  readonly asof: string;
  entityColumn(column: string): Value;
  sourceColumn(source: string, column: string): Value;
  measure(name: string): Value;
  score(score: string, part: ScorePart): Value;
  segment(name: string): Value;
  /** The value of an aggregate node (looked up by identity) for the current entity row. */
  aggregate(node: Extract<TExpr, { kind: 'aggregate' }>): Value;
}

/** The value of `expression` in `scope`. */
export function evaluateExpression(expression: TExpr, scope: ExpressionScope): Value {
  const evaluate = (e: TExpr) => evaluateExpression(e, scope);
  switch (expression.kind) {
    case 'literal': return expression.value;
    case 'asof': return scope.asof;
    case 'entity-column': return scope.entityColumn(expression.column);
    case 'source-column': return scope.sourceColumn(expression.source, expression.column);
    case 'measure': return scope.measure(expression.name);
    case 'score': return scope.score(expression.score, expression.part);
    case 'segment': return scope.segment(expression.name);
    case 'aggregate': return scope.aggregate(expression);
    case 'unary': {
      const operand = evaluate(expression.operand);
      if (expression.operator === 'not') return not3(asBoolean(operand));
      const n = asNumber(operand);
      return n === null ? null : -n;
    }
    case 'binary': return binary(expression.operator, evaluate(expression.left), () => evaluate(expression.right));
    case 'is-null': {
      const isNull = evaluate(expression.operand) === null;
      return expression.negated ? !isNull : isNull;
    }
    case 'in': {
      const result = inList(evaluate(expression.operand), expression.items.map(evaluate));
      return expression.negated ? not3(result) : result;
    }
    case 'between': {
      const x = evaluate(expression.operand);
      const result = and3(compare(evaluate(expression.low), '<=', x), compare(x, '<=', evaluate(expression.high)));
      return expression.negated ? not3(result) : result;
    }
    case 'call': return call(expression.function, expression.args.map(evaluate), scope.asof);
    case 'band': return band(evaluate(expression.subject), expression.arms, expression.otherwise, expression.missing);
  }
}

function binary(operator: Extract<TExpr, { kind: 'binary' }>['operator'], left: Value, right: () => Value): Value {
  switch (operator) {
    case 'and': return and3(asBoolean(left), asBoolean(right()));
    case 'or': return or3(asBoolean(left), asBoolean(right()));
    case '+': case '-': case '*': case '/': return arithmetic(operator, asNumber(left), asNumber(right()));
    default: return compare(left, operator, right());
  }
}

function arithmetic(operator: '+' | '-' | '*' | '/', a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  switch (operator) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? null : a / b;
  }
}

/**
 * `x in (items)`: null if x is null; true if x equals a non-null item; else null if an item is
 * null; else false.
 */
export function inList(x: Value, items: readonly Value[]): boolean | null {
  if (x === null) return null;
  if (items.some((item) => item !== null && compareValues(x, item) === 0)) return true;
  return items.some((item) => item === null) ? null : false;
}

function call(fn: Extract<TExpr, { kind: 'call' }>['function'], args: readonly Value[], asof: string): Value {
  if (fn === 'coalesce') return args.find((arg) => arg !== null) ?? null;
  // Every other function is null when any argument is null.
  if (args.some((arg) => arg === null)) return null;
  const number = (i: number) => asNumber(args[i] ?? null)!;
  const date = (i: number) => asString(args[i] ?? null)!;
  switch (fn) {
    case 'clamp': return Math.min(Math.max(number(0), number(1)), number(2));
    case 'round': {
      const digits = args.length > 1 ? number(1) : 0;
      // The language does not say what fractional digits mean; refuse rather than guess.
      if (!Number.isInteger(digits)) throw new RangeError(`round: ${digits} digits is not a whole number (unspecified)`);
      return roundHalfAwayFromZero(number(0), digits);
    }
    case 'abs': return Math.abs(number(0));
    case 'least': return args.reduce((a, b) => (compareValues(b!, a!) < 0 ? b : a));
    case 'greatest': return args.reduce((a, b) => (compareValues(b!, a!) > 0 ? b : a));
    case 'days_between': return daysBetween(date(0), date(1));
    case 'days_until': return daysBetween(asof, date(0));
    case 'days_since': return daysBetween(date(0), asof);
    case 'to_date': return calendarDate(date(0));
  }
}

/**
 * A band: a null subject gives the `missing` result (or null); otherwise the first arm whose
 * comparison holds gives its result; if none holds, `otherwise` (or null).
 */
export function band(subject: Value, arms: readonly BandArmIR[], otherwise: number | null, missing: number | null): number | null {
  if (subject === null) return missing;
  for (const arm of arms) {
    if (compare(subject, arm.operator as ComparisonOperator, arm.value) === true) return arm.result;
  }
  return otherwise;
}
