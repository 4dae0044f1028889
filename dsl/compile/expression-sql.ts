import type { FunctionName, TExpr, TExprKind } from '../model/ir.ts';
import type { SqlBinaryOperator, SqlExpr } from '../sql/sql-ast.ts';
import { aggregateKey, columnOf } from './plan.ts';

/** Where an expression is being translated, and how its leaves become SQL. */
export interface SqlContext {
  /** The evaluation date as SQL (a date literal, or a column when many dates are evaluated at once). */
  readonly asof: SqlExpr;
  /** The column that holds each aggregate, by `aggregateKey`; absent inside a source pass. */
  readonly aggregateColumns?: ReadonlyMap<string, string>;
}

type Node<K extends TExprKind> = Extract<TExpr, { kind: K }>;
type Translate = (expression: TExpr) => SqlExpr;

const isNull = (operand: SqlExpr): SqlExpr => ({ kind: 'is-null', operand, negated: false });
const anyNull = (args: readonly SqlExpr[]): SqlExpr =>
  args.map(isNull).reduce((left, right) => ({ kind: 'binary', operator: 'OR', left, right }));
/** `CASE WHEN any argument IS NULL THEN NULL ELSE value END`: DuckDB's least/greatest skip nulls, the language's do not. */
const nullIfAnyNull = (args: readonly SqlExpr[], value: SqlExpr): SqlExpr => {
  // A literal other than NULL is never null: leave it out of the test.
  const nullable = args.filter((arg) => arg.kind !== 'number' && arg.kind !== 'string' && arg.kind !== 'boolean' && arg.kind !== 'date');
  return nullable.length === 0 ? value : { kind: 'case', whens: [{ when: anyNull(nullable), then: { kind: 'null' } }], otherwise: value };
};

const operators: Record<Node<'binary'>['operator'], SqlBinaryOperator> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', 'and': 'AND', 'or': 'OR',
};

/** Translates a typed expression to SQL. Each kind of node has its rule; none is left out. */
export function expressionSql(expression: TExpr, context: SqlContext): SqlExpr {
  const translate: Translate = (node) => (rules[node.kind] as (node: TExpr, context: SqlContext, translate: Translate) => SqlExpr)(node, context, translate);
  return translate(expression);
}

const rules: { readonly [K in TExprKind]: (node: Node<K>, context: SqlContext, translate: Translate) => SqlExpr } = {
  'literal': (node) => {
    if (node.value === null) return { kind: 'null' };
    if (node.type === 'date') return { kind: 'date', value: String(node.value) };
    if (typeof node.value === 'number') return { kind: 'number', value: node.value };
    if (typeof node.value === 'boolean') return { kind: 'boolean', value: node.value };
    return { kind: 'string', value: node.value };
  },
  'asof': (_node, context) => context.asof,
  'entity-column': (node) => ({ kind: 'column', name: node.column }),
  'source-column': (node) => ({ kind: 'column', name: node.column }),
  'measure': (node) => ({ kind: 'column', name: columnOf(node) }),
  'score': (node) => ({ kind: 'column', name: columnOf(node) }),
  'segment': (node) => ({ kind: 'column', name: columnOf(node) }),
  'unary': (node, _context, translate) =>
    node.operator === 'not' ? { kind: 'not', operand: translate(node.operand) } : { kind: 'negate', operand: translate(node.operand) },
  'binary': (node, _context, translate) => {
    const left = translate(node.left);
    const right = translate(node.right);
    // x / 0 is null, never an error (DESIGN.md §3).
    if (node.operator === '/') return { kind: 'binary', operator: '/', left, right: { kind: 'call', function: 'nullif', args: [right, { kind: 'number', value: 0 }] } };
    return { kind: 'binary', operator: operators[node.operator], left, right };
  },
  'is-null': (node, _context, translate) => ({ kind: 'is-null', operand: translate(node.operand), negated: node.negated }),
  'in': (node, _context, translate) => ({ kind: 'in', operand: translate(node.operand), items: node.items.map(translate), negated: node.negated }),
  'between': (node, _context, translate) =>
    ({ kind: 'between', operand: translate(node.operand), low: translate(node.low), high: translate(node.high), negated: node.negated }),
  'call': (node, context, translate) => callSql(node.function, node.args.map((arg) => {
    // A bare NULL gets a type, so that DuckDB can choose the function by it (date_diff).
    const sql = translate(arg);
    return arg.type === 'null' && (node.function === 'days_between' || node.function === 'days_until' || node.function === 'days_since')
      ? { kind: 'cast', operand: sql, type: 'DATE' } as SqlExpr : sql;
  }), context),
  'band': (node, _context, translate) => {
    const subject = translate(node.subject);
    const numberOrNull = (value: number | null): SqlExpr => (value === null ? { kind: 'null' } : { kind: 'number', value });
    const whens = [
      { when: isNull(subject), then: numberOrNull(node.missing) },
      ...node.arms.map((arm) => ({
        when: { kind: 'binary', operator: operators[arm.operator], left: subject,
          right: arm.valueType === 'date' ? { kind: 'date', value: String(arm.value) } : typeof arm.value === 'number' ? { kind: 'number', value: arm.value } : { kind: 'string', value: arm.value } } as SqlExpr,
        then: { kind: 'number', value: arm.result } as SqlExpr,
      })),
    ];
    return { kind: 'case', whens, otherwise: numberOrNull(node.otherwise) };
  },
  'aggregate': (node, context) => {
    const column = context.aggregateColumns?.get(aggregateKey(node));
    if (column === undefined) throw new Error(`internal: aggregate of ${node.source} was not planned`);
    return { kind: 'column', name: column };
  },
};

function callSql(name: FunctionName, args: readonly SqlExpr[], context: SqlContext): SqlExpr {
  const dayDiff = (from: SqlExpr, to: SqlExpr): SqlExpr => ({ kind: 'call', function: 'date_diff', args: [{ kind: 'string', value: 'day' }, from, to] });
  switch (name) {
    case 'coalesce': return { kind: 'call', function: 'coalesce', args };
    case 'abs': return { kind: 'call', function: 'abs', args };
    case 'round': return { kind: 'call', function: 'round', args: args.length > 1 ? [args[0]!, { kind: 'cast', operand: args[1]!, type: 'INTEGER' }] : args };
    case 'clamp': {
      const [x, low, high] = args as [SqlExpr, SqlExpr, SqlExpr];
      return nullIfAnyNull(args, { kind: 'call', function: 'least', args: [{ kind: 'call', function: 'greatest', args: [x, low] }, high] });
    }
    case 'least': return nullIfAnyNull(args, { kind: 'call', function: 'least', args });
    case 'greatest': return nullIfAnyNull(args, { kind: 'call', function: 'greatest', args });
    case 'days_between': return dayDiff(args[0]!, args[1]!);
    case 'days_until': return dayDiff(context.asof, args[0]!);
    case 'days_since': return dayDiff(args[0]!, context.asof);
    case 'to_date': return { kind: 'cast', operand: args[0]!, type: 'DATE' };
  }
}
