/**
 * fast-check arbitraries for differential testing of the rules language: small random
 * datasets (an entity table and 2–3 source tables) and random, type-correct model texts over
 * them. Texts (not ASTs) are generated so that the parser is exercised too.
 *
 * - Dates in the data are generated symbolically — "asof + 1 day", "exactly on the lower bound
 *   of one of this case's windows", "one day inside it" — and resolved against the case's
 *   evaluation date, so rows land on window boundaries and after `asof` in every case.
 * - Swarm testing: each case enables a random subset of the language's constructs, so the
 *   ones it uses come up often enough to meet each other and the corners of the data.
 * - Names are written as the language allows: in any letter case, entity columns sometimes
 *   qualified (`e.n1`), source columns named like SQL keywords (`order`, `group`) or like
 *   rules-language keywords (`first`, written `` `first` `` where a keyword could stand).
 */
import fc from 'fast-check';
import { addDays, shiftBack } from '../reference/dates.ts';

// ---------------------------------------------------------------------------------------------
// What a case is

export type SqlType = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'DATE' | 'TIMESTAMP' | 'BOOLEAN';
/** A cell as the Session returns it: dates 'YYYY-MM-DD', timestamps ISO UTC with milliseconds. */
export type Cell = number | string | boolean | null;

export interface TableColumn {
  readonly name: string;
  readonly sqlType: SqlType;
}

export interface TableData {
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Record<string, Cell>[];
}

/** One differential test case: a model text, the data it reads, and the evaluation date. */
export interface RandomCase {
  readonly text: string;
  readonly asof: string;
  readonly tables: readonly TableData[];
}

export interface GeneratorOptions {
  /**
   * Also use number literals that binary floating point cannot hold exactly (0.1, 1.005, …).
   * Off by default: the compiled SQL reads such literals as DECIMAL, not as doubles (see the
   * differential test's notes), so `round(1.005, 2)` differs.
   */
  readonly inexactLiterals?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Pools of values

/** Evaluation dates: month ends, a leap day and ordinary days, to exercise calendar clamping. */
const ASOF_DATES = ['2025-06-30', '2025-03-31', '2024-02-29', '2024-03-31', '2025-01-31', '2024-12-31', '2025-05-15', '2023-03-01'];
const INTEGERS = [-3, -1, 0, 0, 1, 2, 3, 5, 10, 100];
/** Doubles that binary floating point holds exactly, so sums and means do not depend on the order of addition. */
const DOUBLES = [-7.75, -2.5, -1.5, -0.5, -0.125, 0, 0, 0.125, 0.5, 1.25, 2.5, 3, 10, 100];
const TEXTS = ['a', 'b', 'B', 'ab', '', "it's", 'hi', 'lo'];
const TIMES_OF_DAY = ['00:00:00.000', '12:00:00.000', '23:59:59.999'];
/** Number literals that binary floating point holds exactly (so DECIMAL and DOUBLE agree on them). */
const EXACT_LITERALS = ['0', '1', '2', '3', '5', '10', '100', '0.5', '2.5', '0.125', '1.5', '0.25',
  '(-1)', '(-2.5)', '(-0.5)', '(-1.25)', '(-0.125)'];
const INEXACT_LITERALS = ['0.1', '0.2', '0.3', '1.005', '2.675', '0.285', '(-1.005)'];
/** Grade minima; 33.333333 and 66.666667 are what scores of weights 1 and 2 round to. */
const GRADE_MINIMA = [90, 70, 66.666667, 50, 40, 33.333333, 20, 0, -5];
const GRADE_NAMES = ['hi', 'mid', 'lo', 'bad'];
const BAND_NUMBERS = [-5, 0, 1, 2, 3, 5, 10, 50, 100, 0.5];
const BAND_RESULTS = ['100', '60', '50', '10', '0', '-5', '150', '12.5'];
const WEIGHTS = [0, 1, 1, 2, 3, 10, 40, 0.5, 2.5];
const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];

/** Words of the rules language that a bare name must not be (it is written in backticks then). */
const KEYWORDS = new Set(['entity', 'key', 'source', 'time', 'asof', 'measure', 'score', 'segment', 'weight', 'band', 'else', 'missing',
  'reweight', 'zero', 'grades', 'count', 'distinct', 'sum', 'avg', 'min', 'max', 'median', 'latest', 'first', 'where', 'during', 'last',
  'to', 'ago', 'and', 'or', 'not', 'is', 'in', 'between', 'null', 'true', 'false', 'day', 'days', 'week', 'weeks', 'month', 'months',
  'year', 'years']);

function oneOf<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

/** `arbitrary` or null, null about one time in five. */
function nullable<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arbitrary, { freq: 5, nil: null });
}

/** A name as written: as declared, lower case or upper case (names are case-insensitive). */
function anyCase(name: string): fc.Arbitrary<string> {
  return oneOf([...new Set([name, name, name.toLowerCase(), name.toUpperCase()])]);
}

/** A name where a keyword could stand: in backticks when it is one. */
function bare(name: string): string {
  return KEYWORDS.has(name.toLowerCase()) ? `\`${name}\`` : name;
}

// ---------------------------------------------------------------------------------------------
// Windows and symbolic dates

type Unit = 'day' | 'week' | 'month' | 'year';

/** A window `(asof − from, asof − to]` in units; `to` 0 is `during last <from> <unit>s`. */
interface WindowSpec {
  readonly from: number;
  readonly to: number;
  readonly unit: Unit;
}

const LONGEST: Record<Unit, number> = { day: 100, week: 10, month: 14, year: 3 };

/** A window: `last N` about half the time, else `N to M … ago`. */
const windowSpec: fc.Arbitrary<WindowSpec> = oneOf(Object.keys(LONGEST) as Unit[]).chain((unit) =>
  fc.tuple(fc.integer({ min: 1, max: LONGEST[unit] }), fc.boolean(), fc.nat()).map(([from, last, to]) =>
    ({ from, to: last || from === 1 ? 0 : to % from, unit })));

/**
 * A date relative to the evaluation date, resolved once the case's `asof` and windows are known:
 * near `asof`, on or next to one end of one of the case's windows, or anywhere in the last two years.
 */
type SymbolicDate =
  | { readonly kind: 'asof'; readonly delta: number }
  | { readonly kind: 'boundary'; readonly window: number; readonly end: 'from' | 'to'; readonly delta: number }
  | { readonly kind: 'offset'; readonly days: number };

const symbolicDate: fc.Arbitrary<SymbolicDate> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('asof' as const), delta: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 7, arbitrary: fc.record({ kind: fc.constant('boundary' as const), window: fc.nat({ max: 2 }), end: oneOf<'from' | 'to'>(['from', 'to']),
    delta: fc.integer({ min: -1, max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offset' as const), days: fc.integer({ min: -800, max: 10 }) }) },
);

/** What symbolic dates are resolved against. */
interface Calendar {
  readonly asof: string;
  readonly windows: readonly WindowSpec[];
}

function resolveDate(date: SymbolicDate, calendar: Calendar): string {
  switch (date.kind) {
    case 'asof': return addDays(calendar.asof, date.delta);
    case 'boundary': {
      const window = calendar.windows[date.window % calendar.windows.length]!;
      const n = date.end === 'from' ? window.from : window.to;
      return addDays(shiftBack(calendar.asof, n, window.unit), date.delta);
    }
    case 'offset': return addDays(calendar.asof, date.days);
  }
}

/** A symbolic moment: a date and a time of day (dropped for DATE columns). */
interface SymbolicTime {
  readonly date: SymbolicDate;
  readonly time: string;
}

const symbolicTime: fc.Arbitrary<SymbolicTime> = fc.record({ date: symbolicDate, time: oneOf(TIMES_OF_DAY) });

function resolveTimestamp(moment: SymbolicTime, calendar: Calendar): string {
  return `${resolveDate(moment.date, calendar)}T${moment.time}Z`;
}

// ---------------------------------------------------------------------------------------------
// Data

interface EntityRowSpec {
  readonly n1: number | null;
  readonly n2: number | null;
  readonly tx: string | null;
  readonly d1: SymbolicDate | null;
  readonly t1: SymbolicTime | null;
  readonly b1: boolean | null;
}

interface SourceRowSpec {
  readonly key: number | null;
  readonly t: SymbolicTime | null;
  readonly order: number | null;
  readonly val: number | null;
  readonly group: string | null;
  readonly first: SymbolicDate | null;
  readonly ts: SymbolicTime | null;
}

interface DataSpec {
  readonly ids: readonly number[];
  readonly entity: readonly EntityRowSpec[];
  readonly sources: readonly (readonly SourceRowSpec[])[];
}

const entityRow: fc.Arbitrary<EntityRowSpec> = fc.record({
  n1: nullable(oneOf(INTEGERS)),
  n2: nullable(oneOf(DOUBLES)),
  tx: nullable(oneOf(TEXTS)),
  d1: nullable(symbolicDate),
  t1: nullable(symbolicTime),
  b1: nullable(fc.boolean()),
});

const sourceRow: fc.Arbitrary<SourceRowSpec> = fc.record({
  // Keys 1–8 are entity keys when the entity has them; 0 and 9 never are.
  key: fc.option(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 9 }) }), { freq: 15, nil: null }),
  t: fc.option(symbolicTime, { freq: 12, nil: null }),
  order: nullable(oneOf(INTEGERS)),
  val: nullable(oneOf(DOUBLES)),
  group: nullable(oneOf(TEXTS)),
  first: nullable(symbolicDate),
  ts: nullable(symbolicTime),
});

/** Source rows, some of which copy an earlier row's key and time so that ties in time are common. */
const sourceRows: fc.Arbitrary<SourceRowSpec[]> = fc.array(fc.tuple(sourceRow, fc.option(fc.nat(), { freq: 2, nil: null })), { maxLength: 16 })
  .map((pairs) => pairs.map(([row, copyFrom], index) => {
    if (copyFrom === null || index === 0) return row;
    const [{ key, t }] = pairs[copyFrom % index]!;
    return { ...row, key, t };
  }));

const dataSpec: fc.Arbitrary<DataSpec> = fc.record({
  ids: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 15, arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 8 }) }),
  entity: fc.array(entityRow, { minLength: 8, maxLength: 8 }),
  sources: fc.tuple(sourceRows, sourceRows, sourceRows),
});

// ---------------------------------------------------------------------------------------------
// Tables and sources

type ExprType = 'number' | 'boolean' | 'text' | 'date' | 'timestamp';
type TimeType = 'date' | 'timestamp';

const SQL_TYPE: Record<ExprType, SqlType> = { number: 'DOUBLE', boolean: 'BOOLEAN', text: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP' };

interface ColumnShape {
  readonly name: string;
  readonly type: ExprType;
  readonly sqlType: SqlType;
}

const ENTITY_COLUMNS: readonly ColumnShape[] = [
  { name: 'id', type: 'number', sqlType: 'BIGINT' }, { name: 'n1', type: 'number', sqlType: 'BIGINT' }, { name: 'n2', type: 'number', sqlType: 'DOUBLE' },
  { name: 'tx', type: 'text', sqlType: 'VARCHAR' }, { name: 'd1', type: 'date', sqlType: 'DATE' }, { name: 't1', type: 'timestamp', sqlType: 'TIMESTAMP' },
  { name: 'b1', type: 'boolean', sqlType: 'BOOLEAN' },
];

/** An event table `src_a`…: its key column's name and the type of its `t` column. */
interface EventTable {
  readonly name: string;
  readonly key: 'id' | 'acct';
  readonly t: TimeType;
}

/** The columns of an event table; `order` and `group` are SQL keywords, `first` a rules keyword, `Val` mixed case. */
function eventColumns(table: EventTable): ColumnShape[] {
  return [
    { name: table.key, type: 'number', sqlType: 'BIGINT' }, { name: 't', type: table.t, sqlType: SQL_TYPE[table.t] },
    { name: 'order', type: 'number', sqlType: 'BIGINT' }, { name: 'Val', type: 'number', sqlType: 'DOUBLE' },
    { name: 'group', type: 'text', sqlType: 'VARCHAR' }, { name: 'first', type: 'date', sqlType: 'DATE' },
    { name: 'ts', type: 'timestamp', sqlType: 'TIMESTAMP' },
  ];
}

interface SourceShape {
  /** The name in the model. */
  readonly name: string;
  readonly table: string;
  readonly key: string;
  /** The declared time column, if any. */
  readonly time: string | null;
  /** `source src_a time t` (the table is the name) instead of `source a = src_a time t`. */
  readonly implicitTable: boolean;
  readonly columns: readonly ColumnShape[];
}

/** The columns of `source` of `type`. */
function columnsOf(source: SourceShape, type: ExprType): string[] {
  return source.columns.filter((column) => column.type === type).map((column) => column.name);
}

const EVENT_TABLES = ['src_a', 'src_b', 'src_c'];
const SOURCE_NAMES = ['a', 'b', 'c'];

/**
 * 2–3 event tables, each the table of one source (time `t`, or none for the third one
 * sometimes); sometimes a second source over the first table with another time column; and
 * sometimes a source over the entity table itself.
 */
const sourcesArb: fc.Arbitrary<{ tables: EventTable[]; sources: SourceShape[] }> = fc.record({
  times: fc.tuple(oneOf<TimeType>(['date', 'timestamp']), oneOf<TimeType>(['date', 'timestamp']),
    fc.option(oneOf<TimeType | null>(['date', 'timestamp', null]), { nil: undefined, freq: 3 })),
  keys: fc.array(oneOf<'id' | 'acct'>(['id', 'acct']), { minLength: 3, maxLength: 3 }),
  implicit: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  twin: fc.option(oneOf(['ts', 'first']), { freq: 3, nil: null }),
  self: fc.option(oneOf<string | null>(['d1', 't1', null]), { freq: 2, nil: undefined }),
}).map(({ times: [timeA, timeB, timeC], keys, implicit, twin, self }) => {
  const times: (TimeType | null)[] = timeC === undefined ? [timeA, timeB] : [timeA, timeB, timeC];
  const tables = times.map((time, i): EventTable => ({ name: EVENT_TABLES[i]!, key: keys[i]!, t: time ?? 'date' }));
  const sources = times.map((time, i): SourceShape => ({
    name: implicit[i] ? EVENT_TABLES[i]! : SOURCE_NAMES[i]!,
    table: EVENT_TABLES[i]!,
    key: keys[i]!,
    time: time === null ? null : 't',
    implicitTable: implicit[i]!,
    columns: eventColumns(tables[i]!),
  }));
  if (twin !== null) sources.push({ ...sources[0]!, name: 'a2', time: twin, implicitTable: false });
  if (self !== undefined) {
    sources.push({ name: implicit[3] ? 'ents' : 'own', table: 'ents', key: 'id', time: self, implicitTable: implicit[3]!, columns: ENTITY_COLUMNS });
  }
  return { tables, sources };
});

// ---------------------------------------------------------------------------------------------
// The shape of a model: sources and items, with types fixed up front

/**
 * Constructs that a case may leave out. Each case enables a random subset (swarm testing), so
 * that the constructs it does use come up often enough to meet each other and the data's corners.
 */
const FEATURES = ['arithmetic', 'coalesce', 'least-greatest', 'clamp', 'round', 'abs', 'days', 'band', 'comparison', 'and-or', 'is-null', 'in',
  'between', 'null', 'count', 'count-distinct', 'sum-avg', 'median', 'min-max', 'latest-first'] as const;
type Feature = (typeof FEATURES)[number];
type Weighted = { arbitrary: fc.Arbitrary<string>; weight: number };
type Featured = Weighted & { feature: Feature };

interface Grade {
  readonly name: string;
  readonly minimum: number | null;
}

type ItemShape =
  | { readonly kind: 'measure'; readonly name: string; readonly type: ExprType }
  | { readonly kind: 'score'; readonly name: string; readonly components: readonly string[]; readonly grades: readonly Grade[] | null;
      readonly missing: 'reweight' | 'zero' | 'null' | null }
  | { readonly kind: 'segment'; readonly name: string };

interface Shape extends Calendar {
  readonly tables: readonly EventTable[];
  readonly sources: readonly SourceShape[];
  /** The constructs this case uses (swarm testing). */
  readonly features: ReadonlySet<Feature>;
  /** The windows aggregates use (1–3 per case, so that data can sit on their boundaries). */
  readonly windows: readonly WindowSpec[];
  /** In an order where each item may only use the items before it. */
  readonly items: readonly ItemShape[];
  /** An `asof` statement in the text (it is only a default: the test passes the date explicitly). */
  readonly asofStatement: string | null;
  /** Write the statements in reverse order (order of statements does not matter). */
  readonly reverse: boolean;
  readonly numberLiterals: readonly string[];
}

type ItemKind = { kind: 'measure'; type: ExprType } | { kind: 'score'; components: number; grades: Grade[] | null; missing: 'reweight' | 'zero' | 'null' | null }
  | { kind: 'segment' };

const gradesArb: fc.Arbitrary<Grade[] | null> = fc.option(
  fc.tuple(fc.subarray(GRADE_MINIMA, { minLength: 0, maxLength: 3 }), fc.boolean()).filter(([minima, withDefault]) => minima.length > 0 || withDefault)
    .map(([minima, withDefault]) => {
      const grades: Grade[] = minima.map((minimum, i) => ({ name: GRADE_NAMES[i]!, minimum }));
      if (withDefault) grades.push({ name: 'other', minimum: null });
      return grades;
    }),
  { freq: 3, nil: null },
);

const itemKind: fc.Arbitrary<ItemKind> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('measure' as const), type: oneOf<ExprType>(['number', 'number', 'number', 'number', 'boolean', 'text', 'date', 'timestamp']) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('score' as const), components: fc.integer({ min: 1, max: 4 }), grades: gradesArb,
    missing: oneOf<'reweight' | 'zero' | 'null' | null>([null, 'reweight', 'zero', 'null']) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('segment' as const) }) },
);

function shapeArb(options: GeneratorOptions): fc.Arbitrary<Shape> {
  return fc.record({
    asof: oneOf(ASOF_DATES),
    windows: fc.array(windowSpec, { minLength: 1, maxLength: 3 }),
    features: fc.subarray([...FEATURES]),
    sources: sourcesArb,
    kinds: fc.array(itemKind, { minLength: 1, maxLength: 12 }),
    asofStatement: fc.option(oneOf(ASOF_DATES), { nil: null }),
    reverse: fc.boolean(),
  }).map(({ asof, windows, features, sources, kinds, asofStatement, reverse }) => {
    const counters = { measure: 0, score: 0, segment: 0 };
    const items = kinds.map((kind): ItemShape => {
      counters[kind.kind] += 1;
      if (kind.kind === 'measure') return { kind: 'measure', name: `m${counters.measure}`, type: kind.type };
      if (kind.kind === 'segment') return { kind: 'segment', name: `g${counters.segment}` };
      return { kind: 'score', name: `s${counters.score}`, components: Array.from({ length: kind.components }, (_, i) => `c${i + 1}`),
        grades: kind.grades, missing: kind.missing };
    });
    const numberLiterals = options.inexactLiterals ? [...EXACT_LITERALS, ...INEXACT_LITERALS] : EXACT_LITERALS;
    return { asof, windows, features: new Set(features), tables: sources.tables, sources: sources.sources, items, asofStatement, reverse, numberLiterals };
  });
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** What an item's expression may refer to: the items before it. */
interface Context {
  readonly shape: Shape;
  readonly before: readonly ItemShape[];
}

/**
 * Random expression texts of a given type, for one item's context. Every compound expression
 * is wrapped in parentheses (or is a call), so that text composes without precedence surprises.
 * Arbitraries are memoised per (type, depth, scope, null allowed): the recursion builds each
 * once.
 */
class ExpressionTexts {
  private readonly memo = new Map<string, fc.Arbitrary<string>>();

  constructor(private readonly context: Context) {}

  /**
   * An expression of `type`, nested at most `depth` levels. `where` is the source whose `where`
   * clause it stands in (only that source's columns, literals and `asof` are in scope).
   * `allowNull` lets the bare `null` literal appear (only where the type is fixed by the context).
   */
  expression(type: ExprType, depth: number, where: SourceShape | null = null, allowNull = false): fc.Arbitrary<string> {
    const key = `${type}/${depth}/${where?.name ?? ''}/${allowNull}`;
    let arbitrary = this.memo.get(key);
    if (!arbitrary) {
      const choices = [...this.leaves(type, where)];
      if (allowNull && this.context.shape.features.has('null')) choices.push({ weight: 1, arbitrary: fc.constant('null') });
      if (depth > 0) choices.push(...this.compounds(type, depth - 1, where));
      arbitrary = fc.oneof(...choices);
      this.memo.set(key, arbitrary);
    }
    return arbitrary;
  }

  private leaves(type: ExprType, where: SourceShape | null): Weighted[] {
    const leaves: Weighted[] = [];
    const add = (weight: number, arbitrary: fc.Arbitrary<string> | null) => {
      if (arbitrary) leaves.push({ weight, arbitrary });
    };
    const some = (values: readonly string[]) => (values.length > 0 ? oneOf(values) : null);
    switch (type) {
      case 'number': add(3, oneOf(this.context.shape.numberLiterals)); break;
      case 'boolean': add(1, oneOf(['true', 'false'])); break;
      case 'text': add(2, oneOf(TEXTS.map(quoteText))); break;
      case 'date': add(2, symbolicDate.map((date) => resolveDate(date, this.context.shape))); add(2, oneOf(['asof', 'ASOF'])); break;
      case 'timestamp': break;
    }
    if (where) {
      // A column of the source, bare or qualified with the source's name.
      add(6, some(columnsOf(where, type))?.chain((column) => fc.oneof(
        anyCase(column).map(bare),
        fc.tuple(anyCase(where.name), anyCase(column)).map(([source, name]) => `${source}.${name}`),
      )) ?? null);
      return leaves;
    }
    const entityColumns = ENTITY_COLUMNS.filter((column) => column.type === type).map((column) => column.name);
    if (type === 'number') entityColumns.push('n2');
    add(4, some(entityColumns)?.chain((column) => fc.oneof(
      { weight: 3, arbitrary: anyCase(column) },
      { weight: 1, arbitrary: fc.tuple(anyCase('e'), anyCase(column)).map(([entity, name]) => `${entity}.${name}`) },
    )) ?? null);
    add(5, some(this.itemReferences(type))?.chain(anyCase) ?? null);
    add(type === 'number' ? 8 : 4, this.aggregates(type));
    return leaves;
  }

  /** Names of earlier measures, scores (and their parts) and segments of `type`. */
  private itemReferences(type: ExprType): string[] {
    return this.context.before.flatMap((item) => {
      if (item.kind === 'measure') return item.type === type ? [item.name] : [];
      if (item.kind === 'segment') return type === 'boolean' ? [item.name] : [];
      if (type === 'number') return [item.name, ...item.components.map((component) => `${item.name}.${component}`)];
      if (type === 'text' && item.grades) return [`${item.name}.grade`];
      return [];
    });
  }

  private compounds(type: ExprType, depth: number, where: SourceShape | null): Weighted[] {
    const e = (t: ExprType, allowNull = false) => this.expression(t, depth, where, allowNull);
    const list = (t: ExprType, min: number, max: number) => fc.array(e(t, true), { minLength: min, maxLength: max });
    // coalesce/least/greatest take their type from the first argument, which must not be a bare null.
    const sameTypeCall = (t: ExprType, names: readonly string[], min: number) =>
      fc.tuple(oneOf(names), e(t), list(t, min - 1, 2)).map(([name, first, rest]) => `${name}(${[first, ...rest].join(', ')})`);
    // Often a plain leaf, so that a function sees the data's own values (a −2.5 to round).
    const operand = () => fc.oneof(this.expression('number', 0, where, false), e('number', true));
    const choices: Featured[] = [];
    switch (type) {
      case 'number': {
        choices.push(
          { feature: 'arithmetic', weight: 6, arbitrary: fc.tuple(e('number', true), oneOf(['+', '-', '*', '/']), e('number', true)).map(([a, op, b]) => `(${a} ${op} ${b})`) },
          { feature: 'arithmetic', weight: 1, arbitrary: e('number', true).map((a) => `(-${a})`) },
          { feature: 'coalesce', weight: 2, arbitrary: sameTypeCall('number', ['coalesce'], 1) },
          { feature: 'least-greatest', weight: 2, arbitrary: sameTypeCall('number', ['least', 'greatest'], 2) },
          { feature: 'clamp', weight: 2, arbitrary: fc.tuple(operand(), fc.oneof(oneOf(['0', '(-1)', '1']), e('number', true)), fc.oneof(oneOf(['100', '10', '2.5']), e('number', true)))
            .map(([x, lo, hi]) => `clamp(${x}, ${lo}, ${hi})`) },
          { feature: 'round', weight: 3, arbitrary: fc.tuple(operand(), fc.option(oneOf(['0', '1', '1', '2', '3', '(-1)', '(-2)', 'null']), { freq: 3, nil: null }))
            .map(([x, digits]) => (digits === null ? `round(${x})` : `round(${x}, ${digits})`)) },
          { feature: 'abs', weight: 1, arbitrary: operand().map((x) => `abs(${x})`) },
          { feature: 'days', weight: 2, arbitrary: fc.tuple(this.dateLike(depth, where), this.dateLike(depth, where))
            .map(([a, b]) => `days_between(${a}, ${b})`) },
          { feature: 'days', weight: 2, arbitrary: fc.tuple(oneOf(['days_until', 'days_since']), this.dateLike(depth, where)).map(([fn, d]) => `${fn}(${d})`) },
          { feature: 'band', weight: 4, arbitrary: this.band(depth, where) },
        );
        break;
      }
      case 'boolean': {
        choices.push(
          { feature: 'comparison', weight: 6, arbitrary: this.comparison(depth, where) },
          { feature: 'and-or', weight: 3, arbitrary: fc.tuple(e('boolean', true), oneOf(['and', 'or']), e('boolean', true)).map(([a, op, b]) => `(${a} ${op} ${b})`) },
          { feature: 'and-or', weight: 1, arbitrary: e('boolean', true).map((a) => `(not ${a})`) },
          { feature: 'is-null', weight: 2, arbitrary: fc.tuple(oneOf<ExprType>(['number', 'text', 'date', 'timestamp', 'boolean']).chain((t) => e(t)), fc.boolean())
            .map(([x, negated]) => `(${x} is ${negated ? 'not ' : ''}null)`) },
          { feature: 'in', weight: 2, arbitrary: this.inList(depth, where) },
          { feature: 'between', weight: 2, arbitrary: this.between(depth, where) },
          { feature: 'coalesce', weight: 1, arbitrary: sameTypeCall('boolean', ['coalesce'], 2) },
        );
        break;
      }
      case 'text': case 'date': case 'timestamp':
        choices.push(
          { feature: 'coalesce', weight: 1, arbitrary: sameTypeCall(type, ['coalesce'], 1) },
          { feature: 'least-greatest', weight: 1, arbitrary: sameTypeCall(type, ['least', 'greatest'], 2) },
        );
        break;
    }
    return this.enabled(choices);
  }

  /** The choices whose feature this case enables (swarm testing), or all of them if it enables none. */
  private enabled(choices: readonly Featured[]): Weighted[] {
    const on = choices.filter((choice) => this.context.shape.features.has(choice.feature));
    return (on.length > 0 ? on : choices).map(({ weight, arbitrary }) => ({ weight, arbitrary }));
  }

  /** A date or a timestamp expression (functions over dates take either). */
  private dateLike(depth: number, where: SourceShape | null): fc.Arbitrary<string> {
    return fc.oneof({ weight: 3, arbitrary: this.expression('date', depth, where, true) }, { weight: 2, arbitrary: this.expression('timestamp', depth, where) });
  }

  /** Two comparable values: same types, a date with a timestamp either way, or booleans. */
  private comparison(depth: number, where: SourceShape | null): fc.Arbitrary<string> {
    const pairs: [ExprType, ExprType][] = [['number', 'number'], ['number', 'number'], ['text', 'text'], ['date', 'date'],
      ['timestamp', 'timestamp'], ['date', 'timestamp'], ['timestamp', 'date'], ['boolean', 'boolean']];
    return oneOf(pairs).chain(([left, right]) => fc.tuple(
      this.expression(left, depth, where, true),
      left === 'boolean' ? oneOf(['=', '!=']) : oneOf(COMPARISONS),
      this.expression(right, depth, where, true),
    )).map(([a, op, b]) => `(${a} ${op} ${b})`);
  }

  /** `x [not] in (…)`, including a timestamp among dates (compared by calendar date) and the other way round. */
  private inList(depth: number, where: SourceShape | null): fc.Arbitrary<string> {
    const pairs: [ExprType, ExprType][] = [['number', 'number'], ['number', 'number'], ['text', 'text'], ['date', 'date'],
      ['timestamp', 'date'], ['date', 'timestamp'], ['timestamp', 'timestamp'], ['boolean', 'boolean']];
    return oneOf(pairs).chain(([x, item]) => fc.tuple(
      this.expression(x, depth, where),
      fc.boolean(),
      fc.array(this.expression(item, depth, where, true), { minLength: 1, maxLength: 3 }),
    )).map(([value, negated, items]) => `(${value} ${negated ? 'not ' : ''}in (${items.join(', ')}))`);
  }

  private between(depth: number, where: SourceShape | null): fc.Arbitrary<string> {
    const triples: [ExprType, ExprType, ExprType][] = [['number', 'number', 'number'], ['number', 'number', 'number'], ['text', 'text', 'text'],
      ['date', 'date', 'date'], ['timestamp', 'date', 'date'], ['date', 'timestamp', 'date'], ['timestamp', 'timestamp', 'timestamp'],
      ['date', 'date', 'timestamp']];
    return oneOf(triples).chain(([x, lo, hi]) => fc.tuple(
      this.expression(x, depth, where),
      fc.boolean(),
      this.expression(lo, depth, where, true),
      this.expression(hi, depth, where, true),
    )).map(([value, negated, low, high]) => `(${value} ${negated ? 'not ' : ''}between ${low} and ${high})`);
  }

  /** `band subject { arms }` over a number, text, date or timestamp subject. */
  private band(depth: number, where: SourceShape | null): fc.Arbitrary<string> {
    const armValue: Record<'number' | 'text' | 'date' | 'timestamp', fc.Arbitrary<string>> = {
      number: oneOf(BAND_NUMBERS.map(String)),
      text: oneOf(TEXTS.map(quoteText)),
      date: symbolicDate.map((date) => resolveDate(date, this.context.shape)),
      timestamp: symbolicDate.map((date) => resolveDate(date, this.context.shape)),
    };
    return oneOf<'number' | 'text' | 'date' | 'timestamp'>(['number', 'number', 'text', 'date', 'timestamp']).chain((type) => fc.tuple(
      this.expression(type, depth, where),
      fc.array(fc.tuple(oneOf(COMPARISONS), armValue[type], oneOf(BAND_RESULTS)), { minLength: 1, maxLength: 3 }),
      fc.option(oneOf(BAND_RESULTS), { nil: null }),
      fc.option(fc.tuple(oneOf(BAND_RESULTS), fc.boolean()), { nil: null }),
    )).map(([subject, compares, otherwise, missing]) => {
      const arms = compares.map(([op, value, result]) => `${op} ${value}: ${result}`);
      if (otherwise !== null) arms.push(`else: ${otherwise}`);
      if (missing !== null) {
        if (missing[1]) arms.unshift(`missing: ${missing[0]}`);
        else arms.push(`missing: ${missing[0]}`);
      }
      return `band ${subject} { ${arms.join(', ')} }`;
    });
  }

  /** Aggregates over the sources that yield `type`, or null when there are none. */
  private aggregates(type: ExprType): fc.Arbitrary<string> | null {
    const choices: Featured[] = [];
    for (const source of this.context.shape.sources) {
      const filters = this.filters(source);
      const name = anyCase(source.name);
      const aggregate = (feature: Feature, functions: readonly string[], columns: readonly string[]) => {
        if (columns.length === 0 || functions.length === 0) return;
        choices.push({ feature, weight: 1, arbitrary: fc.tuple(oneOf(functions), name, oneOf(columns).chain(anyCase), filters, fc.boolean())
          .map(([fn, s, column, filter, parenthesised]) => (parenthesised || !['latest', 'first'].includes(fn)
            ? `${fn}(${s}.${column}${filter})`
            : `(${fn} ${s}.${column}${filter})`)) });
      };
      const picks = source.time ? ['latest', 'first'] : [];
      if (type === 'number') {
        choices.push({ feature: 'count', weight: 1, arbitrary: fc.tuple(name, filters).map(([s, filter]) => `count(${s}${filter})`) });
        const anyColumn = source.columns.map((column) => column.name);
        choices.push({ feature: 'count-distinct', weight: 1, arbitrary: fc.tuple(name, oneOf(anyColumn).chain(anyCase), filters, fc.boolean())
          .map(([s, column, filter, parenthesised]) =>
            (parenthesised ? `count(distinct ${s}.${column}${filter})` : `(count distinct ${s}.${column}${filter})`)) });
        const numbers = columnsOf(source, 'number');
        aggregate('sum-avg', ['sum', 'avg'], numbers);
        aggregate('median', ['median'], numbers);
        aggregate('min-max', ['min', 'max'], numbers);
        aggregate('latest-first', picks, numbers);
      } else {
        aggregate('min-max', ['min', 'max'], columnsOf(source, type));
        aggregate('latest-first', picks, columnsOf(source, type));
      }
    }
    return choices.length > 0 ? fc.oneof(...this.enabled(choices)) : null;
  }

  /** ` where … during …`, each part optional; a window only for a source with a time column. */
  private filters(source: SourceShape): fc.Arbitrary<string> {
    const where = fc.option(fc.integer({ min: 1, max: 2 }).chain((depth) => this.expression('boolean', depth, source)), { freq: 2, nil: null });
    const window = source.time ? fc.option(windowText(this.context.shape.windows), { freq: 2, nil: null }) : fc.constant(null);
    return fc.tuple(where, window).map(([w, d]) => `${w === null ? '' : ` where ${w}`}${d === null ? '' : ` during ${d}`}`);
  }
}

/** The text of one of `windows`: `last 30 days`, `last 1 month`, `60 to 30 days ago`. */
function windowText(windows: readonly WindowSpec[]): fc.Arbitrary<string> {
  return fc.tuple(oneOf(windows), fc.boolean()).map(([{ from, to, unit }, plural]) => {
    const word = plural || from !== 1 ? `${unit}s` : unit;
    return to === 0 ? `last ${from} ${word}` : `${from} to ${to} ${unit}s ago`;
  });
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Statements

/** The text of one item, given the items before it. */
function itemText(shape: Shape, index: number): fc.Arbitrary<string> {
  const item = shape.items[index]!;
  const texts = new ExpressionTexts({ shape, before: shape.items.slice(0, index) });
  const label = fc.option(oneOf(['"A label"', '"Say ""hi"""']), { freq: 5, nil: null }).map((text) => (text === null ? '' : ` ${text}`));
  const depth = fc.integer({ min: 0, max: 3 });
  switch (item.kind) {
    case 'measure':
      return fc.tuple(label, depth.chain((d) => texts.expression(item.type, d))).map(([l, e]) => `measure ${item.name}${l} = ${e}`);
    case 'segment':
      return fc.tuple(label, depth.chain((d) => texts.expression('boolean', d))).map(([l, e]) => `segment ${item.name}${l} = ${e}`);
    case 'score': {
      const component = fc.oneof(
        { weight: 4, arbitrary: depth.chain((d) => texts.expression('number', d)) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).chain((d) => texts.expression('number', d)).map((e) => `clamp(${e}, 0, 100)`) },
        { weight: 1, arbitrary: fc.constant('null') },
      );
      return fc.tuple(label, fc.tuple(...item.components.map(() => fc.tuple(oneOf(WEIGHTS), component)))).map(([l, components]) => {
        const lines = [`score ${item.name}${l} {`];
        components.forEach(([weight, expression], i) => lines.push(`  ${item.components[i]} weight ${weight} = ${expression}`));
        if (item.missing) lines.push(`  missing ${item.missing}`);
        if (item.grades) lines.push(`  grades { ${item.grades.map((g) => (g.minimum === null ? g.name : `${g.name} >= ${g.minimum}`)).join(', ')} }`);
        lines.push('}');
        return lines.join('\n');
      });
    }
  }
}

function declarations(shape: Shape): string[] {
  const lines = ['# A generated model', 'entity e = ents key id'];
  for (const source of shape.sources) {
    const table = source.implicitTable ? '' : ` = ${source.table}`;
    const key = source.key === 'id' ? '' : ` key ${source.key}`;
    const time = source.time ? ` time ${source.time}` : '';
    lines.push(`source ${source.name}${table}${key}${time}`);
  }
  if (shape.asofStatement) lines.push(`asof ${shape.asofStatement}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Tables

function tablesOf(shape: Shape, data: DataSpec): TableData[] {
  const date = (d: SymbolicDate | null) => (d === null ? null : resolveDate(d, shape));
  const timestamp = (t: SymbolicTime | null) => (t === null ? null : resolveTimestamp(t, shape));
  const entity: TableData = {
    name: 'ents',
    columns: ENTITY_COLUMNS,
    rows: data.ids.map((id, i) => {
      const row = data.entity[i]!;
      return { id, n1: row.n1, n2: row.n2, tx: row.tx, d1: date(row.d1), t1: timestamp(row.t1), b1: row.b1 };
    }),
  };
  const events = shape.tables.map((table, i): TableData => ({
    name: table.name,
    columns: eventColumns(table).map(({ name, sqlType }) => ({ name, sqlType })),
    rows: data.sources[i]!.map((row) => ({
      [table.key]: row.key,
      t: row.t === null ? null : table.t === 'timestamp' ? timestamp(row.t) : date(row.t.date),
      order: row.order, Val: row.val, group: row.group, first: date(row.first), ts: timestamp(row.ts),
    })),
  }));
  return [entity, ...events];
}

// ---------------------------------------------------------------------------------------------
// The arbitrary

/** Random cases: a valid model text over random small tables, with an evaluation date. */
export function randomCases(options: GeneratorOptions = {}): fc.Arbitrary<RandomCase> {
  return fc.tuple(
    shapeArb(options).chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...shape.items.map((_, i) => itemText(shape, i))))),
    dataSpec,
  ).map(([[shape, items], data]) => {
    const statements = shape.reverse ? [...items].reverse() : items;
    const text = [...declarations(shape), ...statements].join('\n') + '\n';
    const randomCase: RandomCase = { text, asof: shape.asof, tables: tablesOf(shape, data) };
    return Object.assign(randomCase, { [fc.toStringMethod]: () => describeCase(randomCase) });
  });
}

/** Random cases with the default options. */
export const randomCase: fc.Arbitrary<RandomCase> = randomCases();

/** A readable account of a case: the evaluation date, the model text and every table. */
export function describeCase(c: RandomCase): string {
  const tables = c.tables.map((table) => {
    const header = table.columns.map((column) => `${column.name} ${column.sqlType}`).join(', ');
    const rows = table.rows.map((row) => `  ${JSON.stringify(table.columns.map((column) => row[column.name] ?? null))}`);
    return `${table.name}(${header}): ${table.rows.length} rows\n${rows.join('\n')}`;
  });
  return `asof ${c.asof}\n--- model ---\n${c.text}--- data ---\n${tables.join('\n')}`;
}
