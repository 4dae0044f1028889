import { readFile } from 'node:fs/promises';
import { analyze, compileModel } from '../../dsl/index.ts';
import { runBacktest } from '../../engine/backtest/backtest.ts';
import { evaluationDates } from '../../engine/backtest/dates.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import { benchSession, median, time } from './bench-data.ts';
import { markdownTable } from './machine.ts';

const HEALTH = new URL('../../samples/models/health.pulse', import.meta.url).pathname;
/** The default range of `backtest health within 90 days` on the sample: 18 monthly dates. */
const RANGE = { from: '2023-11-01', to: '2025-04-01', every: 'month', horizonDays: 90, segment: null } as const;

/**
 * The backtest benchmark (issue 6): 18 monthly dates of the sample health model, as one
 * query that reads each source once (what `runBacktest` does), against one evaluation of the
 * model at one date, and against the 18 dates evaluated one query at a time.
 */
export async function benchBacktest(accounts: number): Promise<string> {
  const session = await benchSession(accounts);
  try {
    const model = analyze(await readFile(HEALTH, 'utf8'), await modelSchema(session)).model!;
    const dates = evaluationDates(RANGE.from, RANGE.to, RANGE.every);
    const single = compileModel(model, RANGE.to).sql;
    await session.query(single);
    const singleTimes = await time(5, () => session.query(single));
    const backtestTimes: number[] = [];
    let figures = '';
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const result = await runBacktest(session, { ...RANGE, candidates: [{ model, score: 'health', label: 'health' }] });
      backtestTimes.push(performance.now() - started);
      const pooled = result.scores[0]!.pooled;
      figures = `${pooled.accounts.toLocaleString('en-US')} account-dates, AUC ${pooled.auc.toFixed(3)} (${pooled.low.toFixed(3)}–${pooled.high.toFixed(3)})`;
    }
    const [oneByOne] = await time(1, async () => {
      for (const date of dates) await session.query(compileModel(model, date).sql);
    });
    const backtest = median(backtestTimes);
    const evaluation = median(singleTimes);
    return `### Backtest (${accounts.toLocaleString('en-US')} accounts, ${dates.length} monthly dates, 90-day horizon)

${markdownTable(['what', 'figure'], [
  ['evaluate the health model at one date (median of 5)', `${evaluation.toFixed(0)} ms`],
  ['backtest: the model at 18 dates in one query, labels, AUC, grades, lift, calibration (median of 3)', `${backtest.toFixed(0)} ms (${figures})`],
  ['**backtest ÷ one evaluation**', `**${(backtest / evaluation).toFixed(1)}** (18 dates)`],
  ['the 18 dates evaluated one query at a time (model only, no labels or figures)', `${oneByOne!.toFixed(0)} ms`],
  ['**one at a time ÷ one query**', `**${(oneByOne! / backtest).toFixed(2)}**`],
])}`;
  } finally {
    session.close();
  }
}
