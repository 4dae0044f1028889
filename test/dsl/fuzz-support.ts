/**
 * What the rules-language fuzz tests share: the invariants every input must keep
 * (`checkInput`), and seeded fast-check generators for random text, random models and
 * mutated real models.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { analyze, compileModel, type Diagnostic } from '../../dsl/index.ts';
import { sampleNames, sampleSchema } from '../helpers/sample-schema.ts';
import { corpus } from './corpus.ts';

/** Seeds are fixed so that a failure reproduces; PULSE_FUZZ_SEED explores other ones. */
export function fuzzSeed(base: number): number {
  const extra = Number(process.env.PULSE_FUZZ_SEED ?? 0);
  return (base + extra) | 0;
}

/** PULSE_FUZZ_SCALE=10 runs ten times as many inputs (for a long local run). */
export function fuzzRuns(count: number): number {
  return Math.round(count * Number(process.env.PULSE_FUZZ_SCALE ?? 1));
}

// ---------------------------------------------------------------------------------------------
// Invariants

/** What happened to one input. */
export interface Outcome {
  readonly model: boolean;
  readonly compiled: boolean;
  readonly sql?: string;
}

/**
 * Runs one input through `analyze` and, when a model results, `compileModel`, and throws an
 * Error naming the broken invariant (with the input) when:
 * - `analyze` throws (or, with `twice`, gives other diagnostics the second time);
 * - a diagnostic has an empty code or message, an unknown severity, an empty hint, or a range
 *   that is not 1-based, runs backwards, or lies outside the text's lines (an end column may be
 *   one past the end of the line plus one, where a missing token belongs);
 * - `compileModel` throws, or returns empty SQL or duplicate column names.
 */
export function checkInput(text: string, options: { asof?: string; twice?: boolean } = {}): Outcome {
  let analysis: ReturnType<typeof analyze>;
  try {
    analysis = analyze(text, sampleSchema);
    // The parser is one shared object: a second run must not see anything left by the first.
    if (options.twice && JSON.stringify(analyze(text, sampleSchema).diagnostics) !== JSON.stringify(analysis.diagnostics)) {
      throw new Error('a second analysis of the same text gave other diagnostics');
    }
  } catch (error) {
    throw new Error(`analyze threw ${describeError(error)}\ninput: ${JSON.stringify(text)}`);
  }
  const lines = text.split(/\r\n|\r|\n/);
  for (const diagnostic of analysis.diagnostics) {
    const problem = diagnosticProblem(lines, diagnostic);
    if (problem) throw new Error(`${problem}\ndiagnostic: ${JSON.stringify(diagnostic)}\ninput: ${JSON.stringify(text)}`);
  }
  const hasErrors = analysis.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (analysis.model && hasErrors) throw new Error(`a model came with errors\ninput: ${JSON.stringify(text)}`);
  if (!analysis.model) return { model: false, compiled: false };
  let compiled: ReturnType<typeof compileModel>;
  try {
    compiled = compileModel(analysis.model, options.asof ?? analysis.model.asof ?? '2025-06-30');
  } catch (error) {
    throw new Error(`compileModel threw ${describeError(error)}\ninput: ${JSON.stringify(text)}`);
  }
  if (compiled.sql.trim() === '') throw new Error(`compileModel returned no SQL\ninput: ${JSON.stringify(text)}`);
  const lower = compiled.columns.map((column) => column.toLowerCase());
  if (new Set(lower).size !== lower.length) throw new Error(`duplicate result columns ${JSON.stringify(compiled.columns)}\ninput: ${JSON.stringify(text)}`);
  return { model: true, compiled: true, sql: compiled.sql };
}

/** Why a diagnostic is malformed for a text cut into `lines`, or null when it is fine. */
export function diagnosticProblem(lines: readonly string[], diagnostic: Diagnostic): string | null {
  if (typeof diagnostic.code !== 'string' || diagnostic.code.trim() === '') return 'a diagnostic has no code';
  if (typeof diagnostic.message !== 'string' || diagnostic.message.trim() === '') return 'a diagnostic has no message';
  if (!['error', 'warning', 'info'].includes(diagnostic.severity)) return `unknown severity ${String(diagnostic.severity)}`;
  if (diagnostic.hint !== undefined && (typeof diagnostic.hint !== 'string' || diagnostic.hint.trim() === '')) return 'a diagnostic has an empty hint';
  const range = diagnostic.range;
  if (!range?.start || !range.end) return 'a diagnostic has no range';
  for (const [which, position, slack] of [['start', range.start, 1], ['end', range.end, 2]] as const) {
    if (!Number.isInteger(position.line) || !Number.isInteger(position.column)) return `the range's ${which} is not whole numbers`;
    if (position.line < 1 || position.line > lines.length) return `the range's ${which} line ${position.line} is outside the text (${lines.length} lines)`;
    if (position.column < 1) return `the range's ${which} column ${position.column} is below 1`;
    const length = lines[position.line - 1]!.length;
    if (position.column > length + slack) return `the range's ${which} column ${position.column} is past line ${position.line} (length ${length})`;
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.column > end.column)) return 'the range ends before it starts';
  return null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n')}` : String(error);
}

/** Counts outcomes, for the summary each fuzz test prints. */
export class Tally {
  inputs = 0;
  models = 0;
  compiled = 0;

  add(_text: string, outcome: Outcome): void {
    this.inputs++;
    if (outcome.model) this.models++;
    if (outcome.compiled) this.compiled++;
  }

  private readonly started = performance.now();
  private readonly cpu = process.cpuUsage();

  /** One line: inputs, wall-clock and CPU time since the tally was made, and outcomes. */
  summary(label: string): string {
    const seconds = (performance.now() - this.started) / 1000;
    const used = process.cpuUsage(this.cpu);
    const cpu = (used.user + used.system) / 1e6;
    return `${label}: ${this.inputs} inputs in ${seconds.toFixed(1)} s (${cpu.toFixed(1)} s CPU); ${this.models} checked without errors, ${this.compiled} compiled`;
  }
}

/**
 * Runs `checkInput` over `runs` inputs of `arbitrary` (seeded; every tenth analysed twice, to
 * catch state kept between calls) and adds a summary line to `summaries`.
 */
export function fuzzInputs(summaries: string[], label: string, arbitrary: fc.Arbitrary<string>, seed: number, runs: number): Tally {
  const tally = new Tally();
  let index = 0;
  fc.assert(fc.property(arbitrary, (text) => {
    tally.add(text, checkInput(text, { twice: index++ % 10 === 0 }));
  }), { seed: fuzzSeed(seed), numRuns: fuzzRuns(runs) });
  summaries.push(tally.summary(`${label} (seed ${fuzzSeed(seed)})`));
  expect(tally.inputs).toBeGreaterThanOrEqual(fuzzRuns(runs));
  return tally;
}

// ---------------------------------------------------------------------------------------------
// The language's alphabet

export const keywordWords = [
  'entity', 'key', 'source', 'time', 'asof', 'measure', 'score', 'segment', 'weight', 'band', 'else', 'missing', 'reweight', 'zero',
  'grades', 'count', 'distinct', 'sum', 'avg', 'min', 'max', 'median', 'latest', 'first', 'where', 'during', 'last', 'to', 'ago',
  'and', 'or', 'not', 'is', 'in', 'between', 'null', 'true', 'false', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
];

const functionNames = ['coalesce', 'clamp', 'round', 'abs', 'least', 'greatest', 'days_between', 'days_until', 'days_since', 'to_date', 'sqrt'];
const modelNames = ['account', 'usage', 'tickets', 'invoices', 'nps', 'subs', 'logins_30d', 'health', 'grade', 'at_risk', 'green', 'red', 'm', 'x'];

/** Characters the lexer does not know, and characters that often break tools. */
export const strayCharacters = [
  'é', 'ß', 'Ω', '中', '😀', '\u{1F600}\u200D\u{1F525}', '\u2028', '\u2029', '\u200b', '\u00a0', '\ufeff', '\u0301', '\ud800', '\udc00',
  '\u0000', '\u0001', '\u0007', '\u0008', '\u001b', '\u007f', '\u0085', '`', '"', "'", '!', '$', '@', ';', '[', ']', '\\', '?', '%', '&',
  '|', '^', '~', '\f', '\v',
];

const caseOf = (word: string, style: number): string =>
  style === 0 ? word : style === 1 ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1);

export const keywordArb = fc.tuple(fc.constantFrom(...keywordWords), fc.nat(5)).map(([word, style]) => caseOf(word, style > 2 ? 0 : style));
export const identifierArb = fc.oneof(
  { arbitrary: fc.constantFrom(...sampleNames, ...modelNames, ...functionNames), weight: 4 },
  { arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), weight: 1 },
);
const shortText = (exclude: RegExp) =>
  fc.string({ unit: fc.oneof(fc.constantFrom(...strayCharacters), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 8 })
    .map((text) => text.replace(exclude, ''));
export const quotedNameArb = fc.oneof(
  fc.constantFrom('`first`', '`Total Charges`', '`a"b`', "`it's`", '`;--`', '``', '`', '`logins 30d`'),
  shortText(/[`\n]/g).map((text) => `\`${text}\``),
);
export const numberArb = fc.oneof(
  fc.constantFrom('0', '1', '2', '5', '7', '9', '20', '30', '40', '60', '90', '100', '1000', '1.5', '0.5', '.5', '1.', '1e3', '2E-2', '007',
    '99999999999999999999', '4294967296', '1e308', '1e999', '1e-999', '0.000001'),
  fc.nat(1000).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map(String).filter((text) => /^[0-9.e+-]+$/i.test(text)),
);
export const dateArb = fc.oneof(
  fc.constantFrom('2025-06-30', '2025-01-31', '2024-02-29', '2025-02-29', '2025-13-01', '2025-00-10', '0000-01-01', '9999-12-31', '2025-06-31'),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);
export const stringArb = fc.oneof(
  fc.constantFrom("'login'", "''", "'it''s'", "'red'", "'Enterprise'", "'", "'unclosed", "'a\\b'", "'''", "'; drop table accounts; --'"),
  shortText(/[\n]/g).map((text) => `'${text.replaceAll("'", "''")}'`),
);
export const labelArb = fc.oneof(
  fc.constantFrom('"Account health"', '""', '"say ""hi"""', '"', '"unclosed'),
  shortText(/[\n]/g).map((text) => `"${text.replaceAll('"', '""')}"`),
);
export const operatorArb = fc.constantFrom('>=', '<=', '!=', '<>', '>', '<', '=', '+', '-', '*', '/', '(', ')', '{', '}', ',', ':', '.', '==', '=>', '!');
export const newlineArb = fc.constantFrom('\n', '\r\n', '\r', '\n\n', ' \n ');
export const commentArb = shortText(/[\r\n]/g).map((text) => `# ${text}`);
export const strayArb = fc.constantFrom(...strayCharacters);

/** One token of the language's alphabet, or something the lexer does not know. */
export const tokenArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: keywordArb, weight: 8 },
  { arbitrary: identifierArb, weight: 7 },
  { arbitrary: numberArb, weight: 3 },
  { arbitrary: dateArb, weight: 1 },
  { arbitrary: stringArb, weight: 2 },
  { arbitrary: labelArb, weight: 1 },
  { arbitrary: quotedNameArb, weight: 1 },
  { arbitrary: operatorArb, weight: 8 },
  { arbitrary: newlineArb, weight: 2 },
  { arbitrary: commentArb, weight: 1 },
  { arbitrary: strayArb, weight: 1 },
);

/** A random sequence of tokens, mostly separated by spaces. */
export const tokenSoupArb: fc.Arbitrary<string> = fc.array(fc.tuple(tokenArb, fc.constantFrom(' ', ' ', ' ', ' ', '', '\t', '\n')), { maxLength: 60, size: 'large' })
  .map((parts) => parts.map(([token, separator]) => token + separator).join(''));

const soupCharacters = [...new Set([
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789', ...' \t\n\r#\'"`(){}[],:.=<>!+-*/;\\', ...strayCharacters,
])];

/** Random characters: from the language's alphabet and beyond, and arbitrary UTF-16 (lone surrogates included). */
export const charSoupArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...soupCharacters), maxLength: 120, size: 'large' }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 60, size: 'large' }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 120, size: 'large' }), weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Random models, from a grammar of the language over the sample's tables

const sources = {
  usage: { table: 'usage_events', time: 'occurred_at', number: ['user_id', 'duration_s'], text: ['event', 'feature'], date: ['occurred_at'] },
  tickets: { table: 'tickets', time: 'opened_at', number: ['ticket_id'], text: ['complexity', 'channel', 'category'], date: ['resolved_at', 'first_response_at', 'opened_at'] },
  invoices: { table: 'invoices', time: 'due_on', number: ['amount'], text: [], date: ['paid_on', 'due_on', 'issued_on'] },
  nps: { table: 'nps_responses', time: 'responded_at', number: ['score'], text: ['reason'], date: ['responded_at'] },
  subs: { table: 'subscriptions', time: 'started_on', number: ['mrr'], text: ['plan', 'product', 'end_reason'], date: ['ended_on', 'started_on'] },
  refs: { table: 'referrals', time: null, number: ['referred_account_id'], text: ['code'], date: ['referred_on'] },
} as const;
type SourceName = keyof typeof sources;

/** The declarations the random models start from (most of the time). */
export const modelHeader = `entity account = accounts key account_id
source usage = usage_events time occurred_at
source tickets = tickets time opened_at
source invoices time due_on
source nps = nps_responses time responded_at
source subs = subscriptions time started_on
source refs = referrals key referrer_account_id
`;

const measureNames = ['m1', 'm2', 'm3', 'm4'];
const segmentNames = ['s1', 's2'];
const scoreNames = ['h', 'g'];
const componentNames = ['c1', 'c2', 'c3'];
const smallNumber = fc.oneof(fc.nat(100).map(String), fc.constantFrom('0.5', '1.25', '1000', '7'));

function sourceColumn(source: SourceName, kind: 'number' | 'text' | 'date' | 'any'): fc.Arbitrary<string> {
  const spec = sources[source];
  const pool: readonly string[] = kind === 'any' ? [...spec.number, ...spec.text, ...spec.date] : spec[kind];
  return pool.length > 0 ? fc.constantFrom(...pool) : fc.constantFrom(...spec.number);
}

/** A condition over one source's columns, for `where`. */
function whereArb(source: SourceName): fc.Arbitrary<string> {
  const spec = sources[source];
  const condition = fc.oneof(
    fc.tuple(sourceColumn(source, 'number'), fc.constantFrom('>', '>=', '<', '=', '!='), smallNumber).map(([c, o, n]) => `${c} ${o} ${n}`),
    spec.text.length > 0
      ? fc.tuple(sourceColumn(source, 'text'), fc.constantFrom("'login'", "'complex'", "'Pro'", "'x''y'")).map(([c, s]) => `${c} = ${s}`)
      : fc.constant('true'),
    fc.tuple(sourceColumn(source, 'date'), fc.boolean()).map(([c, not]) => `${c} is ${not ? 'not ' : ''}null`),
    fc.tuple(sourceColumn(source, 'date'), fc.constantFrom('asof', '2025-01-01')).map(([c, d]) => `${c} <= ${d}`),
    sourceColumn(source, 'any').map((c) => `${c} is null or ${c} > asof`),
  );
  return fc.array(condition, { minLength: 1, maxLength: 2 }).chain((parts) => fc.constantFrom(' and ', ' or ').map((op) => parts.join(op)));
}

const windowArb = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('days', 'day', 'weeks', 'months', 'month', 'years')).map(([n, u]) => ` during last ${n} ${u}`),
  fc.tuple(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom('days', 'weeks', 'months'))
    .map(([a, b, u]) => ` during ${Math.max(a, b + 1)} to ${b} ${u} ago`),
);

function aggregateArb(): fc.Arbitrary<string> {
  return fc.constantFrom(...(Object.keys(sources) as SourceName[])).chain((source) => {
    const filters = fc.tuple(fc.option(whereArb(source), { nil: '' }), fc.option(windowArb, { nil: '' }))
      .map(([where, window]) => `${where ? ` where ${where}` : ''}${sources[source].time ? window : ''}`);
    return fc.oneof(
      filters.map((f) => `count(${source}${f})`),
      fc.tuple(sourceColumn(source, 'any'), filters, fc.boolean())
        .map(([c, f, parens]) => (parens ? `count(distinct ${source}.${c}${f})` : `count distinct ${source}.${c}${f}`)),
      fc.tuple(fc.constantFrom('sum', 'avg', 'min', 'max', 'median'), sourceColumn(source, 'number'), filters).map(([fn, c, f]) => `${fn}(${source}.${c}${f})`),
      fc.tuple(fc.constantFrom('min', 'max'), sourceColumn(source, 'date'), filters).map(([fn, c, f]) => `${fn}(${source}.${c}${f})`),
      fc.tuple(fc.constantFrom('latest', 'first'), sourceColumn(source, 'any'), fc.option(whereArb(source), { nil: '' }))
        .map(([fn, c, w]) => `${fn} ${source}.${c}${w ? ` where ${w}` : ''}`),
    );
  });
}

/** Expressions of the three main types, built over each other. */
const expressions = fc.letrec((tie) => {
  const number = tie('number') as fc.Arbitrary<string>;
  const boolean = tie('boolean') as fc.Arbitrary<string>;
  const date = tie('date') as fc.Arbitrary<string>;
  return {
    number: fc.oneof(
      { depthSize: 'xsmall', maxDepth: 4, depthIdentifier: 'expression', withCrossShrink: true },
      smallNumber,
      fc.constantFrom('seats', 'account.seats', 'referred_by', ...measureNames, ...scoreNames, 'h.c1', 'g.c2', 'null'),
      aggregateArb(),
      fc.tuple(number, fc.constantFrom('+', '-', '*', '/'), number).map(([a, o, b]) => `(${a} ${o} ${b})`),
      number.map((a) => `-${a}`),
      fc.tuple(number, number, number).map(([x, lo, hi]) => `clamp(${x}, ${lo}, ${hi})`),
      fc.tuple(fc.constantFrom('least', 'greatest', 'coalesce'), fc.array(number, { minLength: 1, maxLength: 3 })).map(([fn, args]) => `${fn}(${args.join(', ')})`),
      fc.tuple(number, fc.option(fc.nat(3), { nil: undefined })).map(([x, d]) => (d === undefined ? `round(${x})` : `round(${x}, ${d})`)),
      number.map((x) => `abs(${x})`),
      date.map((d) => `days_since(${d})`),
      date.map((d) => `days_until(${d})`),
      fc.tuple(date, date).map(([a, b]) => `days_between(${a}, ${b})`),
      fc.tuple(number, fc.array(fc.tuple(fc.constantFrom('>=', '>', '<', '<=', '=', '!='), smallNumber, smallNumber), { minLength: 1, maxLength: 3 }),
        fc.option(smallNumber, { nil: undefined }), fc.option(smallNumber, { nil: undefined }))
        .map(([subject, arms, otherwise, missing]) => `band ${subject} { ${[
          ...arms.map(([o, v, r]) => `${o} ${v}: ${r}`), ...(otherwise ? [`else: ${otherwise}`] : []), ...(missing ? [`missing: ${missing}`] : []),
        ].join(', ')} }`),
      fc.tuple(fc.constantFrom('tier', 'region', 'latest subs.plan'), fc.constantFrom("'Enterprise'", "'Growth'", "'x''y'"), smallNumber)
        .map(([subject, value, result]) => `band ${subject} { = ${value}: ${result}, else: 0 }`),
    ),
    boolean: fc.oneof(
      { depthSize: 'xsmall', maxDepth: 4, depthIdentifier: 'expression', withCrossShrink: true },
      fc.constantFrom('true', 'false', ...segmentNames),
      fc.tuple(number, fc.constantFrom('>', '>=', '<', '<=', '=', '!='), number).map(([a, o, b]) => `${a} ${o} ${b}`),
      fc.tuple(boolean, fc.constantFrom('and', 'or'), boolean).map(([a, o, b]) => `(${a} ${o} ${b})`),
      boolean.map((a) => `not ${a}`),
      fc.tuple(number, fc.boolean()).map(([a, not]) => `${a} is ${not ? 'not ' : ''}null`),
      fc.tuple(number, fc.boolean(), number, number).map(([a, not, lo, hi]) => `${a} ${not ? 'not ' : ''}between ${lo} and ${hi}`),
      fc.tuple(fc.constantFrom('tier', 'region', 'h.grade', 'g.grade'), fc.boolean(), fc.array(fc.constantFrom("'Starter'", "'red'", "'green'", 'null'), { minLength: 1, maxLength: 3 }))
        .map(([a, not, items]) => `${a} ${not ? 'not ' : ''}in (${items.join(', ')})`),
      fc.tuple(date, fc.constantFrom('<', '>=', '='), date).map(([a, o, b]) => `${a} ${o} ${b}`),
    ),
    date: fc.oneof(
      { depthSize: 'xsmall', maxDepth: 4, depthIdentifier: 'expression', withCrossShrink: true },
      fc.constantFrom('asof', 'renewal_on', 'signup_date', '2025-03-31', '2024-02-29'),
      fc.constantFrom('latest tickets.resolved_at', 'first subs.started_on', 'max(invoices.paid_on)', 'min(usage.occurred_at during last 7 days)'),
      fc.tuple(date, date).map(([a, b]) => `coalesce(${a}, ${b})`),
      fc.tuple(date, date).map(([a, b]) => `least(${a}, ${b})`),
    ),
  };
});

const labelOrNot = fc.option(fc.constantFrom('"A label"', '"It""s"', '"Ünïcode ✓"'), { nil: '' }).map((label) => (label ? ` ${label}` : ''));

const componentArb = fc.tuple(fc.constantFrom(...componentNames), fc.oneof(smallNumber, fc.constant('0')), expressions.number)
  .map(([name, weight, expression]) => `  ${name} weight ${weight} = ${expression}`);
const gradesArb = fc.constantFrom('grades { green >= 70, yellow >= 40, red }', 'grades { good >= 50.5, bad }', 'grades { top >= 90 }', 'grades { only }');

/** One measure, segment, score, asof or source statement. */
export const statementArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...measureNames), labelOrNot, fc.oneof(expressions.number, expressions.date, expressions.boolean))
    .map(([name, label, expression]) => `measure ${name}${label} = ${expression}`), weight: 6 },
  { arbitrary: fc.tuple(fc.constantFrom(...segmentNames), labelOrNot, expressions.boolean).map(([name, label, expression]) => `segment ${name}${label} = ${expression}`), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...scoreNames), labelOrNot, fc.array(componentArb, { minLength: 1, maxLength: 3 }),
    fc.option(fc.constantFrom('missing reweight', 'missing zero', 'missing null'), { nil: '' }), fc.option(gradesArb, { nil: '' }))
    .map(([name, label, components, missing, grades]) => `score ${name}${label} {\n${[...components, ...(missing ? [`  ${missing}`] : []), ...(grades ? [`  ${grades}`] : [])].join('\n')}\n}`), weight: 3 },
  { arbitrary: dateArb.map((date) => `asof ${date}`), weight: 1 },
  { arbitrary: fc.constantFrom('source trainings time attended_on', 'source csat = csat_responses time responded_at', 'source nope = no_table'), weight: 1 },
);

/** A model from the grammar: usually the standard declarations, then a few statements. */
export const grammarModelArb: fc.Arbitrary<string> = fc.tuple(fc.nat(9), fc.array(statementArb, { minLength: 1, maxLength: 4 }))
  .map(([header, statements]) => `${header < 8 ? modelHeader : ''}${statements.join('\n')}\n`);

// ---------------------------------------------------------------------------------------------
// Mutations of real models

/** Cuts a text into tokens (roughly as the lexer does) and the spacing between them. */
const TOKEN = /\s+|#[^\n]*|'(?:[^'\n]|'')*'?|"(?:[^"\n]|"")*"?|`[^`\n]*`?|\d{4}-\d{2}-\d{2}|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|!=|<>|[^]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export type Mutation =
  | { readonly kind: 'delete-chars'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate-chars'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'swap-chars'; readonly a: number; readonly b: number }
  | { readonly kind: 'delete-token'; readonly at: number; readonly count: number }
  | { readonly kind: 'insert-token'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate-token'; readonly at: number; readonly count: number; readonly to: number }
  | { readonly kind: 'swap-tokens'; readonly a: number; readonly b: number }
  | { readonly kind: 'replace-token'; readonly at: number; readonly text: string };

const position = fc.nat();
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-chars' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof(tokenArb, strayArb, fc.string({ maxLength: 3 })) }),
  fc.record({ kind: fc.constant('duplicate-chars' as const), at: position, length: fc.integer({ min: 1, max: 30 }), to: position }),
  fc.record({ kind: fc.constant('swap-chars' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('delete-token' as const), at: position, count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('insert-token' as const), at: position, text: tokenArb }),
  fc.record({ kind: fc.constant('duplicate-token' as const), at: position, count: fc.integer({ min: 1, max: 6 }), to: position }),
  fc.record({ kind: fc.constant('swap-tokens' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('replace-token' as const), at: position, text: tokenArb }),
);

/** Applies one mutation; positions wrap around the text's length. */
export function mutate(text: string, mutation: Mutation): string {
  const chars = text.length;
  const at = (n: number, size: number) => (size <= 0 ? 0 : n % size);
  switch (mutation.kind) {
    case 'delete-chars': {
      const start = at(mutation.at, chars);
      return text.slice(0, start) + text.slice(start + mutation.length);
    }
    case 'insert': {
      const where = at(mutation.at, chars + 1);
      return text.slice(0, where) + mutation.text + text.slice(where);
    }
    case 'duplicate-chars': {
      const start = at(mutation.at, chars);
      const piece = text.slice(start, start + mutation.length);
      const where = at(mutation.to, chars + 1);
      return text.slice(0, where) + piece + text.slice(where);
    }
    case 'swap-chars': {
      if (chars < 2) return text;
      const [a, b] = [at(mutation.a, chars), at(mutation.b, chars)].sort((x, y) => x - y) as [number, number];
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
    default: {
      const tokens = tokenize(text);
      const n = tokens.length;
      switch (mutation.kind) {
        case 'delete-token': {
          const start = at(mutation.at, n);
          tokens.splice(start, mutation.count);
          break;
        }
        case 'insert-token':
          tokens.splice(at(mutation.at, n + 1), 0, ' ', mutation.text, ' ');
          break;
        case 'duplicate-token': {
          const start = at(mutation.at, n);
          tokens.splice(at(mutation.to, n + 1), 0, ...tokens.slice(start, start + mutation.count));
          break;
        }
        case 'swap-tokens': {
          if (n < 2) break;
          const a = at(mutation.a, n);
          const b = at(mutation.b, n);
          [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!];
          break;
        }
        case 'replace-token':
          if (n > 0) tokens[at(mutation.at, n)] = mutation.text;
          break;
      }
      return tokens.join('');
    }
  }
}

/**
 * A piece of a corpus model — its declarations and a few of its other statements, so that
 * inputs stay small (the parser's cost grows faster than the text) — or, one time in 40, the
 * whole model.
 */
export const corpusPieceArb: fc.Arbitrary<string> = fc.tuple(fc.nat(corpus.length - 1), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.nat(39))
  .map(([index, start, count, whole]) => {
    const text = corpus[index]!;
    if (whole === 0) return text;
    const statements = text.split(/\n(?=[^\s#}])(?!(?:source|entity|asof)\b)/i);
    const [declarations, ...rest] = statements;
    if (rest.length === 0) return text;
    const from = start % rest.length;
    return [declarations, ...rest.slice(from, from + count)].join('\n');
  });

/** A corpus model (or a piece of one) with one to six mutations applied. */
export const mutatedModelArb: fc.Arbitrary<string> = fc.tuple(corpusPieceArb, fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
  .map(([text, mutations]) => mutations.reduce(mutate, text));
