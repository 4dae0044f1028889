import { closest } from '../../dsl/check/suggest.ts';
import type { Diagnostic } from '../../dsl/diagnostics.ts';
import { defaultLtvParameters } from '../metrics/ltv.ts';
import type { PeriodUnit } from '../metrics/options.ts';
import { CHART_KINDS, type ChartKind, type ChartRequest, type NameRef } from './chart-request.ts';
import { at, chartMessages } from '../../dsl/messages.ts';
import { tokenizeChartLine, type ChartToken } from './chart-tokens.ts';

/** A parsed chart line: the request, or null with the reasons in `diagnostics`. */
export interface ChartLineResult {
  readonly request: ChartRequest | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses a built-in chart line (DESIGN.md §6) into a `ChartRequest`. Never throws: mistakes
 * come back as diagnostics with 1-based ranges. Only names and syntax are checked here;
 * whether the columns and segments exist is for `resolve-request.ts`.
 *
 * ```
 * line     = chart ["where" segment]
 * chart    = "retention" "by" "signup_month" ["logo" | "revenue"]
 *          | "churn_rate" "by" column [period]          period default monthly
 *          | "ltv" "by" column ["cap" (number "months" | "none")]   cap default 120 months
 *          | "nps" "by" column [period]                 period default quarterly
 *          | "csat" "by" column
 *          | "health_distribution" ["of" score]         score default health
 *          | "resolution_time" "by" column
 *          | "churn_reasons" ["by" column]
 *          | "referrals" "by" column [period]           period default quarterly
 *          | "survey" ("nps" | "csat") "by" column
 *          | "backtest" score ["vs" score] ["predicting" "churn"] "within" number "days" ["from" date "to" date] [step]
 *          | "grade_migration" "from" score "to" score
 * period   = "monthly" | "quarterly" | "yearly"
 * step     = "weekly" | "monthly" | "quarterly"                  step default monthly
 * ```
 *
 * Words are case-insensitive; names are `[A-Za-z_][A-Za-z0-9_]*`; `#` starts a comment.
 */
export function parseChartLine(text: string): ChartLineResult {
  const { tokens, diagnostics } = tokenizeChartLine(text);
  if (diagnostics.length > 0) return { request: null, diagnostics };
  const first = tokens[0];
  if (!first) {
    return { request: null, diagnostics: [at(chartMessages.empty(CHART_KINDS), { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } })] };
  }
  const kind = CHART_KINDS.find((candidate) => candidate === first.lower);
  if (!kind) {
    return { request: null, diagnostics: [at(chartMessages.unknownChart(first.text, closest(first.text, [...CHART_KINDS]), CHART_KINDS), first.range)] };
  }
  const cursor = new Cursor(tokens.slice(1), first);
  const body = GRAMMAR[kind](cursor);
  const where = body ? parseWhere(cursor) : undefined;
  if (!body || where === undefined || !cursor.atEnd()) {
    if (cursor.diagnostics.length === 0) cursor.unexpected();
    return { request: null, diagnostics: cursor.diagnostics };
  }
  const range = { start: first.range.start, end: tokens.at(-1)!.range.end };
  return { request: { ...body, kind, range, nameRange: first.range, where } as ChartRequest, diagnostics: [] };
}

/** The fields of a request that its chart's own words decide. */
type Body<K extends ChartKind> = Omit<Extract<ChartRequest, { kind: K }>, 'kind' | 'range' | 'nameRange' | 'where'>;

const PERIODS: Readonly<Record<string, PeriodUnit>> = { monthly: 'month', quarterly: 'quarter', yearly: 'year' };

/** A column each chart is usually grouped by, for examples in hints. */
const EXAMPLE_COLUMN: Readonly<Record<ChartKind, string>> = {
  retention: 'signup_month', churn_rate: 'tier', ltv: 'tier', nps: 'tier', csat: 'touchpoint',
  health_distribution: 'tier', resolution_time: 'complexity', churn_reasons: 'tier', referrals: 'tier', survey: 'tier', backtest: 'health',
  grade_migration: 'health',
};

/** Ten years: a longer horizon leaves no date whose labels the data could have. */
const MAX_HORIZON_DAYS = 3650;

/** A century: a lifetime cap beyond it is no cap, and `cap none` says so plainly. */
const MAX_CAP_MONTHS = 1200;

const STEPS: Readonly<Record<string, 'week' | 'month' | 'quarter'>> = { weekly: 'week', monthly: 'month', quarterly: 'quarter' };

/** How a possible keyword is shown in "expected …". */
const SHOWN: Readonly<Record<string, string>> = { by: 'by <column>', of: 'of <score>', where: 'where <segment>', from: 'from <date> to <date>', cap: 'cap <N> months' };

/** Words that end a name's place: a column cannot be called `where` in a chart line. */
const RESERVED = new Set(['by', 'of', 'where', 'vs', 'predicting', 'within', 'from', 'to']);

/** Each chart's words after its name; undefined after a diagnostic. */
const GRAMMAR: { readonly [K in ChartKind]: (cursor: Cursor) => Body<K> | undefined } = {
  retention: (cursor) => {
    const by = cursor.by('a column');
    if (!by) return undefined;
    if (by.name.toLowerCase() !== 'signup_month') return cursor.fail(at(chartMessages.cohortColumn(by.name), by.range));
    const basis = cursor.optional(['logo', 'revenue']);
    return { basis: basis?.lower === 'revenue' ? 'revenue' : 'logo' };
  },
  churn_rate: (cursor) => {
    const by = cursor.by('a column');
    return by && { by, period: cursor.period('month') };
  },
  ltv: (cursor) => {
    const by = cursor.by('a column');
    if (!by) return undefined;
    const cap = cursor.optional(['cap']);
    if (!cap) return { by, capMonths: defaultLtvParameters.lifetimeCapMonths };
    if (cursor.optional(['none'])) return { by, capMonths: null };
    const months = cursor.number('a number of months or `none`', cap);
    if (months === undefined || !cursor.keyword('months', cap)) return undefined;
    if (months < 1 || months > MAX_CAP_MONTHS) return cursor.fail(at(chartMessages.badCap(months, MAX_CAP_MONTHS), cap.range));
    return { by, capMonths: months };
  },
  nps: (cursor) => {
    const by = cursor.by('a column');
    return by && { by, period: cursor.period('quarter') };
  },
  csat: (cursor) => {
    const by = cursor.by('a column');
    return by && { by };
  },
  health_distribution: (cursor) => {
    const of = cursor.optional(['of']);
    if (!of) return { score: { name: 'health', range: cursor.chart.range } };
    const score = cursor.name('a score', of);
    return score && { score };
  },
  resolution_time: (cursor) => {
    const by = cursor.by('a column');
    return by && { by };
  },
  churn_reasons: (cursor) => {
    const word = cursor.optional(['by']);
    if (!word) return { by: null };
    const by = cursor.name('a column', word);
    return by && { by };
  },
  referrals: (cursor) => {
    const by = cursor.by('a column');
    return by && { by, period: cursor.period('quarter') };
  },
  survey: (cursor) => {
    const survey = cursor.oneOf(['nps', 'csat'], cursor.chart);
    const by = survey && cursor.by('a column', `survey ${survey.lower}`);
    return by && { survey: survey!.lower as 'nps' | 'csat', by };
  },
  backtest: (cursor) => {
    const score = cursor.name('a score', cursor.chart);
    if (!score) return undefined;
    const vs = cursor.optional(['vs']);
    const versus = vs ? cursor.name('a score', vs) : null;
    if (versus === undefined) return undefined;
    const predicting = cursor.optional(['predicting']);
    if (predicting && !cursor.keyword('churn', predicting)) return undefined;
    const within = cursor.keyword('within', predicting ?? cursor.chart);
    const days = within && cursor.number('a number of days', within);
    if (days === undefined || !cursor.keyword('days', within!)) return undefined;
    if (days < 1 || days > MAX_HORIZON_DAYS) return cursor.fail(at(chartMessages.badHorizon(days, MAX_HORIZON_DAYS), within!.range));
    let from: string | null = null;
    let to: string | null = null;
    const fromWord = cursor.optional(['from']);
    if (fromWord) {
      from = cursor.date(fromWord) ?? null;
      const toWord = from === null ? undefined : cursor.keyword('to', fromWord);
      to = toWord ? cursor.date(toWord) ?? null : null;
      if (from === null || to === null) return undefined;
      if (from > to) return cursor.fail(at(chartMessages.datesReversed(from, to), fromWord.range));
    }
    const step = cursor.optional(Object.keys(STEPS));
    return { score, versus, horizonDays: days, from, to, every: step ? STEPS[step.lower]! : 'month' };
  },
  grade_migration: (cursor) => {
    const fromWord = cursor.keyword('from', cursor.chart);
    const from = fromWord && cursor.name('a score', fromWord);
    const toWord = from && cursor.keyword('to', fromWord!);
    const to = toWord && cursor.name('a score', toWord);
    return from && to ? { from, to } : undefined;
  },
};

/** `where <segment>` or nothing (null); undefined after a diagnostic. */
function parseWhere(cursor: Cursor): NameRef | null | undefined {
  const word = cursor.optional(['where']);
  return word ? cursor.name('a segment', word) : null;
}

/**
 * Reads the words after the chart name, one at a time, and remembers which optional words
 * were possible where the line stopped, so that a stray word gets "expected …" and a
 * "did you mean" among them.
 */
class Cursor {
  readonly diagnostics: Diagnostic[] = [];
  private index = 0;
  private possible: string[] = [];

  constructor(private readonly tokens: readonly ChartToken[], readonly chart: ChartToken) {}

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  /** The next word when it is one of `words` (consumed), else undefined (and `words` noted as possible). */
  optional(words: readonly string[]): ChartToken | undefined {
    const token = this.tokens[this.index];
    if (token && words.includes(token.lower)) {
      this.index++;
      this.possible = [];
      return token;
    }
    this.possible.push(...words);
    return undefined;
  }

  /** A period word, or `fallback` when there is none. */
  period(fallback: PeriodUnit): PeriodUnit {
    const word = this.optional(Object.keys(PERIODS));
    return word ? PERIODS[word.lower]! : fallback;
  }

  /** `by <name>`, required; `lead` is what comes before it (the chart name, or `survey nps`). */
  by(what: string, lead: string = this.chart.lower): NameRef | undefined {
    const example = EXAMPLE_COLUMN[this.chart.lower as ChartKind];
    const word = this.optional(['by']);
    if (word) return this.name(what, word);
    const found = this.tokens[this.index];
    if (!found) return this.fail(at(chartMessages.missingBy(lead, example), this.chart.range));
    return this.fail(at(chartMessages.byExpected(lead, found.text, closest(found.text, ['by']), RESERVED.has(found.lower) ? example : found.text), found.range));
  }

  /** The keyword `word`, required after `after`. */
  keyword(word: string, after: ChartToken): ChartToken | undefined {
    return this.oneOf([word], after);
  }

  /** One of `words`, required after `after`. */
  oneOf(words: readonly string[], after: ChartToken): ChartToken | undefined {
    const token = this.optional(words);
    if (token) return token;
    const found = this.tokens[this.index];
    const shown = words.map((word) => `\`${word}\``);
    return this.fail(at(found ? chartMessages.unexpected(found.text, shown, closest(found.text, [...words])) : chartMessages.missingName(shown.join(' or '), after.lower),
      found?.range ?? after.range));
  }

  /** A whole number after the keyword `after`. */
  number(what: string, after: ChartToken): number | undefined {
    const token = this.tokens[this.index];
    if (token?.kind !== 'number') return this.fail(at(token ? chartMessages.reservedName(what, after.lower, token.text) : chartMessages.missingName(what, after.lower), token?.range ?? after.range));
    this.index++;
    return Number(token.text);
  }

  /** A date (YYYY-MM-DD) after the keyword `after`. */
  date(after: ChartToken): string | undefined {
    const token = this.tokens[this.index];
    if (token?.kind !== 'date') return this.fail(at(token ? chartMessages.reservedName('a date (YYYY-MM-DD)', after.lower, token.text) : chartMessages.missingName('a date (YYYY-MM-DD)', after.lower), token?.range ?? after.range));
    if (!isCalendarDate(token.text)) return this.fail(at(chartMessages.notADate(token.text), token.range));
    this.index++;
    return token.text;
  }

  /** A name after the keyword `after`. */
  name(what: string, after: ChartToken): NameRef | undefined {
    const token = this.tokens[this.index];
    if (!token) return this.fail(at(chartMessages.missingName(what, after.lower), after.range));
    if (RESERVED.has(token.lower) || token.kind !== 'word') return this.fail(at(chartMessages.reservedName(what, after.lower, token.text), token.range));
    this.index++;
    this.possible = [];
    return { name: token.text, range: token.range };
  }

  /** Reports the word where parsing stopped as unexpected. */
  unexpected(): void {
    const token = this.tokens[this.index]!;
    const words = [...new Set(this.possible)];
    const expected = [...words.map((word) => `\`${SHOWN[word] ?? word}\``), 'the end of the line'];
    this.fail(at(chartMessages.unexpected(token.text, expected, closest(token.text, words)), token.range));
  }

  fail(diagnostic: Diagnostic): undefined {
    this.diagnostics.push(diagnostic);
    return undefined;
  }
}

/** True for a real YYYY-MM-DD day of the calendar (not 2025-02-30). */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
