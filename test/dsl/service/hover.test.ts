import { describe, expect, it } from 'vitest';
import { hover } from '../../../dsl/service/hover.ts';
import { keywords } from '../../../dsl/syntax/tokens.ts';
import { keywordDoc } from '../../../dsl/service/keywords.ts';
import { cursor, model, schema } from './fixtures.ts';

/** Hovers at the `|` put into the model just before the n-th occurrence of `needle` (plus `shift` characters). */
function hoverAt(needle: string, { occurrence = 1, shift = 0, text = model } = {}) {
  let at = -1;
  for (let n = 0; n < occurrence; n++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle} in the text`);
  const marked = `${text.slice(0, at + shift)}|${text.slice(at + shift)}`;
  const { text: plain, position } = cursor(marked);
  return hover(plain, position, schema);
}

const LOGINS = '**measure** `logins_30d` "Logins, last 30 days": number\n\n'
  + "```pulse\nmeasure logins_30d \"Logins, last 30 days\" = count(usage where event = 'login' during last 30 days)\n```";

describe('hover on measures, scores and segments', () => {
  it('shows kind, label, type and definition on a declaration', () => {
    expect(hoverAt('logins_30d')).toEqual({ range: { start: { line: 7, column: 9 }, end: { line: 7, column: 19 } }, contents: LOGINS });
  });

  it('shows the same where the name is used', () => {
    expect(hoverAt('logins_30d', { occurrence: 2, shift: 3 })).toEqual({
      range: { start: { line: 13, column: 26 }, end: { line: 13, column: 36 } }, contents: LOGINS,
    });
  });

  it('shows a whole score block', () => {
    expect(hoverAt('health')?.contents).toBe('**score** `health` "Account health": number\n\n```pulse\n'
      + 'score health "Account health" {\n'
      + '  usage weight 60 = band logins_30d { >= 20: 100, else: 10 }\n'
      + '  support weight 40 = band open_tickets { = 0: 100, else: 20 }\n'
      + '  missing reweight\n'
      + '  grades { green >= 70, red }\n'
      + '}\n```');
  });

  it('shows a segment as boolean', () => {
    expect(hoverAt('at_risk')?.contents).toBe("**segment** `at_risk`: boolean\n\n```pulse\nsegment at_risk = health.grade = 'red' and seats >= 10\n```");
  });

  it('shows the grade of a score with its grades', () => {
    expect(hoverAt('health.grade', { shift: 8 })).toEqual({
      range: { start: { line: 19, column: 26 }, end: { line: 19, column: 31 } },
      contents: '**grade** of score `health`: text — green ≥ 70, otherwise red',
    });
  });

  it('shows a component, where declared and where used', () => {
    const contents = '**component** `usage` of score `health`: number (0–100), weight 60\n\n'
      + '```pulse\nusage weight 60 = band logins_30d { >= 20: 100, else: 10 }\n```';
    expect(hoverAt('usage weight')?.contents).toBe(contents);
    const used = `${model}segment low_usage = health.usage < 50\n`;
    expect(hoverAt('health.usage', { shift: 9, text: used })?.contents).toBe(contents);
  });

  it('shows a grade where it is declared', () => {
    expect(hoverAt('green')?.contents).toBe('**grade** `green` of score `health` — when the score is ≥ 70');
    expect(hoverAt('red }')?.contents).toBe('**grade** `red` of score `health` — when no grade above applies');
  });
});

describe('hover on columns, sources and tables', () => {
  it('shows an entity column with its table and type', () => {
    expect(hoverAt('seats >=')).toEqual({
      range: { start: { line: 19, column: 44 }, end: { line: 19, column: 49 } },
      contents: '`seats` — column of accounts: number',
    });
    expect(hoverAt('renewal_on')?.contents).toBe('`renewal_on` — column of accounts: date');
  });

  it('shows a source column with its source, table and type', () => {
    expect(hoverAt('user_id')).toEqual({
      range: { start: { line: 10, column: 42 }, end: { line: 10, column: 49 } },
      contents: '`user_id` — column of source `usage` (usage_events): number',
    });
    expect(hoverAt("event = 'login'")?.contents).toBe('`event` — column of source `usage` (usage_events): text');
    expect(hoverAt('resolved_at')?.contents).toBe('`resolved_at` — column of source `tickets` (tickets): timestamp');
    expect(hoverAt('nps.score', { shift: 5 })?.contents).toBe('`score` — column of source `nps` (nps_responses): number');
  });

  it('shows a source with its table, key and time column', () => {
    expect(hoverAt('usage where')).toEqual({
      range: { start: { line: 7, column: 51 }, end: { line: 7, column: 56 } },
      contents: '**source** `usage` — table `usage_events`, key `account_id`, time `occurred_at`',
    });
    expect(hoverAt('tickets time')?.contents).toBe('**source** `tickets` — table `tickets`, key `account_id`, time `opened_at`');
  });

  it('shows a table and the entity', () => {
    expect(hoverAt('nps_responses')?.contents).toBe('**table** `nps_responses` — account_id number, responded_at timestamp, score number');
    expect(hoverAt('account =')?.contents).toBe('**entity** `account` — table `accounts`, key `account_id`');
  });
});

describe('hover on functions and keywords', () => {
  it('shows a function with its usage and description', () => {
    expect(hoverAt('days_until')).toEqual({
      range: { start: { line: 20, column: 23 }, end: { line: 20, column: 33 } },
      contents: '**function** `days_until(d)`\n\ncalendar days from the evaluation date to d',
    });
  });

  it('shows one line about a keyword', () => {
    expect(hoverAt('during')).toEqual({
      range: { start: { line: 7, column: 79 }, end: { line: 7, column: 85 } },
      contents: '`during last 30 days` or `during 60 to 30 days ago` — a window of calendar time counted back from the evaluation date.',
    });
    expect(hoverAt('band')?.contents).toBe('`band x { >= 20: 100, >= 5: 60, else: 10 }` — the result of the first arm that matches x, top to bottom.');
    expect(hoverAt('missing')?.contents)
      .toBe('`missing` — in a score, what a null component does (`reweight`, `zero` or `null`); in a band, the arm for null.');
    expect(hoverAt('between')?.contents).toBe('`x between lo and hi` — true when lo ≤ x ≤ hi (both ends included).');
  });

  it('has documentation for every keyword of the lexer', () => {
    expect(keywords.filter((type) => keywordDoc(type) === undefined).map((type) => type.name)).toEqual([]);
  });

  it('says nothing on literals, punctuation, whitespace and unknown names', () => {
    expect(hoverAt("'login'", { shift: 2 })).toBeNull();
    expect(hoverAt('= count')).toBeNull();
    expect(hoverAt('  usage weight')).toBeNull();
    expect(hoverAt('unknown', { text: 'measure x = unknown + 1' })).toBeNull();
  });

  it('works on text that does not parse', () => {
    expect(hoverAt('seats', { text: 'measure x = seats + (' })?.contents).toBe('`seats` — column of accounts: number');
  });
});
