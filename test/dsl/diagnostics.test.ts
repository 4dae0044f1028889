import { describe, expect, it } from 'vitest';
import { analyze, type Diagnostic } from '../../dsl/index.ts';
import { sampleSchema as sampleTables } from '../helpers/sample-schema.ts';

/** The sample tables plus a user's telecom CSV loaded as `telco`. */
const sampleSchema = {
  tables: [...sampleTables.tables, { name: 'telco', columns: [
    { name: 'customerID', type: 'text' as const }, { name: 'tenure', type: 'number' as const }, { name: 'Churn', type: 'boolean' as const },
    { name: 'MonthlyCharges', type: 'number' as const }, { name: 'TotalCharges', type: 'number' as const },
  ] }],
};

/** `line:column-line:column severity code: message` for compact, exact assertions. */
function show(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.severity} ${d.code}: ${d.message}`);
}

const sources = `source usage = usage_events time occurred_at
source tickets time opened_at
source invoices time due_on
source nps = nps_responses time responded_at
`;

describe('diagnostics: text and place are pinned', () => {
  it('reports every syntax error of a file with several, each where it is', () => {
    const text = `measure a = count(usage where
measure b = 1 +
segment c = seats ==== 3
measure d = 'abc
measure e = seats §
score s { u weight x = 1 }`;
    expect(show(analyze(text, sampleSchema).diagnostics)).toEqual([
      '1:30-1:31 error syntax: expected an expression but found the end',
      '2:16-2:17 error syntax: expected an expression but found the end',
      '3:20-3:21 error syntax: expected an expression but found `=`',
      '4:13-4:14 error unclosed-string: this string is not closed',
      '5:19-5:20 error unexpected-character: unexpected character `§`',
      '6:20-6:21 error syntax: expected a number but found `x`',
      '6:22-6:23 error syntax: expected `weight` but found `=`',
    ]);
  });

  it('names the unknown column and suggests the closest one', () => {
    const result = analyze('measure per_seat = 10 / seat', sampleSchema);
    expect(show(result.diagnostics)).toEqual([
      '1:25-1:29 error unknown-name: unknown name `seat` — did you mean `seats`?',
    ]);
    expect(result.diagnostics[0]?.hint).toBe('A bare name is a measure, a score, a segment or a column of the entity.');
  });

  it('reports all semantic mistakes of a file at once', () => {
    const text = `${sources}source tix = tickets
measure a = count(usge where event = 'login')
measure b = sum(usage.event)
measure c = count(tix during last 30 days)
measure d = e + 1
measure e = d * 2
measure f = count(usage during 30 to 60 days ago) + clmp(1, 2, 3) + clamp(1, 2)
measure g = signup_date > 'x'
measure h = latest usage.duration_s where mrr > 3
segment s = a + 1
measure j = usage.user_id
score k { x weight -1 = a  y weight 2 = 'text'  grades { red, green >= 70, yellow >= 80 } }
segment l = k.grde = 'red'`;
    expect(show(analyze(text, sampleSchema).diagnostics)).toEqual([
      '5:8-5:11 warning no-time-column: source `tix` has no time column, so rows dated after the evaluation date cannot be hidden',
      '6:19-6:23 error unknown-source: unknown source `usge` — did you mean `usage`?',
      '7:23-7:28 error aggregate-type: `sum` needs a number column; `usage.event` is text',
      '8:23-8:42 error window-without-time: source `tix` has no time column, so it cannot have a window',
      '9:9-9:10 error cycle: `d` depends on itself: d → e → d',
      '11:25-11:49 error empty-window: `30 to 60 … ago` is empty: the first number must be the larger',
      '11:53-11:57 error unknown-function: unknown function `clmp` — did you mean `clamp`?',
      '11:69-11:80 error arity: `clamp(x, lo, hi)` takes 3 arguments, not 2',
      '12:13-12:30 error cannot-compare: cannot compare a date with text',
      '13:43-13:46 error unknown-column: unknown column `mrr` in usage_events',
      '14:13-14:18 error segment-not-boolean: a segment must be true or false, not a number',
      '15:13-15:26 error source-column-outside-aggregate: `usage.user_id` is a column of the source usage: aggregate it',
      '16:20-16:22 error negative-weight: a weight cannot be negative',
      '16:41-16:47 error component-not-number: a score component must be a number, not text',
      '16:58-16:61 error default-grade-not-last: the grade without a threshold (`red`) must come last',
      '16:76-16:88 error grades-out-of-order: grade `yellow` (>= 80) comes after `green` (>= 70)',
      '17:15-17:19 error unknown-score-part: score `k` has no component `grde` — did you mean `grade`?',
    ]);
  });

  it('warns where a rule asks "is null" of a date without asof, and not when it uses asof', () => {
    const text = `${sources}measure open = count(tickets where resolved_at is null)
measure open_then = count(tickets where resolved_at is null or resolved_at > asof)`;
    const result = analyze(text, sampleSchema);
    expect(show(result.diagnostics)).toEqual([
      '5:36-5:55 warning null-check-without-asof: `resolved_at` is tested against null without `asof`: a row of tickets that changed after the evaluation date still counts as changed',
    ]);
    expect(result.diagnostics[0]?.hint).toBe('To ask "as of the evaluation date", write `resolved_at is null or resolved_at > asof`.');
    expect(result.model).not.toBeNull();
  });

  it('refuses duplicate names, also across kinds and case, and names that shadow entity columns', () => {
    const text = `measure total = 1
segment Total = true
measure seats = 2
score s { a weight 1 = total  a weight 1 = 2 }`;
    expect(show(analyze(text, sampleSchema).diagnostics)).toEqual([
      '2:9-2:14 error duplicate-name: `Total` is already defined on line 1',
      '3:9-3:14 error name-clash-column: measure `seats` has the same name as a column of accounts',
      '4:31-4:32 error duplicate-component: component `a` is defined twice',
    ]);
  });

  it('says when there is no entity, and when a key or table is wrong', () => {
    const noAccounts = { tables: sampleSchema.tables.filter((table) => table.name !== 'accounts') };
    expect(show(analyze('measure a = 1', noAccounts).diagnostics)).toEqual([
      '1:1-1:2 error no-entity: there is no entity: no `entity` statement, and no table `accounts` to use by default',
    ]);
    expect(show(analyze('entity customer = telco key customer_id\nmeasure a = tenure', sampleSchema).diagnostics)).toEqual([
      '1:29-1:40 error key-missing: table telco has no column `customer_id` to use as the key — did you mean `customerID`?',
    ]);
    expect(show(analyze('entity customer = telcos key customerID', sampleSchema).diagnostics)).toEqual([
      '1:19-1:25 error unknown-table: unknown table `telcos` — did you mean `telco`?',
    ]);
  });

  it('accepts a user table with no event tables as the entity', () => {
    const result = analyze(`entity customer = telco key customerID
measure charges_per_month = TotalCharges / tenure
score value { spend weight 1 = MonthlyCharges  grades { high >= 70, low } }
segment churned = Churn
segment churned_high = churned and value.grade = 'high'`, sampleSchema);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.outputs.map((output) => output.name)).toEqual([
      'charges_per_month', 'value', 'value_grade', 'value_spend', 'value_spend_contrib', 'churned', 'churned_high',
    ]);
  });

  it('lets soft keywords be names and keywords be columns after a dot', () => {
    const result = analyze(`${sources}measure month = count(usage during last 1 month)
measure time = latest nps.score
score last { weight weight 1 = month }`, sampleSchema);
    expect(show(result.diagnostics)).toEqual([]);
    expect(result.model?.outputs.map((output) => output.name)).toEqual(['month', 'time', 'last', 'last_weight', 'last_weight_contrib']);
  });

  it('reads a statement keyword as a table or column name where a declaration names one on the same line', () => {
    const statements = (text: string) => analyze(text, { tables: [
      { name: 'score', columns: [{ name: 'account_id', type: 'number' }, { name: 'measure', type: 'date' }] },
      { name: 'accounts', columns: [{ name: 'account_id', type: 'number' }] },
    ] });
    expect(show(statements('source s = score time measure\nmeasure n = count(s)').diagnostics)).toEqual([]);
    // On a line of its own the keyword starts a statement: the declaration above is still being typed.
    expect(show(statements('source s =\nmeasure n = 1').diagnostics)).toEqual(['1:11-1:12 error syntax: expected a name but found the end']);
  });
});
