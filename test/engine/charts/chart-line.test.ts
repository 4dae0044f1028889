import { describe, expect, it } from 'vitest';
import { parseChartLine } from '../../../engine/charts/chart-line.ts';
import type { ChartRequest } from '../../../engine/charts/chart-request.ts';

/** A range on line 1 from column `start` to just before column `end`. */
const cols = (start: number, end: number) => ({ start: { line: 1, column: start }, end: { line: 1, column: end } });

/** The request without its places, for comparing what was asked. */
function asked(line: string): Record<string, unknown> {
  const { request, diagnostics } = parseChartLine(line);
  expect(diagnostics).toEqual([]);
  const { range: _range, nameRange: _nameRange, ...rest } = request as ChartRequest & Record<string, unknown>;
  return Object.fromEntries(Object.entries(rest).map(([key, value]) =>
    [key, value && typeof value === 'object' && 'name' in value ? (value as { name: string }).name : value]));
}

/** The only diagnostic of a line, which must not parse. */
function problem(line: string) {
  const { request, diagnostics } = parseChartLine(line);
  expect(request).toBeNull();
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

describe('chart lines', () => {
  it('every chart, with its defaults', () => {
    expect(asked('retention by signup_month')).toEqual({ kind: 'retention', basis: 'logo', where: null });
    expect(asked('churn_rate by tier')).toEqual({ kind: 'churn_rate', by: 'tier', period: 'month', where: null });
    expect(asked('ltv by tier')).toEqual({ kind: 'ltv', by: 'tier', capMonths: 120, where: null });
    expect(asked('nps by tier')).toEqual({ kind: 'nps', by: 'tier', period: 'quarter', where: null });
    expect(asked('csat by touchpoint')).toEqual({ kind: 'csat', by: 'touchpoint', where: null });
    expect(asked('health_distribution')).toEqual({ kind: 'health_distribution', score: 'health', where: null });
    expect(asked('resolution_time by complexity')).toEqual({ kind: 'resolution_time', by: 'complexity', where: null });
    expect(asked('churn_reasons')).toEqual({ kind: 'churn_reasons', by: null, where: null });
    expect(asked('referrals by tier')).toEqual({ kind: 'referrals', by: 'tier', period: 'quarter', where: null });
    expect(asked('survey nps by tier')).toEqual({ kind: 'survey', survey: 'nps', by: 'tier', where: null });
    expect(asked('backtest health within 90 days')).toEqual({
      kind: 'backtest', score: 'health', versus: null, horizonDays: 90, from: null, to: null, every: 'month', where: null,
    });
    expect(asked('grade_migration from health to health_v2')).toEqual({ kind: 'grade_migration', from: 'health', to: 'health_v2', where: null });
  });

  it('a backtest written out in full', () => {
    expect(asked('backtest health vs health_v2 predicting churn within 120 days from 2024-01-31 to 2025-06-30 quarterly where active')).toEqual({
      kind: 'backtest', score: 'health', versus: 'health_v2', horizonDays: 120, from: '2024-01-31', to: '2025-06-30', every: 'quarter', where: 'active',
    });
    expect(asked('Backtest health Within 30 Days Weekly')).toMatchObject({ horizonDays: 30, every: 'week' });
  });

  it('the optional words of each chart', () => {
    expect(asked('retention by signup_month revenue')).toMatchObject({ basis: 'revenue' });
    expect(asked('retention by signup_month logo')).toMatchObject({ basis: 'logo' });
    expect(asked('churn_rate by region monthly')).toMatchObject({ by: 'region', period: 'month' });
    expect(asked('churn_rate by region quarterly')).toMatchObject({ period: 'quarter' });
    expect(asked('churn_rate by region yearly')).toMatchObject({ period: 'year' });
    expect(asked('nps by csm monthly')).toMatchObject({ by: 'csm', period: 'month' });
    expect(asked('nps by tier yearly')).toMatchObject({ period: 'year' });
    expect(asked('csat by tier')).toMatchObject({ by: 'tier' });
    expect(asked('health_distribution of engagement')).toMatchObject({ score: 'engagement' });
    expect(asked('resolution_time by channel')).toMatchObject({ by: 'channel' });
    expect(asked('churn_reasons by tier')).toMatchObject({ by: 'tier' });
    expect(asked('ltv by tier cap 240 months')).toMatchObject({ by: 'tier', capMonths: 240 });
    expect(asked('referrals by region monthly where at_risk')).toMatchObject({ by: 'region', period: 'month', where: 'at_risk' });
    expect(asked('Survey CSAT by csm')).toMatchObject({ survey: 'csat', by: 'csm' });
    expect(asked('LTV by region Cap None where at_risk')).toMatchObject({ by: 'region', capMonths: null, where: 'at_risk' });
  });

  it('`where <segment>` at the end of any chart', () => {
    expect(asked('retention by signup_month revenue where at_risk')).toMatchObject({ basis: 'revenue', where: 'at_risk' });
    expect(asked('churn_rate by tier quarterly where champions')).toMatchObject({ period: 'quarter', where: 'champions' });
    expect(asked('nps by tier where at_risk')).toMatchObject({ period: 'quarter', where: 'at_risk' });
    expect(asked('health_distribution where renewal_due')).toMatchObject({ score: 'health', where: 'renewal_due' });
    expect(asked('churn_reasons where at_risk')).toMatchObject({ by: null, where: 'at_risk' });
  });

  it('keeps the place of every name, for later diagnostics', () => {
    const { request } = parseChartLine('nps by tier monthly where at_risk');
    expect(request).toEqual({
      kind: 'nps', period: 'month', range: cols(1, 34), nameRange: cols(1, 4),
      by: { name: 'tier', range: cols(8, 12) }, where: { name: 'at_risk', range: cols(27, 34) },
    });
    // Without `of`, the score is `health`, placed at the chart name.
    expect(parseChartLine('health_distribution').request).toMatchObject({ score: { name: 'health', range: cols(1, 20) } });
  });

  it('words are case-insensitive, names keep their spelling; blanks and # comments are skipped', () => {
    expect(asked('CSAT BY Touchpoint WHERE At_Risk')).toEqual({ kind: 'csat', by: 'Touchpoint', where: 'At_Risk' });
    expect(asked('  ltv   by\ttier   # by tier, as usual')).toEqual({ kind: 'ltv', by: 'tier', capMonths: 120, where: null });
    const { request } = parseChartLine('# Q3 review\nchurn_rate by tier');
    expect(request?.range).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 19 } });
  });

  describe('diagnostics', () => {
    it('an unknown chart name, with a suggestion', () => {
      expect(problem('retension by signup_month')).toEqual({
        code: 'chart-unknown', severity: 'error', range: cols(1, 10),
        message: 'unknown chart `retension` — did you mean `retention`?',
        hint: 'The built-in charts are retention, churn_rate, ltv, nps, csat, health_distribution, resolution_time, churn_reasons, referrals, survey, backtest, grade_migration.',
      });
      expect(problem('funnel by tier')).toMatchObject({ message: 'unknown chart `funnel`', range: cols(1, 7) });
    });

    it('a missing `by`: another word in its place, or nothing', () => {
      expect(problem('ltv tier')).toEqual({
        code: 'chart-missing-by', severity: 'error', range: cols(5, 9),
        message: 'expected `by` after `ltv` but found `tier`', hint: 'E.g. `ltv by tier`.',
      });
      expect(problem('nps')).toEqual({
        code: 'chart-missing-by', severity: 'error', range: cols(1, 4),
        message: '`nps` needs `by <column>`', hint: 'E.g. `nps by tier`.',
      });
      expect(problem('csat bye touchpoint')).toEqual({
        code: 'chart-missing-by', severity: 'error', range: cols(6, 9), message: 'expected `by` after `csat` but found `bye` — did you mean `by`?',
      });
      expect(problem('resolution_time where at_risk')).toMatchObject({
        message: 'expected `by` after `resolution_time` but found `where`', hint: 'E.g. `resolution_time by complexity`.', range: cols(17, 22),
      });
    });

    it('a missing name after `by`, `of` or `where`', () => {
      expect(problem('churn_rate by')).toEqual({ code: 'chart-missing-name', severity: 'error', message: 'expected a column after `by`', range: cols(12, 14) });
      expect(problem('nps by where at_risk')).toMatchObject({ message: 'expected a column after `by` but found `where`', range: cols(8, 13) });
      expect(problem('health_distribution of')).toMatchObject({ message: 'expected a score after `of`', range: cols(21, 23) });
      expect(problem('ltv by tier where')).toMatchObject({ message: 'expected a segment after `where`', range: cols(13, 18) });
    });

    it('a stray word: what was expected there, and a suggestion among it', () => {
      expect(problem('churn_rate by tier monthyl')).toEqual({
        code: 'chart-unexpected', severity: 'error', range: cols(20, 27),
        message: 'unexpected `monthyl` — did you mean `monthly`?',
        hint: 'Expected `monthly`, `quarterly`, `yearly`, `where <segment>` or the end of the line.',
      });
      expect(problem('health_distribution health')).toMatchObject({
        message: 'unexpected `health`', hint: 'Expected `of <score>`, `where <segment>` or the end of the line.', range: cols(21, 27),
      });
      expect(problem('ltv by tier quarterly')).toMatchObject({ message: 'unexpected `quarterly`', hint: 'Expected `cap <N> months`, `where <segment>` or the end of the line.' });
      expect(problem('churn_reasons where at_risk and champions')).toMatchObject({
        message: 'unexpected `and`', hint: 'Expected the end of the line.', range: cols(29, 32),
      });
    });

    it('cohort retention is only by signup month', () => {
      expect(problem('retention by tier')).toEqual({
        code: 'chart-cohort-column', severity: 'error', range: cols(14, 18),
        message: 'cohort retention is by `signup_month`, not `tier`',
        hint: 'Write `retention by signup_month`; end it with `where <segment>` to look at part of the accounts.',
      });
    });

    it('backtest: a range of dates that exist, in order, and a horizon in range', () => {
      expect(problem('backtest health within 90 days from 2024-02-30 to 2024-06-30')).toMatchObject({
        code: 'chart-bad-date', message: '`2024-02-30` is not a date of the calendar', range: cols(37, 47),
      });
      expect(problem('backtest health within 90 days from 2024-06-30 to 2024-01-31')).toMatchObject({
        code: 'chart-bad-date', message: 'the range starts after it ends: 2024-06-30 is after 2024-01-31', range: cols(32, 36),
      });
      expect(problem('backtest health within 0 days')).toMatchObject({ code: 'chart-bad-horizon', message: 'a horizon of 0 days is out of range', range: cols(17, 23) });
      expect(problem('backtest health within 4000 days')).toMatchObject({ code: 'chart-bad-horizon' });
      expect(problem('backtest health within days')).toMatchObject({ message: 'expected a number of days after `within` but found `days`', range: cols(24, 28) });
      expect(problem('backtest health')).toMatchObject({ message: 'expected `within` after `backtest`' });
      expect(problem('backtest health predicting renewal within 90 days')).toMatchObject({ message: 'unexpected `renewal`', hint: 'Expected `churn`.' });
      expect(problem('backtest health within 90 days from 2024-01-01')).toMatchObject({ message: 'expected `to` after `from`' });
      expect(problem('backtest health within 90 days daily')).toMatchObject({
        message: 'unexpected `daily`', hint: 'Expected `from <date> to <date>`, `weekly`, `monthly`, `quarterly`, `where <segment>` or the end of the line.',
      });
      expect(problem('backtest 90 within 90 days')).toMatchObject({ message: 'expected a score after `backtest` but found `90`' });
    });

    it('ltv: a lifetime cap of whole months in range, or none', () => {
      expect(problem('ltv by tier cap 0 months')).toEqual({
        code: 'chart-bad-cap', severity: 'error', range: cols(13, 16), message: 'a lifetime cap of 0 months is out of range',
        hint: 'Cap lifetimes from 1 to 1,200 months (120 is the default), or write `cap none`.',
      });
      expect(problem('ltv by tier cap 1201 months')).toMatchObject({ code: 'chart-bad-cap' });
      expect(problem('ltv by tier cap 240')).toMatchObject({ message: 'expected `months` after `cap`', range: cols(13, 16) });
      expect(problem('ltv by tier cap 240 years')).toMatchObject({ message: 'unexpected `years`', hint: 'Expected `months`.', range: cols(21, 26) });
      expect(problem('ltv by tier cap months')).toMatchObject({ message: 'expected a number of months or `none` after `cap` but found `months`', range: cols(17, 23) });
      expect(problem('ltv by tier cap')).toMatchObject({ message: 'expected a number of months or `none` after `cap`', range: cols(13, 16) });
    });

    it('survey: which survey, then `by`', () => {
      expect(problem('survey by tier')).toEqual({
        code: 'chart-unexpected', severity: 'error', range: cols(8, 10), message: 'unexpected `by`', hint: 'Expected `nps` or `csat`.',
      });
      expect(problem('survey')).toMatchObject({ code: 'chart-missing-name', message: 'expected `nps` or `csat` after `survey`', range: cols(1, 7) });
      expect(problem('survey npss by tier')).toMatchObject({ message: 'unexpected `npss` — did you mean `nps`?' });
      expect(problem('survey nps')).toEqual({
        code: 'chart-missing-by', severity: 'error', range: cols(1, 7), message: '`survey nps` needs `by <column>`', hint: 'E.g. `survey nps by tier`.',
      });
      expect(problem('survey csat tier')).toMatchObject({ message: 'expected `by` after `survey csat` but found `tier`', hint: 'E.g. `survey csat by tier`.' });
      expect(problem('survey nps by tier quarterly')).toMatchObject({ message: 'unexpected `quarterly`', hint: 'Expected `where <segment>` or the end of the line.' });
    });

    it('grade_migration: from one score to another', () => {
      expect(problem('grade_migration health')).toMatchObject({ message: 'unexpected `health`', hint: 'Expected `from`.' });
      expect(problem('grade_migration from health')).toMatchObject({ message: 'expected `to` after `from`' });
      expect(problem('grade_migration from health to')).toMatchObject({ message: 'expected a score after `to`' });
      expect(problem('backtset')).toMatchObject({ message: 'unknown chart `backtset` — did you mean `backtest`?' });
    });

    it('an empty cell, and characters that are not words', () => {
      expect(problem('  # nothing yet\n')).toMatchObject({ code: 'chart-empty', message: 'this chart cell is empty', range: cols(1, 1) });
      expect(problem('ltv by tier, region')).toMatchObject({
        code: 'chart-unexpected-character', message: 'unexpected `,` in a chart line', range: cols(12, 13),
      });
      // A pasted Vega-Lite spec gets one diagnostic, not one per brace and quote.
      expect(problem('{ "mark": "bar" }')).toMatchObject({ message: 'unexpected `{` in a chart line', range: cols(1, 2) });
    });
  });

  it('never throws, whatever the text', () => {
    for (const text of ['by', 'where', 'ltv by by', 'ltv by tier where where', '\n\n', 'é', 'nps by tier monthly monthly', 'x'.repeat(1_000)]) {
      expect(() => parseChartLine(text)).not.toThrow();
      const { request, diagnostics } = parseChartLine(text);
      expect(request === null).toBe(diagnostics.length > 0);
    }
  });
});
