import type { SourceIR, TExpr } from '../model/ir.ts';
import type { MissingPolicy } from '../syntax/ast.ts';
import type { Join, Query, Select, SelectItem, SqlExpr } from '../sql/sql-ast.ts';
import { expressionSql, type SqlContext } from './expression-sql.ts';
import { aggregateKey, type Plan, type PlannedValue, type SourcePass, type WeightedColumn } from './plan.ts';

type AggregateNode = Extract<TExpr, { kind: 'aggregate' }>;

const ENTITY_ALIAS = '__pulse_entity';
const KEY = '__pulse_key';
const SCORE_DECIMALS = 6;

/**
 * When a model is evaluated: as of one date, or as of many dates in one query (backtests).
 * Evaluated over many dates, every source is still scanned once: its rows are joined to the
 * dates they are visible at and grouped by key and date.
 */
export type Evaluation =
  | { readonly kind: 'date'; readonly asof: string }
  | { readonly kind: 'dates'; readonly dates: readonly string[] };

/** The column that holds the evaluation date when a query evaluates many dates. */
export const ASOF_COLUMN = '__pulse_asof';
const DATES = '__pulse_dates';
const DATES_ALIAS = '__pulse_d';

/**
 * Writes a plan as one query: a grouped CTE per source (one scan each, every aggregate a
 * `FILTER`ed column), left-joined to the entity, then one CTE per layer of computed columns.
 * `storedPasses[i]`, when given, names a table that already holds pass i's result (see
 * `passSelects`): the query reads it instead of the source. Over many dates, the result has
 * the evaluation date as its first column (`__pulse_asof`) and one row per entity row and date.
 */
export function planToQuery(plan: Plan, evaluation: Evaluation, storedPasses: readonly (string | undefined)[] = []): Query {
  const many = evaluation.kind === 'dates';
  const aggregateColumns = new Map(plan.passes.flatMap((pass) => pass.aggregates.map(({ column, aggregate }) => [aggregateKey(aggregate), column] as const)));
  const asofInLayers: SqlExpr = many ? { kind: 'column', name: ASOF_COLUMN } : { kind: 'date', value: evaluation.asof };
  const context: SqlContext = { asof: asofInLayers, aggregateColumns };
  const passNames = plan.passes.map((pass) => `__pulse_pass_${pass.source.name}`);
  const ctes: { name: string; select: Select }[] = [];
  if (many) {
    // Every window bound is computed once per date here, not once per source row.
    const dates = '__pulse_date_list';
    ctes.push({ name: dates, select: { items: [{ expression: { kind: 'call', function: 'unnest', args: [{ kind: 'list', items: evaluation.dates.map((value) => ({ kind: 'date', value }) as SqlExpr) }] }, alias: ASOF_COLUMN }] } });
    const asof: SqlExpr = { kind: 'column', name: ASOF_COLUMN };
    ctes.push({ name: DATES, select: {
      items: [{ expression: asof }, ...windowOffsets(plan).map((offset) => ({ expression: dateMinus(asof, offset), alias: boundColumn(offset) }))],
      from: { table: dates },
    } });
  }
  plan.passes.forEach((pass, index) => ctes.push({
    name: passNames[index]!,
    select: storedPasses[index] ? { items: [{ expression: { kind: 'star' } }], from: { table: storedPasses[index]! } } : passSelect(pass, evaluation),
  }));

  const joined: SelectItem[] = [{ expression: { kind: 'star', table: ENTITY_ALIAS } }];
  if (many) joined.push({ expression: { kind: 'column', table: DATES_ALIAS, name: ASOF_COLUMN }, alias: ASOF_COLUMN });
  plan.passes.forEach((pass, index) => {
    for (const { column, aggregate } of pass.aggregates) {
      const value: SqlExpr = { kind: 'column', table: passNames[index]!, name: column };
      // An entity with no rows in the source is not in the pass at all: its count is 0, not null.
      const counted = aggregate.function === 'count' || aggregate.function === 'count-distinct';
      joined.push({ expression: counted ? { kind: 'call', function: 'coalesce', args: [value, { kind: 'number', value: 0 }] } : value, alias: column });
    }
  });
  const passJoins: Join[] = plan.passes.map((_pass, index) => {
    const sameKey: SqlExpr = { kind: 'binary', operator: '=', left: { kind: 'column', table: passNames[index]!, name: KEY }, right: { kind: 'column', table: ENTITY_ALIAS, name: plan.entity.key } };
    const sameDate: SqlExpr = { kind: 'binary', operator: '=', left: { kind: 'column', table: passNames[index]!, name: ASOF_COLUMN }, right: { kind: 'column', table: DATES_ALIAS, name: ASOF_COLUMN } };
    return { table: passNames[index]!, alias: passNames[index]!, on: many ? { kind: 'binary', operator: 'AND', left: sameKey, right: sameDate } : sameKey };
  });
  let previous = '__pulse_layer_0';
  ctes.push({
    name: previous,
    select: {
      items: joined,
      from: { table: plan.entity.table, alias: ENTITY_ALIAS },
      joins: [...(many ? [{ type: 'cross', table: DATES, alias: DATES_ALIAS } as const] : []), ...passJoins],
    },
  });
  plan.layers.forEach((layer, index) => {
    const name = `__pulse_layer_${index + 1}`;
    ctes.push({
      name,
      select: {
        items: [{ expression: { kind: 'star' } }, ...layer.map(({ column, value }) => ({ expression: valueSql(value, context), alias: column }))],
        from: { table: previous },
      },
    });
    previous = name;
  });
  const columns = [...(many ? [ASOF_COLUMN] : []), ...plan.entity.columns.map((column) => column.name), ...plan.outputs];
  return {
    ctes,
    select: {
      items: columns.map((name) => ({ expression: { kind: 'column', name } })),
      from: { table: previous },
      orderBy: [...(many ? [{ kind: 'column', name: ASOF_COLUMN } as const] : []), { kind: 'column', name: plan.entity.key }],
    },
  };
}

/** Each pass of a plan as its own SELECT (what a stored pass table must hold). */
export function passSelects(plan: Plan, evaluation: Evaluation): Select[] {
  return plan.passes.map((pass) => passSelect(pass, evaluation));
}

/**
 * The grouped scan of one source: only rows dated on or before the evaluation date are
 * visible. Over many dates, each row joins the dates it is visible at — and, when every
 * aggregate of the pass has a window, only the dates whose windows reach back to it.
 */
function passSelect(pass: SourcePass, evaluation: Evaluation): Select {
  const { source } = pass;
  const key: SqlExpr = { kind: 'column', name: source.key };
  if (evaluation.kind === 'date') {
    const asof: SqlExpr = { kind: 'date', value: evaluation.asof };
    return {
      items: [{ expression: key, alias: KEY }, ...pass.aggregates.map(({ column, aggregate }) => ({ expression: aggregateSql(aggregate, source, asof), alias: column }))],
      from: { table: source.table },
      ...(source.time ? { where: { kind: 'binary', operator: '<=', left: timeAsDate(source), right: asof } as SqlExpr } : {}),
      groupBy: [key],
    };
  }
  const asof: SqlExpr = { kind: 'column', table: DATES_ALIAS, name: ASOF_COLUMN };
  let visible: SqlExpr | undefined;
  if (source.time) {
    visible = { kind: 'binary', operator: '<=', left: timeAsDate(source), right: asof };
    const bounds = pass.aggregates.map(({ aggregate }) => aggregate.window && windowBounds(aggregate.window, asof, true).lower);
    if (bounds.every((bound): bound is SqlExpr => bound !== null && bound !== undefined)) {
      const earliest: SqlExpr = bounds.length === 1 ? bounds[0]! : { kind: 'call', function: 'least', args: bounds };
      visible = { kind: 'binary', operator: 'AND', left: visible, right: { kind: 'binary', operator: '>', left: timeAsDate(source), right: earliest } };
    }
  }
  return {
    items: [
      { expression: key, alias: KEY },
      { expression: asof, alias: ASOF_COLUMN },
      ...pass.aggregates.map(({ column, aggregate }) => ({ expression: aggregateSql(aggregate, source, asof, true), alias: column })),
    ],
    from: { table: source.table },
    joins: [visible ? { type: 'inner', table: DATES, alias: DATES_ALIAS, on: visible } : { type: 'cross', table: DATES, alias: DATES_ALIAS }],
    groupBy: [key, asof],
  };
}

/** How far back a window bound lies from the evaluation date. */
interface Offset {
  readonly amount: number;
  readonly unit: 'DAY' | 'MONTH' | 'YEAR';
}

function offsetOf(count: number, unit: NonNullable<AggregateNode['window']>['unit']): Offset {
  return unit === 'week' ? { amount: 7 * count, unit: 'DAY' } : { amount: count, unit: unit === 'day' ? 'DAY' : unit === 'month' ? 'MONTH' : 'YEAR' };
}

function dateMinus(asof: SqlExpr, offset: Offset): SqlExpr {
  return { kind: 'date-minus', date: asof, amount: offset.amount, unit: offset.unit };
}

/** The column of the dates relation holding `asof` minus `offset`. */
function boundColumn(offset: Offset): string {
  return `__pulse_${offset.unit.toLowerCase()}_${offset.amount}`;
}

/** Every window bound the plan's aggregates use, once each. */
function windowOffsets(plan: Plan): Offset[] {
  const offsets = new Map<string, Offset>();
  for (const pass of plan.passes) {
    for (const { aggregate } of pass.aggregates) {
      if (!aggregate.window) continue;
      const { from, to, unit } = aggregate.window;
      for (const count of to > 0 ? [from, to] : [from]) {
        const offset = offsetOf(count, unit);
        offsets.set(boundColumn(offset), offset);
      }
    }
  }
  return [...offsets.values()];
}

/**
 * A window's dates as SQL bounds: the row date must be `> lower` and, when `upper` is set,
 * `<= upper`. For one date the bounds are date arithmetic on it; for many, columns of the dates relation.
 */
function windowBounds(window: NonNullable<AggregateNode['window']>, asof: SqlExpr, many: boolean): { lower: SqlExpr; upper: SqlExpr | null } {
  const bound = (count: number): SqlExpr => {
    const offset = offsetOf(count, window.unit);
    return many ? { kind: 'column', table: DATES_ALIAS, name: boundColumn(offset) } : dateMinus(asof, offset);
  };
  return { lower: bound(window.from), upper: window.to > 0 ? bound(window.to) : null };
}

function aggregateSql(aggregate: AggregateNode, source: SourceIR, asof: SqlExpr, many = false): SqlExpr {
  const context: SqlContext = { asof };
  const conditions: SqlExpr[] = [];
  const column: SqlExpr | null = aggregate.column === null ? null : { kind: 'column', name: aggregate.column };
  if (column && (aggregate.function === 'latest' || aggregate.function === 'first')) conditions.push({ kind: 'is-null', operand: column, negated: true });
  if (aggregate.where) conditions.push(expressionSql(aggregate.where, context));
  if (aggregate.window && source.time) {
    const { lower, upper } = windowBounds(aggregate.window, asof, many);
    const day = timeAsDate(source);
    conditions.push({ kind: 'binary', operator: '>', left: day, right: lower });
    if (upper) conditions.push({ kind: 'binary', operator: '<=', left: day, right: upper });
  }
  const filter = conditions.length === 0 ? undefined
    : conditions.reduce((left, right): SqlExpr => ({ kind: 'binary', operator: 'AND', left, right }));
  const withFilter = filter ? { filter } : {};
  switch (aggregate.function) {
    case 'count': return { kind: 'count-star', ...withFilter };
    case 'count-distinct': return { kind: 'call', function: 'count', args: [column!], distinct: true, ...withFilter };
    case 'sum': case 'avg': case 'min': case 'max': case 'median':
      return { kind: 'call', function: aggregate.function, args: [column!], ...withFilter };
    case 'latest': case 'first': {
      // The newest (oldest) row by time; among rows at the same time, the largest (smallest) value.
      const order: SqlExpr = { kind: 'struct', fields: [{ name: 't', value: { kind: 'column', name: source.time!.column } }, { name: 'v', value: column! }] };
      return { kind: 'call', function: aggregate.function === 'latest' ? 'arg_max' : 'arg_min', args: [column!, order], ...withFilter };
    }
  }
}

function timeAsDate(source: SourceIR): SqlExpr {
  const column: SqlExpr = { kind: 'column', name: source.time!.column };
  return source.time!.type === 'date' ? column : { kind: 'cast', operand: column, type: 'DATE' };
}

function valueSql(value: PlannedValue, context: SqlContext): SqlExpr {
  const column = (name: string): SqlExpr => ({ kind: 'column', name });
  const number = (n: number): SqlExpr => ({ kind: 'number', value: n });
  const nul: SqlExpr = { kind: 'null' };
  switch (value.kind) {
    case 'expression': return expressionSql(value.expression, context);
    case 'segment': return { kind: 'call', function: 'coalesce', args: [expressionSql(value.expression, context), { kind: 'boolean', value: false }] };
    case 'component': {
      // CASE keeps a null raw value null (DuckDB's least/greatest would turn it into 0 or 100).
      const raw = column(value.raw);
      return { kind: 'case', whens: [
        { when: { kind: 'binary', operator: '<', left: raw, right: number(0) }, then: number(0) },
        { when: { kind: 'binary', operator: '>', left: raw, right: number(100) }, then: number(100) },
      ], otherwise: raw };
    }
    case 'total-weight': return totalWeightSql(value.policy, value.components);
    case 'score': {
      const weighted = value.components.map(({ column: name, weight }): SqlExpr => {
        const product: SqlExpr = { kind: 'binary', operator: '*', left: number(weight), right: column(name) };
        return value.policy === 'null' ? product : { kind: 'call', function: 'coalesce', args: [product, number(0)] };
      });
      const sum = weighted.reduce((left, right): SqlExpr => ({ kind: 'binary', operator: '+', left, right }));
      const divided: SqlExpr = { kind: 'binary', operator: '/', left: sum,
        right: { kind: 'call', function: 'nullif', args: [column(value.total), number(0)] } };
      return { kind: 'call', function: 'round', args: [divided, number(SCORE_DECIMALS)] };
    }
    case 'contribution': {
      const points: SqlExpr = { kind: 'binary', operator: '/',
        left: { kind: 'binary', operator: '*', left: number(value.component.weight), right: { kind: 'call', function: 'coalesce', args: [column(value.component.column), number(0)] } },
        right: column(value.total) };
      return { kind: 'case', whens: [{ when: { kind: 'is-null', operand: column(value.score), negated: false }, then: nul }],
        otherwise: { kind: 'call', function: 'round', args: [points, number(SCORE_DECIMALS)] } };
    }
    case 'grade': {
      const score = column(value.score);
      const thresholds = value.grades.filter((grade) => grade.minimum !== null);
      const fallback = value.grades.find((grade) => grade.minimum === null);
      return {
        kind: 'case',
        whens: [
          { when: { kind: 'is-null', operand: score, negated: false }, then: nul },
          ...thresholds.map((grade) => ({ when: { kind: 'binary', operator: '>=', left: score, right: number(grade.minimum!) } as SqlExpr, then: { kind: 'string', value: grade.name } as SqlExpr })),
        ],
        otherwise: fallback ? { kind: 'string', value: fallback.name } : nul,
      };
    }
  }
}

/**
 * The weight a score divides by: under `reweight` the weights of its non-null components,
 * under `zero` all weights, under `null` all weights unless a component is null (then null).
 */
function totalWeightSql(policy: MissingPolicy, components: readonly WeightedColumn[]): SqlExpr {
  const number = (n: number): SqlExpr => ({ kind: 'number', value: n });
  const sum = (terms: SqlExpr[]): SqlExpr => terms.reduce((left, right) => ({ kind: 'binary', operator: '+', left, right }));
  const isNull = (name: string): SqlExpr => ({ kind: 'is-null', operand: { kind: 'column', name }, negated: false });
  if (policy === 'reweight') {
    return sum(components.map(({ column, weight }) => ({ kind: 'case', whens: [{ when: isNull(column), then: number(0) }], otherwise: number(weight) })));
  }
  const all = number(components.reduce((total, { weight }) => total + weight, 0));
  if (policy === 'zero') return all;
  const anyNull = components.map(({ column }) => isNull(column)).reduce((left, right): SqlExpr => ({ kind: 'binary', operator: 'OR', left, right }));
  return { kind: 'case', whens: [{ when: anyNull, then: { kind: 'null' } }], otherwise: all };
}
