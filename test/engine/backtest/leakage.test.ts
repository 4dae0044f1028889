import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, ASOF_COLUMN, compileModel, compileModelForDates } from '../../../dsl/index.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

const DATES = ['2023-12-31', '2024-06-30', '2024-11-15'];

/** The sources and their time columns. Each is also copied cut at a date: `cut_<table>`. */
const SOURCES = [
  ['tickets', 'opened_at'], ['nps_responses', 'responded_at'], ['usage_events', 'occurred_at'], ['subscriptions', 'started_on'], ['invoices', 'issued_on'],
] as const;

/**
 * A model that tries every route to the future: a where on the time column itself, windows,
 * latest and first, min/max of other dates of future rows, counts without a window, a segment
 * and a score built on them.
 */
const leakyModel = (prefix: string) => `
source tickets = ${prefix}tickets time opened_at
source nps = ${prefix}nps_responses time responded_at
source usage = ${prefix}usage_events time occurred_at
source subs = ${prefix}subscriptions time started_on
source invoices = ${prefix}invoices time issued_on
measure tickets_after_asof = count(tickets where opened_at > asof)
measure tickets_ever = count(tickets)
measure usage_recent = count(usage during last 30 days)
measure usage_prior = count(usage during 400 to 1 days ago)
measure last_answer = latest nps.score
measure first_answer = first nps.score
measure latest_answer_at = max(nps.responded_at)
measure last_span_end = max(subs.ended_on)
measure spans = count(subs)
measure invoices_due_later = count(invoices where due_on > asof)
measure last_invoice = latest invoices.amount
segment saw_the_future = tickets_after_asof > 0 or latest_answer_at > asof
score leak { future weight 1 = tickets_after_asof * 100  recent weight 1 = usage_recent  grades { high >= 50, low } }
`;

describe('no route lets a model see rows dated after its evaluation date (DESIGN.md §3, §7)', () => {
  let sample: SampleSession;
  let session: Session;

  beforeAll(async () => {
    sample = await openSampleSession(300);
    session = sample.session;
  });

  afterAll(() => sample.close());

  /** Copies each source cut at `date`: what the world looked like then. */
  async function cutAt(date: string): Promise<void> {
    for (const [table, time] of SOURCES) {
      await session.execute(`CREATE OR REPLACE TABLE cut_${table} AS SELECT * FROM ${table} WHERE CAST(${time} AS DATE) <= DATE '${date}'`);
    }
  }

  async function model(prefix: string) {
    const analysis = analyze(leakyModel(prefix), await modelSchema(session));
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return analysis.model!;
  }

  /** Whether a query on the whole data gives what the same query gives on the data cut at the date. */
  async function sameAsCut(sqlOnAll: string, sqlOnCut: string): Promise<boolean> {
    return JSON.stringify(rowsOf(await session.query(sqlOnAll))) === JSON.stringify(rowsOf(await session.query(sqlOnCut)));
  }

  it('as of one date: the whole data and the data cut at the date give the same result', async () => {
    for (const date of DATES) {
      await cutAt(date);
      const [all, cut] = [await model(''), await model('cut_')];
      const onAll = rowsOf(await session.query(compileModel(all, date).sql));
      expect(onAll.every((row) => row.tickets_after_asof === 0 && row.saw_the_future === false)).toBe(true);
      expect(await sameAsCut(compileModel(all, date).sql, compileModel(cut, date).sql)).toBe(true);
      // The test has teeth: there are rows after the date, and the measures do read data.
      const later = rowsOf(await session.query(`SELECT count(*) AS n FROM tickets WHERE CAST(opened_at AS DATE) > DATE '${date}'`))[0]!.n;
      expect(later).toBeGreaterThan(0);
      expect(onAll.some((row) => (row.tickets_ever as number) > 0 && row.last_answer !== null)).toBe(true);
    }
  });

  it('as of many dates at once (backtests): each date sees only its past', async () => {
    const many = rowsOf(await session.query(compileModelForDates(await model(''), DATES).sql));
    for (const date of DATES) {
      await cutAt(date);
      const alone = rowsOf(await session.query(compileModel(await model('cut_'), date).sql));
      const together = many.filter((row) => row[ASOF_COLUMN] === date).map(({ [ASOF_COLUMN]: _asof, ...row }) => row);
      expect(JSON.stringify(together)).toBe(JSON.stringify(alone));
    }
  });

  it('catches the bug it is for: the same check fails once the as-of filter is taken out of the SQL', async () => {
    const date = DATES[1]!;
    await cutAt(date);
    const [all, cut] = [await model(''), await model('cut_')];
    const sql = compileModel(all, date).sql;
    // Remove every source's visibility filter, as a broken compiler would.
    const unfiltered = sql.replace(/\n {2}WHERE \((?:CAST\("[a-z_]+" AS DATE\)|"[a-z_]+") <= DATE '\d{4}-\d{2}-\d{2}'\)/g, '');
    expect(unfiltered).not.toBe(sql);
    expect(sql.match(/<= DATE '2024-06-30'\)\n/g)?.length).toBe(5);
    expect(await sameAsCut(unfiltered, compileModel(cut, date).sql)).toBe(false);
    const leaked = rowsOf(await session.query(unfiltered));
    expect(leaked.some((row) => (row.tickets_after_asof as number) > 0)).toBe(true);
  });

  it('warns about the route the language cannot close: a source without a time column', async () => {
    const analysis = analyze('source tickets\nmeasure n = count(tickets)', await modelSchema(session));
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['no-time-column']);
  });
});
