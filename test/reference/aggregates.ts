/**
 * The aggregates of a model, computed with Arquero: each source's rows are filtered to those
 * visible as of the evaluation date, then per aggregate by `where` and window, grouped by key
 * and rolled up, and finally left-joined to the entity table, one column per aggregate.
 */
import * as aq from 'arquero';
import type { ModelIR, SourceIR, TExpr } from '../../dsl/model/ir.ts';
import { calendarDate, shiftBack } from './dates.ts';
import { evaluateExpression, type ExpressionScope } from './expressions.ts';
import { toValue, type Value } from './values.ts';

export type AggregateNode = Extract<TExpr, { kind: 'aggregate' }>;
type Table = ReturnType<typeof aq.table>;
type Row = Record<string, Value>;

/** Working columns added to source tables; no schema column starts with this prefix. */
const KEY = '__ref_key';
const DATE = '__ref_date';
const TIME = '__ref_time';
const RANK = '__ref_rank';

/** The column of the joined entity table that holds aggregate number `index`. */
export function aggregateColumn(index: number): string {
  return `__ref_agg_${index}`;
}

/** Every aggregate node of a TExpr tree, in visiting order. */
export function aggregatesOf(expression: TExpr, found: AggregateNode[] = []): AggregateNode[] {
  switch (expression.kind) {
    case 'aggregate': found.push(expression); break;
    case 'unary': aggregatesOf(expression.operand, found); break;
    case 'binary': aggregatesOf(expression.left, found); aggregatesOf(expression.right, found); break;
    case 'is-null': aggregatesOf(expression.operand, found); break;
    case 'in': aggregatesOf(expression.operand, found); expression.items.forEach((item) => aggregatesOf(item, found)); break;
    case 'between': [expression.operand, expression.low, expression.high].forEach((e) => aggregatesOf(e, found)); break;
    case 'call': expression.args.forEach((arg) => aggregatesOf(arg, found)); break;
    case 'band': aggregatesOf(expression.subject, found); break;
    default: break;
  }
  return found;
}

/**
 * The entity table (one row per input row) with one extra column per aggregate,
 * `aggregateColumn(i)` for `aggregates[i]`, ordered by the entity key. `count` and
 * `count distinct` of no rows are 0; every other aggregate of no rows is null.
 */
export function entityWithAggregates(model: ModelIR, tables: Record<string, Record<string, unknown>[]>, asof: string,
  aggregates: readonly AggregateNode[]): Row[] {
  const entityColumns = model.entity.columns.map((column) => column.name);
  let entity = tableOf(rowsOf(tables, model.entity.table), entityColumns);
  const visible = new Map<string, Table>();
  aggregates.forEach((aggregate, index) => {
    const source = model.sources.find((candidate) => candidate.name === aggregate.source);
    if (!source) throw new Error(`unknown source ${aggregate.source}`);
    let rows = visible.get(source.name);
    if (!rows) visible.set(source.name, rows = visibleRows(source, rowsOf(tables, source.table), asof));
    const rolled = rollUp(aggregate, source, rows, asof).rename({ value: aggregateColumn(index) });
    entity = entity.join_left(rolled, [[model.entity.key], [KEY]], [entity.columnNames(), [aggregateColumn(index)]]);
  });
  const zeroWhenNone = new Set(aggregates.flatMap((aggregate, index) =>
    aggregate.function === 'count' || aggregate.function === 'count-distinct' ? [aggregateColumn(index)] : []));
  const key = model.entity.key;
  const rows = entity.orderby(key).objects().map((row): Row => Object.fromEntries(Object.entries(row).map(([name, cell]) => {
    const value = toValue(cell);
    return [name, value === null && zeroWhenNone.has(name) ? 0 : value];
  })));
  // Like SQL's ORDER BY, null keys last (a stable sort keeps the rest in key order).
  return rows.sort((a, b) => Number(a[key] === null) - Number(b[key] === null));
}

function rowsOf(tables: Record<string, Record<string, unknown>[]>, table: string): Record<string, unknown>[] {
  const rows = tables[table];
  if (!rows) throw new Error(`no rows given for table ${table}`);
  return rows;
}

/** An Arquero table with exactly `columns`, missing cells as null (also when there are no rows). */
function tableOf(rows: readonly Record<string, unknown>[], columns: readonly string[]): Table {
  return aq.table(Object.fromEntries(columns.map((column) => [column, rows.map((row) => toValue(row[column]))])));
}

/**
 * The rows of a source visible as of `asof`, with a non-null key, plus working columns: the
 * key, the row's time and its UTC calendar date. A row is visible iff the calendar date of its
 * time is on or before `asof`; a null time is invisible; without a time column every row is.
 */
function visibleRows(source: SourceIR, rows: readonly Record<string, unknown>[], asof: string): Table {
  const time = source.time?.column ?? null;
  const table = tableOf(rows, source.columns.map((column) => column.name))
    .derive({
      [KEY]: aq.escape((d: Row) => d[source.key] ?? null),
      [TIME]: aq.escape((d: Row) => (time === null ? null : d[time] ?? null)),
      [DATE]: aq.escape((d: Row) => {
        const value = time === null ? null : d[time];
        return typeof value === 'string' ? calendarDate(value) : null;
      }),
    });
  return table.filter(aq.escape((d: Row) => d[KEY] !== null && (time === null || (d[DATE] !== null && (d[DATE] as string) <= asof))));
}

/** One aggregate rolled up per key: a table of `KEY` and `value`. */
function rollUp(aggregate: AggregateNode, source: SourceIR, visible: Table, asof: string): Table {
  let rows = visible;
  if (aggregate.where) {
    const where = aggregate.where;
    rows = rows.filter(aq.escape((d: Row) => evaluateExpression(where, rowScope(source, d, asof)) === true));
  }
  if (aggregate.window) {
    const { from, to, unit } = aggregate.window;
    const after = shiftBack(asof, from, unit);
    const upTo = to > 0 ? shiftBack(asof, to, unit) : null;
    rows = rows.filter(aq.escape((d: Row) => {
      const date = d[DATE] as string | null;
      return date !== null && date > after && (upTo === null || date <= upTo);
    }));
  }
  if (aggregate.function === 'count') return rows.groupby(KEY).rollup({ value: aq.op.count() });
  const column = aggregate.column;
  if (column === null) throw new Error(`${aggregate.function} without a column`);
  const values = rows.filter(aq.escape((d: Row) => d[column] !== null));
  switch (aggregate.function) {
    case 'count-distinct': return values.groupby(KEY).rollup({ value: aq.op.distinct(column) });
    case 'sum': return values.groupby(KEY).rollup({ value: aq.op.sum(column) });
    // The mean as sum / count (Arquero's own `mean` is a running mean, which rounds differently).
    case 'avg': return values.groupby(KEY).rollup({ total: aq.op.sum(column), n: aq.op.count() })
      .derive({ value: aq.escape((d: Row) => (d.total as number) / (d.n as number)) }).select(KEY, 'value');
    case 'median': return values.groupby(KEY).rollup({ value: aq.op.median(column) });
    case 'min': return values.groupby(KEY).rollup({ value: aq.op.min(column) });
    case 'max': return values.groupby(KEY).rollup({ value: aq.op.max(column) });
    case 'latest': case 'first': {
      // Greatest (least) time first, ties by greatest (least) value; keep each key's first row.
      const order = aggregate.function === 'latest' ? aq.desc : (name: string) => name;
      return values.filter(aq.escape((d: Row) => d[TIME] !== null))
        .groupby(KEY).orderby(order(TIME), order(column))
        .derive({ [RANK]: aq.op.row_number() })
        .filter(aq.escape((d: Row) => d[RANK] === 1))
        .ungroup().unorder()
        .select(KEY, column).rename({ [column]: 'value' });
    }
  }
}

/** The scope of a `where` clause: the columns of one source row, and `asof`. */
function rowScope(source: SourceIR, row: Row, asof: string): ExpressionScope {
  const refuse = (what: string) => (): never => { throw new Error(`${what} inside the where clause of ${source.name}`); };
  return {
    asof,
    sourceColumn: (name, column) => {
      if (name !== source.name) throw new Error(`column ${name}.${column} inside the where clause of ${source.name}`);
      return row[column] ?? null;
    },
    entityColumn: refuse('an entity column'),
    measure: refuse('a measure'),
    score: refuse('a score'),
    segment: refuse('a segment'),
    aggregate: refuse('an aggregate'),
  };
}
