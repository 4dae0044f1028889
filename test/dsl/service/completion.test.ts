import { describe, expect, it } from 'vitest';
import { completions, type CompletionItem } from '../../../dsl/service/completion.ts';
import { cursor, model, schema } from './fixtures.ts';

function complete(marked: string): { labels: string[]; items: CompletionItem[]; range: ReturnType<typeof completions>['range'] } {
  const { text, position } = cursor(marked);
  const list = completions(text, position, schema);
  return { labels: list.items.map((item) => item.label).sort(), items: list.items, range: list.range };
}

function labels(marked: string): string[] {
  return complete(marked).labels;
}

const sorted = (...lists: string[][]) => lists.flat().sort();

const SNIPPETS = ['source declaration', 'count measure', 'score block'];
const MEASURES = ['logins_30d', 'open_tickets', 'nps_last', 'users_30d'];
const SCORES = ['health'];
const SEGMENTS = ['at_risk', 'renewal_due'];
const ACCOUNT_COLUMNS = ['account_id', 'name', 'tier', 'seats', 'signup_date', 'renewal_on'];
const USAGE_COLUMNS = ['account_id', 'user_id', 'occurred_at', 'event', 'duration_s'];
const TICKET_COLUMNS = ['account_id', 'opened_at', 'resolved_at', 'complexity'];
const FUNCTIONS = ['coalesce', 'clamp', 'round', 'abs', 'least', 'greatest', 'days_between', 'days_until', 'days_since'];
const AGGREGATES = ['count', 'sum', 'avg', 'min', 'max', 'median', 'latest', 'first'];
const VALUE_WORDS = ['asof', 'band', 'not', 'true', 'false', 'null'];
const EXPRESSION = sorted(MEASURES, SCORES, SEGMENTS, ACCOUNT_COLUMNS, FUNCTIONS, AGGREGATES, VALUE_WORDS);
const WHERE_USAGE = sorted(USAGE_COLUMNS, FUNCTIONS, ['not', 'asof', 'true', 'false', 'null']);
const SOURCES = ['usage', 'tickets', 'nps'];
const TABLES = ['accounts', 'usage_events', 'tickets', 'nps_responses'];
const UNITS = ['days', 'weeks', 'months', 'years'];
const OPERATORS = ['and', 'or', 'not', 'is', 'in', 'between'];

describe('completion at the start of a statement', () => {
  it('offers every statement keyword and the snippets in an empty text', () => {
    expect(labels('|')).toEqual(sorted(['entity', 'source', 'asof', 'measure', 'score', 'segment'], SNIPPETS));
  });

  it('leaves out entity and asof when the text has them already', () => {
    expect(labels(`${model}|`)).toEqual(sorted(['source', 'measure', 'score', 'segment'], SNIPPETS));
    expect(labels(`${model}\nme|`)).toEqual(sorted(['source', 'measure', 'score', 'segment'], SNIPPETS));
  });

  it('replaces the word being typed', () => {
    const { range } = complete(`entity account = accounts\nmea|sure`);
    expect(range).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 8 } });
    expect(labels('entity account = accounts\nmea|sure')).toEqual(sorted(['source', 'asof', 'measure', 'score', 'segment'], SNIPPETS));
  });

  it('counts a statement as finished at column 1 of the next line', () => {
    expect(labels('measure x = 1\n|')).toEqual(sorted(['entity', 'source', 'asof', 'measure', 'score', 'segment'], SNIPPETS));
    expect(labels('score s {\n  a weight 1 = 1\n}\n|')).toEqual(sorted(['entity', 'source', 'asof', 'measure', 'score', 'segment'], SNIPPETS));
  });

  it('gives snippets in snippet syntax', () => {
    const snippet = complete('|').items.find((item) => item.label === 'score block');
    expect(snippet).toMatchObject({ kind: 'snippet' });
    expect(snippet?.insertText).toContain('${1:name}');
  });
});

describe('completion in an expression', () => {
  it('offers measures, scores, segments, entity columns, functions and value keywords after =', () => {
    expect(labels(`${model}measure x = |`)).toEqual(EXPRESSION);
    expect(labels(`${model}measure x = lo|`)).toEqual(EXPRESSION);
  });

  it('offers the same after operators, parentheses, commas and logical keywords', () => {
    expect(labels(`${model}segment s = seats > 3 and |`)).toEqual(EXPRESSION);
    expect(labels(`${model}measure x = (|`)).toEqual(EXPRESSION);
    expect(labels(`${model}measure x = clamp(seats * |`)).toEqual(EXPRESSION);
    expect(labels(`${model}measure x = clamp(seats, |`)).toEqual(EXPRESSION);
    expect(labels(`${model}segment s = not |`)).toEqual(EXPRESSION);
    expect(labels(`${model}segment s = tier in ('a', |`)).toEqual(EXPRESSION);
    expect(labels(`${model}segment s = seats between 1 and |`)).toEqual(EXPRESSION);
  });

  it('leaves out the item being defined, which cannot use itself', () => {
    expect(labels(`${model}measure trend = logins_30d / |`)).toEqual(EXPRESSION);
    expect(labels(`${model}`.replace('measure nps_last = latest nps.score', 'measure nps_last = latest nps.score + |')))
      .toEqual(EXPRESSION.filter((label) => label !== 'nps_last'));
  });

  it('describes each kind of name', () => {
    const { items } = complete(`${model}measure x = |`);
    const find = (label: string) => items.find((item) => item.label === label);
    expect(find('seats')).toMatchObject({ kind: 'column', detail: 'number', documentation: '`seats` — column of accounts: number' });
    expect(find('signup_date')).toMatchObject({ kind: 'column', detail: 'date' });
    expect(find('logins_30d')).toMatchObject({ kind: 'measure', detail: 'number' });
    expect(find('health')).toMatchObject({ kind: 'score', detail: 'number' });
    expect(find('at_risk')).toMatchObject({ kind: 'segment', detail: 'boolean' });
    expect(find('clamp')).toMatchObject({ kind: 'function', detail: 'clamp(x, lo, hi)',
      documentation: '**function** `clamp(x, lo, hi)`\n\nx limited to the range lo…hi; null when any argument is null' });
    expect(find('count')).toMatchObject({ kind: 'keyword' });
    expect(find('asof')).toMatchObject({ kind: 'keyword' });
  });

  it('offers operator keywords after a complete value', () => {
    expect(labels(`${model}measure x = seats |`)).toEqual(sorted(OPERATORS));
    expect(labels(`${model}segment s = seats is |`)).toEqual(['not', 'null']);
    expect(labels(`${model}segment s = seats is not |`)).toEqual(['null']);
    expect(labels(`${model}segment s = seats not |`)).toEqual(['between', 'in']);
  });

  it('offers nothing where a new name or a literal is written', () => {
    expect(labels(`${model}measure |`)).toEqual([]);
    expect(labels(`${model}measure x |`)).toEqual([]);
    expect(labels(`${model}segment s = tier = 'go|`)).toEqual([]);
    expect(labels(`${model}measure x = 1  # a comm|`)).toEqual([]);
    expect(labels(`${model}segment s = tier in |`)).toEqual([]);
  });
});

describe('completion after a dot', () => {
  it('offers only the columns of the source after `source.`', () => {
    expect(labels(`${model}measure x = usage.|`)).toEqual(sorted(USAGE_COLUMNS));
    expect(labels(`${model}measure x = count distinct usage.us|`)).toEqual(sorted(USAGE_COLUMNS));
    expect(labels(`${model}measure x = sum(tickets.|`)).toEqual(sorted(TICKET_COLUMNS));
  });

  it('replaces the whole word around the cursor', () => {
    expect(complete(`measure x = latest usage.ev|ent`).range).toEqual({ start: { line: 1, column: 26 }, end: { line: 1, column: 31 } });
  });

  it('offers the grade and the components after `score.`', () => {
    const { items } = complete(`${model}segment s = health.|`);
    expect(items.map((item) => item.label).sort()).toEqual(['grade', 'support', 'usage']);
    expect(items.find((item) => item.label === 'usage')).toMatchObject({ kind: 'component', detail: 'weight 60' });
  });

  it('offers the entity columns after the entity name', () => {
    expect(labels(`${model}measure x = account.|`)).toEqual(sorted(ACCOUNT_COLUMNS));
  });

  it('offers nothing after an unknown name', () => {
    expect(labels(`${model}measure x = nothing.|`)).toEqual([]);
  });

  it('writes keyword column names bare after a dot but in backticks elsewhere', () => {
    const member = complete(`${model}measure x = latest nps.|`).items.find((item) => item.label === 'score');
    expect(member?.insertText).toBeUndefined();
    const bare = complete(`${model}measure x = count(nps where sc|`).items.find((item) => item.label === 'score');
    expect(bare?.insertText).toBe('`score`');
  });
});

describe('completion in aggregates', () => {
  it('offers only the source columns (and value keywords, functions) inside where', () => {
    expect(labels(`${model}measure x = count(usage where ev|`)).toEqual(WHERE_USAGE);
    expect(labels(`${model}measure x = count(usage where event = 'a' and |`)).toEqual(WHERE_USAGE);
    expect(labels(`${model}measure x = count(usage where days_since(|`)).toEqual(WHERE_USAGE);
    expect(labels(`${model}measure x = latest usage.event where |`)).toEqual(WHERE_USAGE);
    expect(labels(`${model}measure x = count(usage where usage.|`)).toEqual(sorted(USAGE_COLUMNS));
  });

  it('offers source names after the aggregate keyword', () => {
    expect(labels(`${model}measure x = count(|`)).toEqual(sorted(SOURCES, ['distinct']));
    expect(labels(`${model}measure x = count(distinct |`)).toEqual(sorted(SOURCES));
    expect(labels(`${model}measure x = count distinct |`)).toEqual(sorted(SOURCES));
    expect(labels(`${model}measure x = sum(|`)).toEqual(sorted(SOURCES));
    expect(labels(`${model}measure x = median(|`)).toEqual(sorted(SOURCES));
    expect(labels(`${model}measure x = latest |`)).toEqual(sorted(SOURCES));
    expect(labels(`${model}measure x = count |`)).toEqual(['distinct']);
  });

  it('offers where and during after the source, and during after the condition', () => {
    expect(labels(`${model}measure x = count(usage |`)).toEqual(['during', 'where']);
    expect(labels(`${model}measure x = sum(usage.duration_s |`)).toEqual(['during', 'where']);
    expect(labels(`${model}measure x = count(usage where event = 'a' |`)).toEqual(sorted(OPERATORS, ['during']));
    expect(labels(`${model}measure x = latest usage.event |`)).toEqual(sorted(OPERATORS, ['during', 'where']));
  });

  it('walks through a window: last, a number, a unit; or N to M units ago', () => {
    expect(labels(`${model}measure x = count(usage during |`)).toEqual(['last']);
    expect(labels(`${model}measure x = count(usage during last |`)).toEqual([]);
    expect(labels(`${model}measure x = count(usage during last 30 |`)).toEqual(UNITS.slice().sort());
    expect(labels(`${model}measure x = count(usage during 60 |`)).toEqual(['to']);
    expect(labels(`${model}measure x = count(usage during 60 to 30 |`)).toEqual(UNITS.slice().sort());
    expect(labels(`${model}measure x = count(usage during 60 to 30 days |`)).toEqual(['ago']);
    expect(labels(`${model}measure x = count(usage during last 30 days |`)).toEqual([]);
    expect(labels(`${model}measure x = count(usage during last 30 days) |`)).toEqual(sorted(OPERATORS));
  });

  it('gives units their own kind', () => {
    expect(complete(`${model}measure x = count(usage during last 3 |`).items.every((item) => item.kind === 'unit')).toBe(true);
  });
});

describe('completion in declarations', () => {
  it('offers table names after `source x =` and `entity x =`', () => {
    expect(labels(`${model}source s = |`)).toEqual(sorted(TABLES));
    expect(labels('entity e = |')).toEqual(sorted(TABLES));
    expect(complete('source s = |').items.find((item) => item.label === 'tickets')).toMatchObject({ kind: 'table', detail: '4 columns' });
  });

  it('offers the table columns after key, and date and timestamp columns first after time', () => {
    expect(labels(`${model}source s = tickets key |`)).toEqual(sorted(TICKET_COLUMNS));
    const time = complete(`${model}source s = tickets time |`).items;
    expect(time.map((item) => item.label)).toEqual(['opened_at', 'resolved_at', 'account_id', 'complexity']);
    const bySortText = [...time].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((item) => item.label);
    expect(bySortText.slice(0, 2)).toEqual(['opened_at', 'resolved_at']);
    expect(labels('source tickets key account_id time |')).toEqual(sorted(TICKET_COLUMNS));
  });

  it('offers the entity table columns after the entity key', () => {
    expect(labels('entity e = accounts key |')).toEqual(sorted(ACCOUNT_COLUMNS));
  });

  it('offers the clause keywords not yet given', () => {
    expect(labels('source s = tickets |')).toEqual(['key', 'time']);
    expect(labels('source s |')).toEqual(['key', 'time']);
    expect(labels('source s = tickets time opened_at |')).toEqual(['key']);
    expect(labels('entity e = accounts |')).toEqual(['key']);
    expect(labels('entity e = accounts key account_id |')).toEqual([]);
  });
});

describe('completion in a score block', () => {
  it('offers missing and grades at the start of an item, and nothing else', () => {
    expect(labels(`${model}score s {\n  |`)).toEqual(['grades', 'missing']);
    expect(labels(`${model}score s "S" {|`)).toEqual(['grades', 'missing']);
    expect(labels(`${model}score s {\n  a weight 1 = logins_30d\n  |`)).toEqual(['grades', 'missing']);
    expect(labels(`${model}score s {\n  a weight 1 = band seats { >= 1: 100, else: 0 }\n  |`)).toEqual(['grades', 'missing']);
  });

  it('leaves out a clause already given', () => {
    expect(labels(`${model}score s {\n  missing zero\n  |`)).toEqual(['grades']);
    expect(labels(`${model}score s {\n  grades { a >= 1, b }\n  |`)).toEqual(['missing']);
  });

  it('offers the policies after missing', () => {
    expect(labels(`${model}score s {\n  missing |`)).toEqual(['null', 'reweight', 'zero']);
  });

  it('offers weight after a component name', () => {
    expect(labels(`${model}score s {\n  adoption |`)).toEqual(['weight']);
    expect(labels(`${model}score s {\n  a weight 1 = seats\n  b |`)).toEqual(['weight']);
  });

  it('offers names in a component expression, but not the score itself', () => {
    expect(labels(`${model}score s {\n  a weight 1 = |`)).toEqual(EXPRESSION);
    expect(labels(`${model}`.replace('support weight 40 = band open_tickets', 'support weight 40 = |')))
      .toEqual(EXPRESSION.filter((label) => label !== 'health'));
  });

  it('offers the band arm keywords inside a band', () => {
    expect(labels(`${model}score s {\n  a weight 1 = band seats { |`)).toEqual(['else', 'missing']);
    expect(labels(`${model}measure x = band seats { >= 3: 10, |`)).toEqual(['else', 'missing']);
    expect(labels(`${model}measure x = band seats { >= |`)).toEqual([]);
    expect(labels(`${model}measure x = band seats |`)).toEqual([]);
  });

  it('offers nothing inside grades or after weight', () => {
    expect(labels(`${model}score s {\n  grades { |`)).toEqual([]);
    expect(labels(`${model}score s {\n  a weight |`)).toEqual([]);
  });
});

describe('completion with soft keywords as names', () => {
  it('reads `time`, `month` and `to` as names where their keyword cannot stand', () => {
    expect(labels('source time = tickets time opened_at\nmeasure x = time.|')).toEqual(sorted(TICKET_COLUMNS));
    expect(labels('source time = tickets time opened_at\nmeasure x = count(time where |')).toEqual(sorted(TICKET_COLUMNS, FUNCTIONS, ['not', 'asof', 'true', 'false', 'null']));
    expect(labels('measure month = 1\nmeasure x = month |')).toEqual(sorted(OPERATORS));
    expect(labels('score s {\n  to |')).toEqual(['weight']);
  });

  it('writes a soft keyword column bare and a reserved one in backticks', () => {
    const table = { name: 'events', columns: [{ name: 'time', type: 'timestamp' as const }, { name: 'first', type: 'text' as const }] };
    const withEvents = { tables: [...schema.tables, table] };
    const list = completions('source e = events time time\nmeasure x = count(e where |)', { line: 2, column: 27 }, withEvents);
    expect(list.items.filter((item) => item.kind === 'column').map((item) => [item.label, item.insertText])).toEqual([
      ['time', undefined], ['first', '`first`'],
    ]);
  });
});

describe('completion on broken text', () => {
  it('still knows the names of other statements when the text around the cursor does not parse', () => {
    const broken = `${model}measure broken = count(usage where\nsegment s = ((( |`;
    expect(labels(broken)).toEqual(sorted(EXPRESSION, ['broken']));
  });

  it('still offers the columns of a source the checker rejected', () => {
    expect(labels('source s = tickets\nmeasure x = s.|')).toEqual(sorted(TICKET_COLUMNS));
  });

  it('never throws, wherever the cursor is', () => {
    const text = `${model}measure x = count(usage where event = 'a`;
    for (let offset = 0; offset <= text.length; offset += 7) {
      const marked = `${text.slice(0, offset)}|${text.slice(offset)}`;
      expect(() => complete(marked)).not.toThrow();
    }
  });
});
