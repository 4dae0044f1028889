import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type ModelIR } from '../../../dsl/index.ts';
import { runBacktest, type BacktestResult } from '../../../engine/backtest/backtest.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

/**
 * A score that knows nothing: the fractional part of account_id × the golden ratio, spread
 * evenly over 0–100 whatever the ids, and unrelated to how accounts behave.
 */
const RANDOM_SCORE = `
score random { r weight 1 = clamp((account_id * 0.6180339887498949 - round(account_id * 0.6180339887498949) + 0.5) * 100, 0, 100)
  grades { high >= 50, low } }`;

describe('the sample health model predicts churn; a random score does not (issue 6)', () => {
  let sample: SampleSession;
  let session: Session;
  let model: ModelIR;
  let result: BacktestResult;

  beforeAll(async () => {
    sample = await openSampleSession(3000);
    session = sample.session;
    const text = await readFile(new URL('../../../samples/models/health.pulse', import.meta.url), 'utf8');
    const analysis = analyze(text + RANDOM_SCORE, await modelSchema(session));
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    model = analysis.model!;
    // The default range of the chart line on this data: 18 month-ends, the last at least 90 days before 2025-06-30.
    result = await runBacktest(session, {
      candidates: [{ model, score: 'health', label: 'health' }, { model, score: 'random', label: 'random' }],
      horizonDays: 90, from: '2023-10-31', to: '2025-03-31', every: 'month', segment: null,
    });
  });

  afterAll(() => sample.close());

  it('health: an AUC clearly above 0.5, its whole interval too', () => {
    const health = result.scores[0]!.pooled;
    expect(health.churned).toBeGreaterThan(500);
    expect(health.auc).toBeGreaterThan(0.65);
    expect(health.low).toBeGreaterThan(0.6);
  });

  it('health: churn falls from red to yellow to green, and the lowest decile churns most', () => {
    const pooled = result.scores[0]!.byGrade.filter((row) => row.asof === null);
    expect(pooled.map((row) => row.grade)).toEqual(['green', 'yellow', 'red']);
    const [green, yellow, red] = pooled.map((row) => row.churnRate) as [number, number, number];
    expect(red).toBeGreaterThan(yellow);
    expect(yellow).toBeGreaterThan(green);
    const lift = result.scores[0]!.lift;
    expect(lift[0]!.lift).toBeGreaterThan(2);
    expect(lift[9]!.lift).toBeLessThan(0.5);
  });

  it('random: an AUC near 0.5, with 0.5 inside its interval; health beats it beyond doubt', () => {
    const random = result.scores[1]!.pooled;
    expect(Math.abs(random.auc - 0.5)).toBeLessThan(0.03);
    expect(random.low).toBeLessThan(0.5);
    expect(random.high).toBeGreaterThan(0.5);
    expect(result.comparison!.difference.high).toBeLessThan(0);
  });
});
