import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type ModelIR } from '../../../dsl/index.ts';
import { whatIf } from '../../../engine/backtest/what-if.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

/**
 * Seven accounts; logins in the 30 days up to 2025-06-30, the window (05-31, 06-30]:
 *   account  1     2     3     4    5    6    7
 *   logins   3     1     0     3    1    0    0     (6 logged in on 04-01, outside the window)
 *   mrr      1200  1200  1200  600  200  600  200
 * Plus `crowd`, 120 accounts whose `v` is their id, for the lists of ids.
 */
const DATA = `
CREATE TABLE accounts AS SELECT * FROM (VALUES (1, 1200), (2, 1200), (3, 1200), (4, 600), (5, 200), (6, 600), (7, 200)) t(account_id, mrr);
CREATE TABLE usage_events AS SELECT account_id, CAST(occurred_at AS TIMESTAMP) AS occurred_at, 'login' AS event FROM (VALUES
  (1, '2025-06-01 10:00:00'), (1, '2025-06-10 10:00:00'), (1, '2025-06-30 10:00:00'),
  (2, '2025-06-15 10:00:00'),
  (4, '2025-06-02 10:00:00'), (4, '2025-06-03 10:00:00'), (4, '2025-06-04 10:00:00'),
  (5, '2025-06-20 10:00:00'),
  (6, '2025-04-01 10:00:00')
) t(account_id, occurred_at);
CREATE TABLE crowd AS SELECT range AS account_id, range AS v FROM range(1, 121);
`;

const HEADER = `
entity account = accounts key account_id
source usage = usage_events time occurred_at
measure logins = count(usage where event = 'login' during last 30 days)
`;

const health = (usageWeight: number, valueWeight: number) => `
score health {
  usage weight ${usageWeight} = band logins { >= 3: 100, >= 1: 50, else: 0 }
  value weight ${valueWeight} = band mrr { >= 1000: 100, >= 500: 50, else: 0 }
  grades { green >= 70, yellow >= 40, red }
}`;

const SAVED = `${HEADER}${health(50, 50)}
segment at_risk = health.grade = 'red' and mrr >= 500
segment big = mrr >= 1000
segment busy = logins >= 3
`;

/** The usage weight up from 50 to 80, `at_risk` from mrr ≥ 500 to ≥ 100, `busy` out, a score and a segment in. */
const DRAFT = `${HEADER}
score engagement { logins weight 1 = band logins { >= 1: 100, else: 0 } }
${health(80, 50)}
segment at_risk = health.grade = 'red' and mrr >= 100
segment big = mrr >= 1000
segment quiet = logins = 0
`;

async function modelOf(session: Session, text: string): Promise<ModelIR> {
  const analysis = analyze(text, await modelSchema(session));
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return analysis.model!;
}

describe('what an unsaved edit would change', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  let saved: ModelIR;
  let draft: ModelIR;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await session.execute(DATA);
    saved = await modelOf(session, SAVED);
    draft = await modelOf(session, DRAFT);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('counts the grades under each model and the moves between them, for the first score both have', async () => {
    // usage / value components: 1: 100/100, 2: 50/100, 3: 0/100, 4: 100/50, 5: 50/0, 6: 0/50, 7: 0/0.
    // Saved, 50/50:  1: 100 green, 2: 75 green, 3: 50 yellow, 4: 75 green, 5: 25 red, 6: 25 red, 7: 0 red.
    // Draft, 80/50 (÷130): 1: 100 green, 2: 9000/130 = 69.230769 yellow, 3: 5000/130 = 38.461538 red,
    //   4: 10500/130 = 80.769231 green, 5: 4000/130 = 30.769231 red, 6: 2500/130 = 19.230769 red, 7: 0 red.
    // Moves: 2 green → yellow, 3 yellow → red; 2 accounts. Scores changed: all but 1 and 7 → 5.
    // Mean change: (338.461538 − 350) / 7 = −1.648352.
    const result = await whatIf(session, saved, draft, { asof: '2025-06-30' });
    expect(result.asof).toBe('2025-06-30');
    expect(result.accounts).toBe(7);
    // The draft lists `engagement` first, but the saved model has no such score.
    expect(result.score).toMatchObject({
      name: 'health',
      saved: [{ grade: 'green', accounts: 3 }, { grade: 'yellow', accounts: 1 }, { grade: 'red', accounts: 3 }],
      draft: [{ grade: 'green', accounts: 2 }, { grade: 'yellow', accounts: 1 }, { grade: 'red', accounts: 4 }],
      transitions: [
        { from: 'green', to: 'green', accounts: 2 }, { from: 'green', to: 'yellow', accounts: 1 }, { from: 'green', to: 'red', accounts: 0 },
        { from: 'yellow', to: 'green', accounts: 0 }, { from: 'yellow', to: 'yellow', accounts: 0 }, { from: 'yellow', to: 'red', accounts: 1 },
        { from: 'red', to: 'green', accounts: 0 }, { from: 'red', to: 'yellow', accounts: 0 }, { from: 'red', to: 'red', accounts: 3 },
      ],
      moved: 2,
      changed: 5,
    });
    expect(result.score!.meanChange).toBeCloseTo(-1.648352, 5);
  });

  it('says who enters and leaves each segment both models have, and lists what only one has', async () => {
    // at_risk, saved: red and mrr ≥ 500 → {6}. Draft: red and mrr ≥ 100 → {3, 5, 6, 7}: 3, 5, 7 enter.
    // big (mrr ≥ 1000) is the same in both: {1, 2, 3}.
    const result = await whatIf(session, saved, draft, { asof: '2025-06-30' });
    expect(result.segments).toEqual([
      { name: 'at_risk', saved: 1, draft: 4, entering: 3, leaving: 0, enteringIds: [3, 5, 7], leavingIds: [] },
      { name: 'big', saved: 3, draft: 3, entering: 0, leaving: 0, enteringIds: [], leavingIds: [] },
    ]);
    expect(result.added).toEqual({ scores: ['engagement'], segments: ['quiet'] });
    expect(result.removed).toEqual({ scores: [], segments: ['busy'] });
  });

  it('narrows to the score and segment asked for (names in any case), and refuses one that is not in both', async () => {
    const narrowed = await whatIf(session, saved, draft, { asof: '2025-06-30', score: 'Health', segment: 'AT_RISK' });
    expect(narrowed.score?.name).toBe('health');
    expect(narrowed.segments.map((segment) => segment.name)).toEqual(['at_risk']);
    await expect(whatIf(session, saved, draft, { segment: 'busy' })).rejects.toMatchObject({
      code: 'bad_argument', message: 'the segment `busy` is only in the saved model: there is nothing to compare it with',
    });
    await expect(whatIf(session, saved, draft, { score: 'engagement' })).rejects.toMatchObject({
      code: 'bad_argument', message: 'the score `engagement` is only in the draft: there is nothing to compare it with',
    });
    await expect(whatIf(session, saved, draft, { segment: 'nope' })).rejects.toMatchObject({ code: 'bad_argument', message: 'neither model has a segment `nope`' });
    await expect(whatIf(session, saved, draft, { asof: '2025-13-01' })).rejects.toMatchObject({ code: 'bad_argument' });
  });

  it('evaluates both models as of the saved model\'s date unless told otherwise', async () => {
    // The latest date in the sources: the login of 2025-06-30.
    expect((await whatIf(session, saved, draft)).asof).toBe('2025-06-30');
  });

  it('lists the first 50 ids entering or leaving, by key, and counts them all', async () => {
    // top: v > 100 is 101…120 (20 accounts); v > 30 is 31…120 (90): 70 enter, 31…100.
    const before = await modelOf(session, 'entity account = crowd key account_id\nsegment top = v > 100');
    const after = await modelOf(session, 'entity account = crowd key account_id\nsegment top = v > 30');
    const first50 = Array.from({ length: 50 }, (_, index) => 31 + index);
    const widened = await whatIf(session, before, after, { asof: '2025-06-30' });
    expect(widened.score).toBeNull();
    expect(widened.segments).toEqual([{ name: 'top', saved: 20, draft: 90, entering: 70, leaving: 0, enteringIds: first50, leavingIds: [] }]);
    const narrowed = await whatIf(session, after, before, { asof: '2025-06-30' });
    expect(narrowed.segments).toEqual([{ name: 'top', saved: 90, draft: 20, entering: 0, leaving: 70, enteringIds: [], leavingIds: first50 }]);
  });

  it('refuses to compare models of different entities', async () => {
    const other = await modelOf(session, 'entity account = crowd key account_id\nsegment top = v > 100');
    await expect(whatIf(session, saved, other, { asof: '2025-06-30' })).rejects.toMatchObject({ code: 'bad_argument' });
  });

  it('scans no source again for an edit of weights: it reads the stored passes', async () => {
    // Draft 50/150 (÷200): 1: 100 green, 2: 87.5 green, 3: 75 green, 4: 62.5 yellow,
    // 5: 12.5 red, 6: 37.5 red, 7: 0 red. Moves: 3 yellow → green, 4 green → yellow.
    const reweighted = await modelOf(session, `${HEADER}${health(50, 150)}`);
    const newMeasure = await modelOf(session, `${HEADER}measure logins_7d = count(usage during last 7 days)${health(50, 50)}`);
    await whatIf(session, saved, saved, { asof: '2025-06-30' });
    await session.execute('ALTER TABLE usage_events RENAME TO usage_events_away');
    try {
      const result = await whatIf(session, saved, reweighted, { asof: '2025-06-30' });
      expect(result.score).toMatchObject({
        draft: [{ grade: 'green', accounts: 3 }, { grade: 'yellow', accounts: 1 }, { grade: 'red', accounts: 3 }],
        moved: 2,
      });
      // The check has teeth: a draft with a new aggregate needs the source, which is gone.
      await expect(whatIf(session, saved, newMeasure, { asof: '2025-06-30' })).rejects.toMatchObject({ code: 'query_failed' });
    } finally {
      await session.execute('ALTER TABLE usage_events_away RENAME TO usage_events');
    }
  });
});

describe('what-if on the generated sample (10,000 accounts)', () => {
  let sample: SampleSession;
  let session: Session;
  let text: string;

  beforeAll(async () => {
    sample = await openSampleSession(10_000);
    session = sample.session;
    text = await readFile(new URL('../../../samples/models/health.pulse', import.meta.url), 'utf8');
  });

  afterAll(() => sample.close());

  it('reports no movement at all for the identical model', async () => {
    const model = await modelOf(session, text);
    const result = await whatIf(session, model, model, { asof: '2025-06-30' });
    expect(result.accounts).toBe(10_000);
    expect(result.score).toMatchObject({ name: 'health', moved: 0, changed: 0, meanChange: 0 });
    expect(result.score!.draft).toEqual(result.score!.saved);
    expect(result.score!.saved.reduce((sum, grade) => sum + grade.accounts, 0)).toBe(10_000);
    expect(result.segments.map((segment) => segment.name)).toEqual(['active', 'at_risk', 'champions', 'renewal_due', 'at_risk_renewal']);
    for (const segment of result.segments) {
      expect(segment).toMatchObject({ entering: 0, leaving: 0, enteringIds: [], leavingIds: [] });
      expect(segment.draft).toBe(segment.saved);
    }
  });

  it('counts a weight change\'s grades as the draft evaluated on its own does', async () => {
    const saved = await modelOf(session, text);
    const draft = await modelOf(session, text.replace('usage     weight 35', 'usage     weight 50'));
    const result = await whatIf(session, saved, draft, { asof: '2025-06-30' });
    const count = async (model: ModelIR) => {
      const rows = rowsOf(await session.query(`SELECT health_grade AS grade, count(*) AS n FROM (${compileModel(model, '2025-06-30').sql}) GROUP BY 1`));
      return Object.fromEntries(rows.map((row) => [String(row.grade), row.n]));
    };
    const asCounts = (grades: readonly { grade: string | null; accounts: number }[]) => Object.fromEntries(grades.map((g) => [String(g.grade), g.accounts]));
    expect(asCounts(result.score!.saved)).toEqual(await count(saved));
    expect(asCounts(result.score!.draft)).toEqual(await count(draft));
    expect(result.score!.moved).toBeGreaterThan(0);
  });
});
