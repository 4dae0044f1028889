import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../engine/session.ts';
import { byKey, runModel } from '../helpers/model-runner.ts';
import { openScratchSession, type ScratchSession } from '../helpers/scratch-session.ts';

/**
 * DESIGN.md §3, point by point, on small hand-made tables. Every expected value below was
 * worked out by hand from the fixture rows; comments show the arithmetic.
 */
describe('rules language semantics', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await session.execute(`
      CREATE TABLE accounts AS SELECT account_id::BIGINT AS account_id, tier, seats, renewal_on::DATE AS renewal_on, a, b, c FROM (VALUES
        (1, 'Starter',    4,  '2025-07-20', 100.0, 50.0,  70.0),
        (2, 'Growth',     0,  '2025-09-28', 150.0, NULL,  40.0),
        (3, 'Enterprise', 10, NULL,         -20.0, NULL,  39.99),
        (4, 'Starter',    2,  '2025-06-30', NULL,  NULL,  69.9999999)
      ) t(account_id, tier, seats, renewal_on, a, b, c);
      -- Values are powers of two, so every sum names exactly the rows it added.
      CREATE TABLE events AS SELECT account_id::BIGINT AS account_id, day::DATE AS day, v FROM (VALUES
        (1, '2025-07-01', 1), (1, '2025-06-30', 2), (1, '2025-06-01', 4),
        (1, '2025-05-31', 8), (1, '2025-05-02', 16), (1, '2025-05-01', 32),
        (9, '2025-06-15', 64)
      ) t(account_id, day, v);
      CREATE TABLE feb_events AS SELECT account_id::BIGINT AS account_id, day::DATE AS day, v FROM (VALUES
        (3, '2025-02-28', 1), (3, '2025-03-01', 2), (3, '2025-03-31', 4), (3, '2024-03-31', 8),
        (4, '2023-02-28', 16), (4, '2023-03-01', 32)
      ) t(account_id, day, v);
      CREATE TABLE ticks AS SELECT account_id::BIGINT AS account_id, opened_at::TIMESTAMP AS opened_at, resolved_at::TIMESTAMP AS resolved_at FROM (VALUES
        (1, '2025-06-30 23:59:59', '2025-07-02 10:00:00'),
        (1, '2025-07-01 00:00:00', NULL),
        (1, '2025-06-10 08:00:00', '2025-06-30 09:00:00'),
        (1, '2025-06-10 08:00:00', NULL)
      ) t(account_id, opened_at, resolved_at);
      CREATE TABLE answers AS SELECT account_id::BIGINT AS account_id, responded_at::TIMESTAMP AS responded_at, score FROM (VALUES
        (1, '2025-06-01 12:00:00', 3), (1, '2025-06-01 12:00:00', 7), (1, '2025-05-01 09:00:00', 9), (1, '2025-07-15 10:00:00', 0),
        (2, '2025-01-01 00:00:00', 5), (2, '2025-01-01 00:00:00', 2), (2, '2025-02-01 00:00:00', NULL)
      ) t(account_id, responded_at, score);`);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  describe('windows count calendar days back from asof, asof included', () => {
    const model = `
      source events time day
      measure last_30      = count(events during last 30 days)          # (2025-05-31, 2025-06-30]
      measure last_30_sum  = sum(events.v during last 30 days)
      measure prior        = count(events during 60 to 30 days ago)     # (2025-05-01, 2025-05-31]
      measure prior_sum    = sum(events.v during 60 to 30 days ago)
      measure visible      = count(events)
      measure visible_sum  = sum(events.v)
      measure last_4_weeks = sum(events.v during last 4 weeks)          # after 2025-06-02
      measure last_month   = sum(events.v during last 1 month)          # after 2025-05-30`;

    it('includes asof and asof − 29, excludes asof − 30 and every later row', async () => {
      const { rows } = await runModel(session, model, '2025-06-30');
      // 06-30 (2) and 06-01 (4) are in; 05-31 (8) is asof − 30 and out; 07-01 (1) is after asof.
      expect(byKey(rows, 'account_id', 'last_30')).toEqual({ 1: 2, 2: 0, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 'last_30_sum')).toEqual({ 1: 6, 2: null, 3: null, 4: null });
      // 05-31 (8) and 05-02 (16) are in; 05-01 (32) is asof − 60 and out.
      expect(byKey(rows, 'account_id', 'prior')).toEqual({ 1: 2, 2: 0, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 'prior_sum')).toEqual({ 1: 24, 2: null, 3: null, 4: null });
      // Everything but 07-01: 2 + 4 + 8 + 16 + 32. Account 9 is not an entity row, so its event counts nowhere.
      expect(byKey(rows, 'account_id', 'visible')).toEqual({ 1: 5, 2: 0, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 'visible_sum')).toEqual({ 1: 62, 2: null, 3: null, 4: null });
      // 4 weeks = 28 days: only 06-30 (2); 1 month: 06-30, 06-01, 05-31 (2 + 4 + 8).
      expect(byKey(rows, 'account_id', 'last_4_weeks')).toEqual({ 1: 2, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'last_month')).toEqual({ 1: 14, 2: null, 3: null, 4: null });
    });

    it('makes later rows visible when asof moves forward', async () => {
      const { rows } = await runModel(session, model, '2025-07-01');
      // Now (2025-06-01, 2025-07-01]: 07-01 (1) and 06-30 (2); 06-01 (4) is asof − 30.
      expect(byKey(rows, 'account_id', 'last_30_sum')).toEqual({ 1: 3, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'visible_sum')).toEqual({ 1: 63, 2: null, 3: null, 4: null });
    });

    it('counts calendar months and years, clamping to the end of the month', async () => {
      const text = `
        source feb = feb_events time day
        measure month = sum(feb.v during last 1 month)
        measure year  = sum(feb.v during last 1 year)`;
      // As of 2025-03-31, one month back is 2025-02-28: 03-01 (2) and 03-31 (4) are in, 02-28 (1) is out.
      // One year back is 2024-03-31: 02-28, 03-01, 03-31 are in (1 + 2 + 4), 2024-03-31 (8) is out.
      const march = await runModel(session, text, '2025-03-31');
      expect(byKey(march.rows, 'account_id', 'month')).toEqual({ 1: null, 2: null, 3: 6, 4: null });
      expect(byKey(march.rows, 'account_id', 'year')).toEqual({ 1: null, 2: null, 3: 7, 4: null });
      // As of 2024-02-29, one year back is 2023-02-28: only 2023-03-01 (32) is in.
      const leap = await runModel(session, text, '2024-02-29');
      expect(byKey(leap.rows, 'account_id', 'year')).toEqual({ 1: null, 2: null, 3: null, 4: 32 });
    });
  });

  describe('as-of is point-in-time for every aggregate', () => {
    it('hides rows after asof from latest, first, min, max, count distinct, median, avg', async () => {
      const { rows } = await runModel(session, `
        source answers time responded_at
        measure latest_score = latest answers.score
        measure first_score  = first answers.score
        measure lowest       = min(answers.score)
        measure highest      = max(answers.score)
        measure distinct_scores = count distinct answers.score
        measure middle       = median(answers.score)
        measure mean         = avg(answers.score)
        measure answered     = count(answers)`, '2025-06-30');
      // Account 1 sees 3 and 7 (both 06-01 12:00) and 9 (05-01); the 0 of 07-15 is after asof.
      // latest: tie at 06-01 12:00 is broken by the larger value → 7. first: 9 is alone at the earliest time.
      expect(byKey(rows, 'account_id', 'latest_score')).toEqual({ 1: 7, 2: 5, 3: null, 4: null });
      // Account 2: 5 and 2 tie at the earliest time → the smaller, 2. Its null answer of 02-01 is skipped by latest.
      expect(byKey(rows, 'account_id', 'first_score')).toEqual({ 1: 9, 2: 2, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'lowest')).toEqual({ 1: 3, 2: 2, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'highest')).toEqual({ 1: 9, 2: 5, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'distinct_scores')).toEqual({ 1: 3, 2: 2, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 'middle')).toEqual({ 1: 7, 2: 3.5, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'mean')).toEqual({ 1: 19 / 3, 2: 3.5, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'answered')).toEqual({ 1: 3, 2: 3, 3: 0, 4: 0 });
    });

    it('sees the later answer once asof passes it', async () => {
      const { rows } = await runModel(session, 'source answers time responded_at\nmeasure latest_score = latest answers.score', '2025-07-15');
      expect(byKey(rows, 'account_id', 'latest_score')).toEqual({ 1: 0, 2: 5, 3: null, 4: null });
    });

    it('compares a timestamp with a date by its calendar date', async () => {
      const { rows, warnings } = await runModel(session, `
        source ticks time opened_at
        measure opened     = count(ticks)
        measure open_today = count(ticks where resolved_at is null)
        measure open_asof  = count(ticks where resolved_at is null or resolved_at > asof)`, '2025-06-30');
      // 06-30 23:59:59 is on asof, so visible; 07-01 00:00:00 is not.
      expect(byKey(rows, 'account_id', 'opened')).toEqual({ 1: 3, 2: 0, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 'open_today')).toEqual({ 1: 1, 2: 0, 3: 0, 4: 0 });
      // Resolved 07-02 → still open as of 06-30; resolved 06-30 09:00 → not "after asof" (same day); never resolved → open.
      expect(byKey(rows, 'account_id', 'open_asof')).toEqual({ 1: 2, 2: 0, 3: 0, 4: 0 });
      expect(warnings.map((warning) => [warning.code, warning.range.start.line])).toEqual([['null-check-without-asof', 4]]);
    });

    it('defaults asof to the latest date in any source', async () => {
      const { asof } = await runModel(session, 'source events time day\nsource answers time responded_at\nmeasure n = count(events)');
      expect(asof).toBe('2025-07-15');
      const own = await runModel(session, 'source events time day\nasof 2025-06-01\nmeasure n = count(events)');
      expect(own.asof).toBe('2025-06-01');
      expect(byKey(own.rows, 'account_id', 'n')).toEqual({ 1: 4, 2: 0, 3: 0, 4: 0 });
    });
  });

  describe('expressions', () => {
    it('divides by zero into null and keeps nulls through arithmetic', async () => {
      const { rows } = await runModel(session, `
        measure per_seat = a / seats
        measure sum_ab   = a + b`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'per_seat')).toEqual({ 1: 25, 2: null, 3: -2, 4: null });
      expect(byKey(rows, 'account_id', 'sum_ab')).toEqual({ 1: 150, 2: null, 3: null, 4: null });
    });

    it('makes every function but coalesce null on a null argument', async () => {
      const { rows } = await runModel(session, `
        measure clamped  = clamp(b, 0, 40)
        measure smallest = least(a, b)
        measure largest  = greatest(a, 0)
        measure filled   = coalesce(b, a, 0)
        measure until    = days_until(renewal_on)
        measure since    = days_since(renewal_on)
        measure between_days = days_between(2025-01-01, renewal_on)
        measure rounded  = round(a / 8)
        measure magnitude = abs(a)`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'clamped')).toEqual({ 1: 40, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'smallest')).toEqual({ 1: 50, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'largest')).toEqual({ 1: 100, 2: 150, 3: 0, 4: null });
      expect(byKey(rows, 'account_id', 'filled')).toEqual({ 1: 50, 2: 150, 3: -20, 4: 0 });
      // 2025-06-30 → 2025-07-20 is 20 days; → 2025-09-28 is 1 + 31 + 31 + 28 = 90.
      expect(byKey(rows, 'account_id', 'until')).toEqual({ 1: 20, 2: 90, 3: null, 4: 0 });
      expect(byKey(rows, 'account_id', 'since')).toEqual({ 1: -20, 2: -90, 3: null, 4: 0 });
      // Jan 1 → Jul 20: 31 + 28 + 31 + 30 + 31 + 30 + 19 = 200.
      expect(byKey(rows, 'account_id', 'between_days')).toEqual({ 1: 200, 2: 270, 3: null, 4: 180 });
      // 100/8 = 12.5 → 13, 150/8 = 18.75 → 19, −20/8 = −2.5 → −3 (half away from zero).
      expect(byKey(rows, 'account_id', 'rounded')).toEqual({ 1: 13, 2: 19, 3: -3, 4: null });
      expect(byKey(rows, 'account_id', 'magnitude')).toEqual({ 1: 100, 2: 150, 3: 20, 4: null });
    });

    it('follows three-valued logic in comparisons, in and between', async () => {
      const { rows } = await runModel(session, `
        measure is_fifty   = b = 50
        measure listed     = b in (50, 7)
        measure not_listed = a not in (100, null)
        measure in_range   = a between 0 and 100
        measure either     = a > 120 or b > 10
        measure both       = a > 120 and b > 10`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'is_fifty')).toEqual({ 1: true, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'listed')).toEqual({ 1: true, 2: null, 3: null, 4: null });
      // 100 is listed → false; 150 and −20 are not, but the list holds a null → null.
      expect(byKey(rows, 'account_id', 'not_listed')).toEqual({ 1: false, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'in_range')).toEqual({ 1: true, 2: false, 3: false, 4: null });
      // 1: false or true; 2: true or null → true; 3: false or null → null; 4: null or null.
      expect(byKey(rows, 'account_id', 'either')).toEqual({ 1: true, 2: true, 3: null, 4: null });
      // 1: false and …; 2: true and null → null; 3: false and null → false.
      expect(byKey(rows, 'account_id', 'both')).toEqual({ 1: false, 2: null, 3: false, 4: null });
    });

    it('picks the first band arm that holds, top to bottom, with missing for null', async () => {
      const { rows } = await runModel(session, `
        measure with_missing = band b { >= 50: 1, else: 2, missing: 3 }
        measure without      = band a { > 120: 10, >= 100: 20, >= 0: 30 }
        measure by_tier      = band tier { = 'Enterprise': 3, = 'Growth': 2, else: 1 }`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'with_missing')).toEqual({ 1: 1, 2: 3, 3: 3, 4: 3 });
      // 100 → second arm; 150 → first; −20 matches no arm and there is no else → null; null without missing → null.
      expect(byKey(rows, 'account_id', 'without')).toEqual({ 1: 20, 2: 10, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 'by_tier')).toEqual({ 1: 1, 2: 2, 3: 3, 4: 1 });
    });
  });

  describe('scores', () => {
    const score = (policy: string) => `
      score s {
        usage  weight 60 = a
        nps    weight 40 = b
        missing ${policy}
        grades { green >= 70, yellow >= 40, red }
      }`;

    it('clamps components to 0–100', async () => {
      const { rows } = await runModel(session, score('reweight'), '2025-06-30');
      expect(byKey(rows, 'account_id', 's_usage')).toEqual({ 1: 100, 2: 100, 3: 0, 4: null });
      expect(byKey(rows, 'account_id', 's_nps')).toEqual({ 1: 50, 2: null, 3: null, 4: null });
    });

    it('missing reweight drops null components and renormalises the weights', async () => {
      const { rows } = await runModel(session, score('reweight'), '2025-06-30');
      // 1: (60·100 + 40·50) / 100 = 80; 2: 60·100 / 60 = 100; 3: 60·0 / 60 = 0; 4: no weight left → null.
      expect(byKey(rows, 'account_id', 's')).toEqual({ 1: 80, 2: 100, 3: 0, 4: null });
      expect(byKey(rows, 'account_id', 's_usage_contrib')).toEqual({ 1: 60, 2: 100, 3: 0, 4: null });
      expect(byKey(rows, 'account_id', 's_nps_contrib')).toEqual({ 1: 20, 2: 0, 3: 0, 4: null });
      expect(byKey(rows, 'account_id', 's_grade')).toEqual({ 1: 'green', 2: 'green', 3: 'red', 4: null });
    });

    it('missing zero counts null components as 0', async () => {
      const { rows } = await runModel(session, score('zero'), '2025-06-30');
      // 2: 60·100 / 100 = 60; 4: 0 / 100 = 0.
      expect(byKey(rows, 'account_id', 's')).toEqual({ 1: 80, 2: 60, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 's_usage_contrib')).toEqual({ 1: 60, 2: 60, 3: 0, 4: 0 });
      expect(byKey(rows, 'account_id', 's_grade')).toEqual({ 1: 'green', 2: 'yellow', 3: 'red', 4: 'red' });
    });

    it('missing null makes the score null when any component is null', async () => {
      const { rows } = await runModel(session, score('null'), '2025-06-30');
      expect(byKey(rows, 'account_id', 's')).toEqual({ 1: 80, 2: null, 3: null, 4: null });
      expect(byKey(rows, 'account_id', 's_nps_contrib')).toEqual({ 1: 20, 2: null, 3: null, 4: null });
    });

    it('grades at their thresholds: >= is inclusive, scores are rounded to 6 decimals first', async () => {
      const { rows } = await runModel(session, 'score t { only weight 1 = c  grades { green >= 70, yellow >= 40, red } }', '2025-06-30');
      // 70 → green; 40 → yellow; 39.99 → red; 69.9999999 rounds to 70.000000 → green.
      expect(byKey(rows, 'account_id', 't_grade')).toEqual({ 1: 'green', 2: 'yellow', 3: 'red', 4: 'green' });
      expect(byKey(rows, 'account_id', 't')).toEqual({ 1: 70, 2: 40, 3: 39.99, 4: 70 });
    });

    it('gives a null score when every weight is 0, and no grade without a default when none matches', async () => {
      const { rows, warnings } = await runModel(session, 'score z { x weight 0 = a  grades { high >= 50 } }', '2025-06-30');
      expect(byKey(rows, 'account_id', 'z')).toEqual({ 1: null, 2: null, 3: null, 4: null });
      expect(warnings.map((warning) => warning.code)).toEqual(['all-weights-zero']);
      const graded = await runModel(session, 'score y { x weight 1 = a  grades { high >= 50 } }', '2025-06-30');
      expect(byKey(graded.rows, 'account_id', 'y_grade')).toEqual({ 1: 'high', 2: 'high', 3: null, 4: null });
    });
  });

  describe('segments', () => {
    it('are false, never null, where the expression is null, and may use other segments', async () => {
      const { rows } = await runModel(session, `
        segment big        = seats >= 4
        segment engaged    = b > 10
        segment big_quiet  = big and not engaged
        segment either_one = big or engaged
        score s { usage weight 1 = a  grades { green >= 70, red } }
        segment green_big  = s.grade = 'green' and big_quiet`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'big')).toEqual({ 1: true, 2: false, 3: true, 4: false });
      expect(byKey(rows, 'account_id', 'engaged')).toEqual({ 1: true, 2: false, 3: false, 4: false });
      // engaged is false (not null) for 3, so big and not engaged is true.
      expect(byKey(rows, 'account_id', 'big_quiet')).toEqual({ 1: false, 2: false, 3: true, 4: false });
      expect(byKey(rows, 'account_id', 'either_one')).toEqual({ 1: true, 2: false, 3: true, 4: false });
      // 3 has s = 0 → red.
      expect(byKey(rows, 'account_id', 'green_big')).toEqual({ 1: false, 2: false, 3: false, 4: false });
    });

    it('let order of statements not matter', async () => {
      const { rows } = await runModel(session, `
        segment late = doubled > 100
        measure doubled = single * 2
        measure single = a`, '2025-06-30');
      expect(byKey(rows, 'account_id', 'late')).toEqual({ 1: true, 2: true, 3: false, 4: false });
    });
  });

  it('produces the scores columns DESIGN.md §3 names, after the entity columns', async () => {
    const { rows } = await runModel(session, `
      measure m = a
      score health { usage weight 1 = a  grades { ok >= 50, bad } }
      segment at_risk = health.grade = 'bad'`, '2025-06-30');
    expect(Object.keys(rows[0]!)).toEqual([
      'account_id', 'tier', 'seats', 'renewal_on', 'a', 'b', 'c',
      'm', 'health', 'health_grade', 'health_usage', 'health_usage_contrib', 'at_risk',
    ]);
  });
});
