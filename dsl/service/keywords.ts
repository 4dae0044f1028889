import type { TokenType } from 'chevrotain';
import { keywords } from '../syntax/tokens.ts';

/**
 * The words a keyword token matches, read off its pattern: `entity` → [entity],
 * `days?` → [day, days]. Keyword patterns are plain words whose letters may be optional; any
 * other pattern is a mistake in this function's assumptions, so it throws.
 */
export function spellings(type: TokenType): string[] {
  const pattern = type.PATTERN;
  if (!(pattern instanceof RegExp)) throw new Error(`keyword ${type.name} has no regular expression`);
  let words = [''];
  const source = pattern.source;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (!/[A-Za-z_]/.test(char)) throw new Error(`keyword ${type.name} has an unexpected pattern /${source}/`);
    const optional = source[index + 1] === '?';
    if (optional) index++;
    words = optional ? words.flatMap((word) => [word, word + char]) : words.map((word) => word + char);
  }
  return words.map((word) => word.toLowerCase()).filter((word) => word !== '');
}

/** The word completion offers for a keyword: its longest spelling (`days`). */
export function keywordLabel(type: TokenType): string {
  return spellings(type).reduce((a, b) => (b.length > a.length ? b : a));
}

/** Every spelling of every keyword of the lexer, lower-case. */
export function allKeywordSpellings(): string[] {
  return [...new Set(keywords.flatMap(spellings))];
}

/** One line of documentation per keyword token, keyed by token name. */
const docs: Readonly<Record<string, string>> = {
  Entity: '`entity name = table key column` — the grain, one row per entity (default: table `accounts`, key `account_id`).',
  Key: '`key column` — the column that joins a table to the entity.',
  Source: '`source name = table time column` — an event table, joined to the entity on its key.',
  Time: '`time column` — the date or timestamp column of a source that windows and as-of evaluation use.',
  Asof: '`asof` — the evaluation date: `asof 2025-06-30` sets the default; in an expression it is that date.',
  Measure: '`measure name = expression` — a named value for each entity row.',
  Score: '`score name "Label" { … }` — a 0–100 score: weighted components, a missing-value policy and grades.',
  Segment: '`segment name = condition` — true or false for each entity row; where the condition is null, false.',
  Weight: '`weight N` — the share of a component in its score; weights are renormalised to add up.',
  Band: '`band x { >= 20: 100, >= 5: 60, else: 10 }` — the result of the first arm that matches x, top to bottom.',
  Else: '`else: N` — the band arm for any value that no earlier arm matched (not for null).',
  Missing: '`missing` — in a score, what a null component does (`reweight`, `zero` or `null`); in a band, the arm for null.',
  Reweight: '`missing reweight` — a null component is dropped and the other weights renormalised (the default).',
  Zero: '`missing zero` — a null component counts as 0.',
  Grades: '`grades { green >= 70, yellow >= 40, red }` — checked top to bottom with `>=`; the last, bare name is the default.',
  Count: '`count(source where … during …)` — the number of rows, 0 when there are none; `count distinct source.column` counts distinct values.',
  Distinct: '`count distinct source.column` — the number of distinct values of a column.',
  Sum: '`sum(source.column where … during …)` — the total of a column; null when there are no rows.',
  Avg: '`avg(source.column where … during …)` — the average of a column; null when there are no rows.',
  Min: '`min(source.column where … during …)` — the smallest value of a column; null when there are no rows.',
  Max: '`max(source.column where … during …)` — the largest value of a column; null when there are no rows.',
  Median: '`median(source.column where … during …)` — the median of a column; null when there are no rows.',
  Latest: '`latest source.column where …` — the value in the most recent row by the source\'s time column.',
  First: '`first source.column where …` — the value in the earliest row by the source\'s time column.',
  Where: '`where condition` — only the source rows for which the condition holds; names are the source\'s columns.',
  During: '`during last 30 days` or `during 60 to 30 days ago` — a window of calendar time counted back from the evaluation date.',
  Last: '`last N days` — the N days (weeks, months, years) up to and including the evaluation date.',
  To: '`N to M days ago` — the window from N back to M days before the evaluation date.',
  Ago: '`N to M days ago` — a window that ends M days before the evaluation date.',
  And: '`a and b` — true when both are true.',
  Or: '`a or b` — true when either is true.',
  Not: '`not x` — true when x is false; also `not in`, `not between`, `is not null`.',
  Is: '`x is null`, `x is not null` — whether a value is missing.',
  In: '`x in (a, b, …)` — true when x equals one of the values.',
  Between: '`x between lo and hi` — true when lo ≤ x ≤ hi (both ends included).',
  Null: '`null` — no value; `missing null` makes a score null when any component is null.',
  True: '`true` — the boolean value true.',
  False: '`false` — the boolean value false.',
  DayUnit: '`days` — a duration in calendar days.',
  WeekUnit: '`weeks` — a duration in weeks of 7 days.',
  MonthUnit: '`months` — a duration in calendar months.',
  YearUnit: '`years` — a duration in calendar years.',
};

/** The one-line documentation of a keyword token, in markdown. */
export function keywordDoc(type: TokenType): string | undefined {
  return docs[type.name];
}
