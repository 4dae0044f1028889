import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type ModelIR } from '../../../dsl/index.ts';
import { explainAccount } from '../../../engine/backtest/explain.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

/**
 * Three accounts with logins and NPS answers over January to April 2025. Rows dated after
 * 2025-03-31 (a login on April 1, an answer on April 2) must never show as of March 31.
 */
const DATA = `
CREATE TABLE accounts AS SELECT * FROM (VALUES (1, 'Acme', 10), (2, 'Beta', 4), (3, 'Gamma', 5)) t(account_id, name, seats);
CREATE TABLE usage_events AS SELECT account_id, CAST(occurred_at AS TIMESTAMP) AS occurred_at, event, user_id FROM (VALUES
  (1, '2025-01-15 09:00:00', 'login', 1),
  (1, '2025-02-03 09:00:00', 'login', 1), (1, '2025-02-10 09:00:00', 'login', 2),
  (1, '2025-02-20 09:00:00', 'login', 1), (1, '2025-02-28 09:00:00', 'login', 2),
  (1, '2025-03-05 09:00:00', 'login', 1), (1, '2025-03-10 09:00:00', 'login', 2),
  (1, '2025-03-20 09:00:00', 'login', 3), (1, '2025-03-31 23:30:00', 'login', 3),
  (1, '2025-04-01 08:00:00', 'login', 4),
  (2, '2025-03-10 09:00:00', 'login', 1), (2, '2025-03-11 09:00:00', 'login', 1)
) t(account_id, occurred_at, event, user_id);
CREATE TABLE nps_responses AS SELECT account_id, CAST(responded_at AS DATE) AS responded_at, score FROM (VALUES
  (1, '2024-12-01', 6), (1, '2025-02-15', 7), (1, '2025-03-20', 9), (1, '2025-04-02', 3)
) t(account_id, responded_at, score);
CREATE TABLE customers AS SELECT * FROM (VALUES ('C-1', 80), ('O''Brien', 30)) t(code, rating);
`;

const MODEL = `
entity account = accounts key account_id
source usage = usage_events time occurred_at
source nps = nps_responses time responded_at
measure logins_30d = count(usage where event = 'login' during last 30 days)
measure users_30d = count distinct usage.user_id during last 30 days
measure seat_use "Seat use" = users_30d / seats
measure nps_last = latest nps.score
score health "Health" {
  usage     weight 50 = band logins_30d { >= 4: 100, >= 2: 50, else: 0 }
  adoption  weight 30 = clamp(seat_use * 100, 0, 100)
  sentiment weight 20 = band nps_last { >= 9: 100, >= 7: 50, else: 0 }
  missing reweight
  grades { green >= 70, yellow >= 40, red }
}
`;

async function modelOf(session: Session, text: string): Promise<ModelIR> {
  const analysis = analyze(text, await modelSchema(session));
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return analysis.model!;
}

describe('explaining one account\'s score', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  let model: ModelIR;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await session.execute(DATA);
    model = await modelOf(session, MODEL);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('gives the score, grade, each component with its share, contribution and measures, as of the date', async () => {
    // Account 1 as of 2025-03-31, the window (03-01, 03-31]: logins on 03-05, 03-10, 03-20 and
    // 03-31 23:30 → 4 (the April 1 login is invisible) → usage 100; users 1, 2, 3 → 3 of 10
    // seats → seat_use 0.3 → adoption 30; latest answer 9 (03-20; the April 2 answer is
    // invisible) → sentiment 100. No component is missing: shares 50/100, 30/100, 20/100;
    // contributions 50, 9, 20; score 79 → green.
    const explained = await explainAccount(session, model, { score: 'health', accountId: 1, asof: '2025-03-31', history: 3 });
    expect(explained).toMatchObject({
      accountId: 1, asof: '2025-03-31', value: 79, grade: 'green',
      score: { name: 'health', label: 'Health', missing: 'reweight', grades: [{ name: 'green', minimum: 70 }, { name: 'yellow', minimum: 40 }, { name: 'red', minimum: null }] },
    });
    expect(explained.components).toEqual([
      { name: 'usage', weight: 50, share: 0.5, value: 100, contribution: 50, measures: [{ name: 'logins_30d', label: null, value: 4 }] },
      // seat_use is read directly; users_30d through seat_use.
      { name: 'adoption', weight: 30, share: 0.3, value: 30, contribution: 9,
        measures: [{ name: 'seat_use', label: 'Seat use', value: 0.3 }, { name: 'users_30d', label: null, value: 3 }] },
      { name: 'sentiment', weight: 20, share: 0.2, value: 100, contribution: 20, measures: [{ name: 'nps_last', label: null, value: 9 }] },
    ]);
  });

  it('gives the history at monthly dates ending at the date, each point in time, and the component that moved each step most', async () => {
    // Dates: 2025-03-31 and the two month ends before it (a month-end date steps by month ends).
    // 01-31, window (01-01, 01-31]: 1 login → usage 0; 1 user → adoption 10; latest answer 6
    //   (2024-12-01) → sentiment 0. Score (0 + 30·10 + 0) / 100 = 3 → red; contributions 0, 3, 0.
    // 02-28, window (01-29, 02-28]: 4 logins → usage 100; users 1, 2 → adoption 20; latest
    //   answer 7 (02-15) → sentiment 50. Score (5000 + 600 + 1000) / 100 = 66 → yellow; 50, 6, 10.
    // 03-31: 79 → green; 50, 9, 20 (above).
    // Steps: 01-31 → 02-28: +63; usage +50, adoption +3, sentiment +10 → usage, +50.
    //        02-28 → 03-31: +13; usage 0, adoption +3, sentiment +10 → sentiment, +10.
    const explained = await explainAccount(session, model, { score: 'health', accountId: 1, asof: '2025-03-31', history: 3 });
    expect(explained.history).toEqual([
      { asof: '2025-01-31', value: 3, grade: 'red', components: [
        { name: 'usage', value: 0, contribution: 0 }, { name: 'adoption', value: 10, contribution: 3 }, { name: 'sentiment', value: 0, contribution: 0 }] },
      { asof: '2025-02-28', value: 66, grade: 'yellow', components: [
        { name: 'usage', value: 100, contribution: 50 }, { name: 'adoption', value: 20, contribution: 6 }, { name: 'sentiment', value: 50, contribution: 10 }] },
      { asof: '2025-03-31', value: 79, grade: 'green', components: [
        { name: 'usage', value: 100, contribution: 50 }, { name: 'adoption', value: 30, contribution: 9 }, { name: 'sentiment', value: 100, contribution: 20 }] },
    ]);
    expect(explained.movers).toEqual([
      { from: '2025-01-31', to: '2025-02-28', change: 63, component: 'usage', contributionChange: 50 },
      { from: '2025-02-28', to: '2025-03-31', change: 13, component: 'sentiment', contributionChange: 10 },
    ]);
  });

  it('shows how `missing reweight` shares the weight of a missing component among the others', async () => {
    // Account 2 never answered: sentiment is null and dropped, the total weight is 50 + 30 = 80.
    // As of 03-31: 2 logins → usage 50; 1 user of 4 seats → adoption 25.
    // Score (50·50 + 30·25) / 80 = 3250 / 80 = 40.625 → yellow; shares 50/80 = 0.625 and
    // 30/80 = 0.375; contributions 2500/80 = 31.25 and 750/80 = 9.375; sentiment 0.
    // Earlier dates: no logins → usage 0, adoption 0 → score 0, red.
    // Steps: 01-31 → 02-28 changes nothing (no component named); 02-28 → 03-31: usage +31.25.
    const explained = await explainAccount(session, model, { score: 'health', accountId: 2, asof: '2025-03-31', history: 3 });
    expect(explained.value).toBe(40.625);
    expect(explained.grade).toBe('yellow');
    expect(explained.components.map(({ name, share, value, contribution }) => ({ name, share, value, contribution }))).toEqual([
      { name: 'usage', share: 0.625, value: 50, contribution: 31.25 },
      { name: 'adoption', share: 0.375, value: 25, contribution: 9.375 },
      { name: 'sentiment', share: 0, value: null, contribution: 0 },
    ]);
    expect(explained.components[2]!.measures).toEqual([{ name: 'nps_last', label: null, value: null }]);
    expect(explained.history.map((point) => [point.asof, point.value, point.grade])).toEqual([
      ['2025-01-31', 0, 'red'], ['2025-02-28', 0, 'red'], ['2025-03-31', 40.625, 'yellow'],
    ]);
    expect(explained.movers).toEqual([
      { from: '2025-01-31', to: '2025-02-28', change: 0, component: null, contributionChange: null },
      { from: '2025-02-28', to: '2025-03-31', change: 40.625, component: 'usage', contributionChange: 31.25 },
    ]);
  });

  it('steps back by calendar months — from a month\'s end by month ends — and defaults to 6 dates ending at the model\'s date', async () => {
    const datesOf = async (asof: string) =>
      (await explainAccount(session, model, { score: 'health', accountId: 1, asof, history: 3 })).history.map((point) => point.asof);
    expect(await datesOf('2025-03-30')).toEqual(['2025-01-30', '2025-02-28', '2025-03-30']);
    expect(await datesOf('2025-04-30')).toEqual(['2025-02-28', '2025-03-31', '2025-04-30']);
    expect(await datesOf('2025-02-28')).toEqual(['2024-12-31', '2025-01-31', '2025-02-28']);
    expect(await datesOf('2024-02-29')).toEqual(['2023-12-31', '2024-01-31', '2024-02-29']);
    expect(await datesOf('2024-03-29')).toEqual(['2024-01-29', '2024-02-29', '2024-03-29']);
    // Without a date: the latest date in any source, the April 2 answer.
    const latest = await explainAccount(session, model, { score: 'HEALTH', accountId: '1' });
    expect(latest.asof).toBe('2025-04-02');
    expect(latest.history.map((point) => point.asof)).toEqual(['2024-11-02', '2024-12-02', '2025-01-02', '2025-02-02', '2025-03-02', '2025-04-02']);
    expect(latest.movers).toHaveLength(5);
  });

  it('takes the account id as a number or a string of digits, and says so when there is no such account', async () => {
    const asString = await explainAccount(session, model, { score: 'health', accountId: '1', asof: '2025-03-31', history: 1 });
    expect(asString.accountId).toBe(1);
    expect(asString.value).toBe(79);
    expect(asString.movers).toEqual([]);
    for (const accountId of [99, '99', 'abc', '1 OR 1=1', "1' OR '1'='1", 1.5]) {
      const error = await explainAccount(session, model, { score: 'health', accountId, asof: '2025-03-31' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'not_found' });
      expect((error as Error).message).toContain(`there is no account \`${accountId}\``);
    }
  });

  it('binds a text key as a quoted literal: a quote in the id is part of the id', async () => {
    const customers = await modelOf(session, `entity customer = customers key code
score quality { rating weight 1 = rating  grades { good >= 50, poor } }`);
    const explained = await explainAccount(session, customers, { score: 'quality', accountId: "O'Brien", asof: '2025-03-31', history: 1 });
    expect(explained).toMatchObject({ accountId: "O'Brien", value: 30, grade: 'poor', components: [{ name: 'rating', value: 30, contribution: 30, measures: [] }] });
    await expect(explainAccount(session, customers, { score: 'quality', accountId: "x' OR code <> '", asof: '2025-03-31' }))
      .rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an unknown score, a history out of range and a date that is not a calendar date', async () => {
    await expect(explainAccount(session, model, { score: 'helth', accountId: 1 })).rejects.toMatchObject({
      code: 'bad_argument', message: 'the model has no score `helth` (its scores: `health`)',
    });
    await expect(explainAccount(session, model, { score: 'health', accountId: 1, history: 0 })).rejects.toMatchObject({ code: 'bad_argument' });
    await expect(explainAccount(session, model, { score: 'health', accountId: 1, history: 37 })).rejects.toMatchObject({ code: 'bad_argument' });
    await expect(explainAccount(session, model, { score: 'health', accountId: 1, asof: '2025-02-30' })).rejects.toMatchObject({ code: 'bad_argument' });
  });
});

describe('explanations on the generated sample (10,000 accounts)', () => {
  let sample: SampleSession;
  let session: Session;
  let model: ModelIR;

  beforeAll(async () => {
    sample = await openSampleSession(10_000);
    session = sample.session;
    model = await modelOf(session, await readFile(new URL('../../../samples/models/health.pulse', import.meta.url), 'utf8'));
  });

  afterAll(() => sample.close());

  it('has contributions that sum to the score at every date, and agrees with the model evaluated on its own as of the date', async () => {
    const asof = '2025-06-30';
    const accounts = [1, 17, 2500, 4242, 9999];
    const alone = rowsOf(await session.query(compileModel(model, asof).sql)).filter((row) => accounts.includes(row.account_id as number));
    for (const accountId of accounts) {
      const explained = await explainAccount(session, model, { score: 'health', accountId, asof });
      const row = alone.find((candidate) => candidate.account_id === accountId)!;
      expect([explained.value, explained.grade]).toEqual([row.health, row.health_grade]);
      for (const component of explained.components) {
        expect([component.value, component.contribution]).toEqual([row[`health_${component.name}`], row[`health_${component.name}_contrib`]]);
        for (const measure of component.measures) expect(measure.value).toEqual(row[measure.name]);
      }
      for (const point of explained.history) {
        if (point.value === null) continue;
        // Each contribution is rounded to 6 decimals: six of them are off by at most 3e-6 together.
        const sum = point.components.reduce((total, component) => total + (component.contribution ?? 0), 0);
        expect(Math.abs(sum - point.value)).toBeLessThan(5e-6);
      }
      explained.movers.forEach((mover, step) => {
        if (mover.component === null) return;
        const at = (index: number) => explained.history[index]!.components.find((c) => c.name === mover.component)!.contribution!;
        expect(mover.contributionChange).toBeCloseTo(at(step + 1) - at(step), 6);
      });
    }
  });
});
