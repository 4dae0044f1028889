import type { Diagnostic, Severity } from './diagnostics.ts';
import type { Range } from './syntax/ast.ts';

/** A catalogue entry filled in: everything but the place. */
export interface Message {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
}

/** Places a message at a range. */
export function at(message: Message, range: Range): Diagnostic {
  return { ...message, range };
}

const error = (code: string, message: string, hint?: string): Message => ({ code, severity: 'error', message, ...(hint ? { hint } : {}) });
const warning = (code: string, message: string, hint?: string): Message => ({ code, severity: 'warning', message, ...(hint ? { hint } : {}) });
const didYouMean = (suggestion: string | undefined) => (suggestion ? ` — did you mean \`${suggestion}\`?` : '');
const code = (text: string) => `\`${text}\``;
const list = (items: readonly string[]) => items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/**
 * Every diagnostic the rules language can produce, in one place (DESIGN.md §10). Codes are
 * stable; tests pin both the text and the range.
 */
export const messages = {
  // --- Syntax --------------------------------------------------------------------------------
  unexpectedCharacter: (char: string) => error('unexpected-character', `unexpected character ${code(char)}`),
  unclosedString: () => error('unclosed-string', 'this string is not closed', "End it with ' on the same line; write '' for a quote inside it."),
  unclosedLabel: () => error('unclosed-label', 'this label is not closed', 'End it with " on the same line.'),
  syntax: (text: string) => error('syntax', text),
  statementTooLong: (tokens: number, limit: number) =>
    error('statement-too-long', `this statement has ${tokens} tokens, more than the ${limit} a statement may have`, 'Split it into several measures.'),
  nestedTooDeeply: (limit: number) =>
    error('nested-too-deeply', `this statement nests more than ${limit} levels deep`, 'Name the inner parts as measures of their own.'),
  internalError: (detail: string) =>
    error('internal-error', `Pulse could not read this text (${detail}); this is a bug in Pulse`, 'Please report it with the text that caused it.'),
  notAStatement: (found: string) => error('not-a-statement', `expected a statement but found ${found}`,
    'A statement starts with entity, source, asof, measure, score or segment.'),

  // --- Declarations --------------------------------------------------------------------------
  duplicateName: (name: string, line: number) => error('duplicate-name', `${code(name)} is already defined on line ${line}`),
  duplicateStatement: (what: string, line: number) => error('duplicate-statement', `only one ${what} statement is allowed; the first is on line ${line}`),
  duplicateClause: (what: string) => error('duplicate-clause', `${code(what)} is given twice`),
  nameClashColumn: (kind: string, name: string, table: string) =>
    error('name-clash-column', `${kind} ${code(name)} has the same name as a column of ${table}`, 'Choose another name: the scores relation has both.'),
  outputClash: (column: string, other: string) =>
    error('output-clash', `this makes a column ${code(column)} in scores, which ${other} also makes`, 'Rename one of them.'),
  unknownTable: (name: string, suggestion?: string) => error('unknown-table', `unknown table ${code(name)}${didYouMean(suggestion)}`),
  noEntity: () => error('no-entity', 'there is no entity: no `entity` statement, and no table `accounts` to use by default',
    'Declare one, e.g. `entity customer = telco key customerID`.'),
  keyMissing: (table: string, key: string, suggestion?: string) =>
    error('key-missing', `table ${table} has no column ${code(key)} to use as the key${didYouMean(suggestion)}`, 'Name the key column: `key <column>`.'),
  timeColumnType: (column: string, type: string) =>
    error('time-column-type', `the time column ${code(column)} must be a date or a timestamp, not ${type}`),
  noTimeColumn: (source: string) =>
    warning('no-time-column', `source ${code(source)} has no time column, so rows dated after the evaluation date cannot be hidden`,
      `Declare one: \`source ${source} = <table> time <column>\`.`),
  invalidDate: (text: string) => error('invalid-date', `${text} is not a calendar date`),
  numberOutOfRange: (text: string) => error('number-out-of-range', `${text} is too large a number`),
  reservedName: (name: string) =>
    error('reserved-name', `names starting with \`__pulse_\` are reserved for Pulse's own columns: ${code(name)}`),

  // --- Names in expressions ------------------------------------------------------------------
  unknownName: (name: string, suggestion?: string) =>
    error('unknown-name', `unknown name ${code(name)}${didYouMean(suggestion)}`, 'A bare name is a measure, a score, a segment or a column of the entity.'),
  unknownColumn: (name: string, table: string, suggestion?: string) => error('unknown-column', `unknown column ${code(name)} in ${table}${didYouMean(suggestion)}`),
  unknownSource: (name: string, suggestion?: string) =>
    error('unknown-source', `unknown source ${code(name)}${didYouMean(suggestion)}`, 'Declare it: `source <name> = <table> time <column>`.'),
  unknownScorePart: (score: string, part: string, suggestion?: string) =>
    error('unknown-score-part', `score ${code(score)} has no component ${code(part)}${didYouMean(suggestion)}`,
      `Use ${code(`${score}.grade`)} or ${code(`${score}.<component>`)}.`),
  noGrades: (score: string) =>
    error('no-grades', `score ${code(score)} has no grades`, 'Add them to the score: `grades { green >= 70, yellow >= 40, red }`.'),
  unknownQualifier: (name: string, suggestion?: string) =>
    error('unknown-qualifier', `${code(name)} is not a source, a score or the entity${didYouMean(suggestion)}`),
  sourceColumnOutsideAggregate: (reference: string, source: string) =>
    error('source-column-outside-aggregate', `${code(reference)} is a column of the source ${source}: aggregate it`,
      `E.g. \`latest ${reference}\`, \`sum(${reference})\` or \`count distinct ${reference}\`.`),
  notInWhere: (name: string, source: string, kind: string) =>
    error('not-in-where', `inside \`where\` only columns of ${source} can be used; ${code(name)} is ${kind}`),
  nestedAggregate: () => error('nested-aggregate', 'an aggregate cannot be used inside another aggregate'),
  sourceAsValue: (name: string) =>
    error('source-as-value', `${code(name)} is a source, not a value`, `Aggregate it, e.g. \`count(${name})\`.`),
  pickWithoutTime: (fn: string, source: string) =>
    error('pick-without-time', `\`${fn}\` needs a time column to order the rows of ${code(source)}`,
      `Declare one: \`source ${source} = <table> time <column>\`.`),
  unknownFunction: (name: string, suggestion?: string) => error('unknown-function', `unknown function ${code(name)}${didYouMean(suggestion)}`),
  roundDigits: () => error('round-digits', 'the number of digits to round to must be a whole number written out, e.g. `round(x, 2)`'),
  arity: (name: string, expected: string, given: number) =>
    error('arity', `${code(name)} takes ${expected}, not ${given}`),
  cycle: (path: readonly string[]) => error('cycle', `${code(path[0]!)} depends on itself: ${path.join(' → ')}`),

  // --- Types ---------------------------------------------------------------------------------
  typeMismatch: (what: string, expected: string, actual: string) => error('type-mismatch', `${what} needs ${expected}, not ${actual}`),
  keyTypeMismatch: (source: string, keyType: string, entityKeyType: string) =>
    error('key-type-mismatch', `the key of source ${code(source)} is ${keyType} but the entity key is ${entityKeyType}`),
  cannotCompare: (left: string, right: string) => error('cannot-compare', `cannot compare ${left} with ${right}`),
  aggregateType: (fn: string, column: string, type: string) =>
    error('aggregate-type', `${code(fn)} needs a number column; ${code(column)} is ${type}`),
  segmentNotBoolean: (type: string) => error('segment-not-boolean', `a segment must be true or false, not ${type}`),
  componentNotNumber: (type: string) => error('component-not-number', `a score component must be a number, not ${type}`),

  // --- Windows and as-of ---------------------------------------------------------------------
  windowWithoutTime: (source: string) =>
    error('window-without-time', `source ${code(source)} has no time column, so it cannot have a window`,
      `Declare one: \`source ${source} = <table> time <column>\`.`),
  emptyWindow: (from: number, to: number) =>
    error('empty-window', `\`${from} to ${to} … ago\` is empty: the first number must be the larger`, `Write \`during ${to} to ${from} … ago\`.`),
  windowNotWhole: () => error('window-not-whole', 'a window length must be a whole number'),
  windowTooLong: (limit: number) => error('window-too-long', `a window reaches back at most ${limit} days (or the same in weeks, months, years)`),
  nullCheckWithoutAsof: (column: string, source: string) =>
    warning('null-check-without-asof', `${code(column)} is tested against null without \`asof\`: a row of ${source} that changed after the evaluation date still counts as changed`,
      `To ask "as of the evaluation date", write \`${column} is null or ${column} > asof\`.`),

  // --- Scores and bands ----------------------------------------------------------------------
  negativeWeight: () => error('negative-weight', 'a weight cannot be negative'),
  allWeightsZero: () => warning('all-weights-zero', 'every weight is 0, so the score is always null'),
  emptyScore: () => error('empty-score', 'a score needs at least one component', 'E.g. `usage weight 40 = band logins_30d { >= 20: 100, else: 10 }`.'),
  duplicateComponent: (name: string) => error('duplicate-component', `component ${code(name)} is defined twice`),
  duplicateGrade: (name: string) => error('duplicate-grade', `grade ${code(name)} is listed twice`),
  gradesOutOfOrder: (name: string, minimum: number, previous: string, previousMinimum: number) =>
    error('grades-out-of-order', `grade ${code(name)} (>= ${minimum}) comes after ${code(previous)} (>= ${previousMinimum})`,
      'List grades from the highest threshold down.'),
  defaultGradeNotLast: (name: string) => error('default-grade-not-last', `the grade without a threshold (${code(name)}) must come last`),
  bandArmUnreachable: () => warning('band-arm-unreachable', 'this arm comes after `else` and can never match'),
  bandTestType: (subject: string, value: string) => error('band-test-type', `cannot compare ${subject} with ${value} in a band`),
  duplicateBandArm: (what: string) => error('duplicate-band-arm', `the band has two \`${what}\` arms`),
} as const;

/**
 * Every diagnostic of built-in chart lines (`engine/charts/`), with stable codes; tests pin
 * the text and the range.
 */
export const chartMessages = {
  // --- Syntax (chart-line.ts) ----------------------------------------------------------------
  empty: (charts: readonly string[]) =>
    error('chart-empty', 'this chart cell is empty', `Write a chart line, e.g. \`retention by signup_month\`; the built-in charts are ${charts.join(', ')}.`),
  unexpectedCharacter: (text: string) =>
    error('chart-unexpected-character', `unexpected ${code(text)} in a chart line`,
      'A chart line is words only, e.g. `nps by tier quarterly where at_risk`; a Vega-Lite chart is a JSON object starting with `{`.'),
  unknownChart: (name: string, suggestion: string | undefined, charts: readonly string[]) =>
    error('chart-unknown', `unknown chart ${code(name)}${didYouMean(suggestion)}`, `The built-in charts are ${charts.join(', ')}.`),
  missingBy: (chart: string, example: string) =>
    error('chart-missing-by', `${code(chart)} needs ${code('by <column>')}`, `E.g. \`${chart} by ${example}\`.`),
  byExpected: (chart: string, found: string, suggestion: string | undefined, example: string) =>
    error('chart-missing-by', `expected ${code('by')} after ${code(chart)} but found ${code(found)}${didYouMean(suggestion)}`,
      suggestion ? undefined : `E.g. \`${chart} by ${example}\`.`),
  missingName: (what: string, after: string) => error('chart-missing-name', `expected ${what} after ${code(after)}`),
  reservedName: (what: string, after: string, found: string) =>
    error('chart-missing-name', `expected ${what} after ${code(after)} but found ${code(found)}`),
  notADate: (text: string) => error('chart-bad-date', `${code(text)} is not a date of the calendar`, 'Write a date as YYYY-MM-DD, e.g. `2024-01-31`.'),
  datesReversed: (from: string, to: string) => error('chart-bad-date', `the range starts after it ends: ${from} is after ${to}`, 'Write `from <first date> to <last date>`.'),
  badHorizon: (days: number, most: number) =>
    error('chart-bad-horizon', `a horizon of ${days} days is out of range`, `Churn is looked for from 1 to ${most.toLocaleString('en-US')} days after each date; 90 is usual.`),
  badCap: (months: number, most: number) =>
    error('chart-bad-cap', `a lifetime cap of ${months} months is out of range`,
      `Cap lifetimes from 1 to ${most.toLocaleString('en-US')} months (120 is the default), or write \`cap none\`.`),
  cohortColumn: (found: string) =>
    error('chart-cohort-column', `cohort retention is by ${code('signup_month')}, not ${code(found)}`,
      'Write `retention by signup_month`; end it with `where <segment>` to look at part of the accounts.'),
  unexpected: (found: string, expected: readonly string[], suggestion: string | undefined) =>
    error('chart-unexpected', `unexpected ${code(found)}${didYouMean(suggestion)}`, `Expected ${list(expected)}.`),

  // --- Names, checked against the session (resolve-request.ts) --------------------------------
  unknownColumn: (name: string, suggestion: string | undefined, relations: readonly string[]) =>
    error('chart-unknown-column', `unknown column ${code(name)}${didYouMean(suggestion)}`, `Group by a column of ${list(relations)}.`),
  groupClash: (name: string) =>
    error('chart-group-clash', `cannot group by ${code(name)}: the chart's data already has a column of that name`,
      'Group by another column, or make a copy of it under another name in a `sql` cell.'),
  unknownSegment: (name: string, suggestion: string | undefined) =>
    error('chart-unknown-segment', `unknown segment ${code(name)}${didYouMean(suggestion)}`, 'A segment is a `segment` of the model: a true/false column of scores.'),
  notASegment: (name: string) =>
    error('chart-unknown-segment', `${code(name)} is not a segment: it is not a true/false column of scores`,
      'Use a `segment` of the model, e.g. `where at_risk`.'),
  noScores: (what: string) =>
    error('chart-no-scores', `${what} needs the model's scores, but no model has been evaluated yet (there is no ${code('scores')} table)`,
      'Run a `pulse` cell with a score and segments first.'),
  unknownScore: (name: string, suggestion: string | undefined) =>
    error('chart-unknown-score', `unknown score ${code(name)}${didYouMean(suggestion)}`,
      '`health_distribution of <score>` reads the columns `<score>` and `<score>_grade` of scores.'),
  noGrades: (score: string) =>
    error('chart-no-grades', `score ${code(score)} has no grades (scores has no column ${code(`${score}_grade`)})`,
      'Add grades to the score: `grades { green >= 70, yellow >= 40, red }`.'),
  badArgument: (message: string) => error('chart-bad-argument', message),

  // --- Charts that validate the model (validation-charts.ts) ---------------------------------
  needsModel: (chart: string) =>
    error('chart-needs-model', `${code(chart)} evaluates the notebook's model, but this notebook has none`,
      'Add a `pulse` cell with an entity, measures and a score with grades.'),
  unknownModelScore: (name: string, suggestion: string | undefined, scores: readonly string[]) =>
    error('chart-unknown-score', `the model has no score ${code(name)}${didYouMean(suggestion)}`,
      scores.length > 0 ? `Its scores are ${list(scores)}.` : 'Add a `score` to a `pulse` cell.'),
  unknownModelSegment: (name: string, suggestion: string | undefined) =>
    error('chart-unknown-segment', `the model has no segment ${code(name)}${didYouMean(suggestion)}`, 'A segment is a `segment` of the model, e.g. `where active`.'),
  scoreWithoutGrades: (score: string) =>
    error('chart-no-grades', `score ${code(score)} has no grades to compare`, 'Add grades to the score: `grades { green >= 70, yellow >= 40, red }`.'),
  labelsIncomplete: (last: string, horizonDays: number, dataEnd: string) =>
    warning('chart-labels-incomplete', `churn within ${horizonDays} days of ${last} is not all known yet: the data ends on ${dataEnd}`,
      'Accounts that will churn after the data ends count as retained, which makes the late dates look better than they are. End the range earlier, or leave it out for the default.'),
  noAccounts: (from: string, to: string) =>
    warning('chart-no-data', `no account was active at any evaluation date from ${from} to ${to}`, 'Check the range against the dates of the data.'),

  // --- Results (build-chart.ts) ---------------------------------------------------------------
  noData: (asof: string) =>
    warning('chart-no-data', `there is nothing to chart as of ${asof}`, 'Check the evaluation date and the segment: no data falls in them.'),
};
