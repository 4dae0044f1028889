import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseError } from '../../../engine/errors.ts';
import { parseNotebook } from '../../../engine/notebook/format.ts';
import { runNotebook, takeTurn, type CellResult } from '../../../engine/notebook/run.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

const summary = (results: readonly CellResult[]) => results.map((result) => `${result.index}:${result.kind}:${result.status}`);

describe('running notebooks', () => {
  let sample: SampleSession;
  let session: Session;
  let healthReview: string;

  beforeAll(async () => {
    sample = await openSampleSession(600);
    session = sample.session;
    healthReview = await readFile(new URL('../../../samples/notebooks/health-review.pulse.md', import.meta.url), 'utf8');
  });

  afterAll(() => sample.close());

  it('runs every sample notebook without an error', async () => {
    for (const name of ['health-review', 'retention', 'customer-voice']) {
      const text = await readFile(new URL(`../../../samples/notebooks/${name}.pulse.md`, import.meta.url), 'utf8');
      const run = await runNotebook(session, text, { maxRows: 100 });
      expect(run.results.filter((result) => result.status !== 'ok'), name).toEqual([]);
    }
  });

  it('evaluates the model of all pulse cells into scores, as of the date asked', async () => {
    const run = await runNotebook(session, healthReview, { asof: '2025-03-31' });
    expect(run.asof).toBe('2025-03-31');
    const pulse = run.results.filter((result) => result.kind === 'pulse');
    expect(pulse).toHaveLength(5);
    for (const result of pulse) expect(result).toMatchObject({ status: 'ok', rows: 600 });
    const atRisk = run.results.find((result) => result.kind === 'sql');
    // The at-risk list is exactly the scores rows in the segment, read independently here.
    const direct = rowsOf(await session.query('SELECT count(*) AS n FROM scores WHERE at_risk'));
    expect(atRisk?.status === 'ok' && atRisk.kind === 'sql' ? atRisk.table.rowCount : -1).toBe(direct[0]?.n);
  });

  it('runs a backtest chart after everything else, outside the session\'s turn', async () => {
    const text = `${healthReview}\n\`\`\`chart\nbacktest health within 90 days from 2024-06-30 to 2024-12-31 quarterly\n\`\`\`\n`;
    const order: string[] = [];
    const running = runNotebook(session, text, { onResult: (result) => order.push(`${result.kind}:${result.index}`) });
    // Another piece of work waits for the run's turn, but not for its backtests.
    await takeTurn(session, undefined, async () => order.push('other work'));
    const run = await running;
    const backtests = order.filter((entry) => run.results.some((result) => `${result.kind}:${result.index}` === entry && result.kind === 'chart'
      && /backtest|grade_migration/.test(parseNotebook(text).cells[result.index]!.source)));
    expect(backtests).toHaveLength(4);
    // Every other cell is reported before the first backtest, and the other work comes in between.
    expect(order.indexOf('other work')).toBeLessThan(order.indexOf(backtests[0]!));
    expect(order.slice(order.indexOf(backtests[0]!))).toEqual(backtests);
    expect(run.results.filter((result) => result.status !== 'ok')).toEqual([]);
  });

  it("runs the validating charts of one run after another run's, never at the same time", async () => {
    const cells = parseNotebook(healthReview).cells;
    const validating = cells.flatMap((cell, index) => (cell.kind === 'chart' && /^(backtest|grade_migration)\b/.test(cell.source.trim()) ? [index] : []));
    expect(validating).toHaveLength(3);
    const order: string[] = [];
    const runs = ['a', 'b'].map((name) => runNotebook(session, healthReview, { onResult: (result) => order.push(`${name}:${result.index}`) }));
    for (const run of await Promise.all(runs)) expect(run.results.filter((result) => result.status !== 'ok')).toEqual([]);
    const charts = order.filter((entry) => validating.includes(Number(entry.split(':')[1])));
    expect(charts).toEqual([...validating.map((index) => `a:${index}`), ...validating.map((index) => `b:${index}`)]);
    // Run b's quick cells did not wait for run a's backtests.
    expect(order.indexOf(`b:${cells.findIndex((cell) => cell.kind === 'sql')}`)).toBeLessThan(order.indexOf(`a:${validating.at(-1)}`));
  });

  it('runs only the changed cell and what depends on it', async () => {
    const cells = `\`\`\`pulse
measure seats_twice = seats * 2
\`\`\`
\`\`\`sql big
select account_id, seats_twice from scores where seats_twice > 100
\`\`\`
\`\`\`sql count_big
select count(*) as n from big
\`\`\`
\`\`\`sql unrelated
select 42 as answer
\`\`\`
\`\`\`chart
{ "data": {"name": "count_big"}, "mark": "bar", "encoding": {"y": {"field": "n", "type": "quantitative"}} }
\`\`\`
`;
    expect(summary((await runNotebook(session, cells, { cells: [0] })).results)).toEqual(['0:pulse:ok', '1:sql:ok', '2:sql:ok', '4:chart:ok']);
    expect(summary((await runNotebook(session, cells, { cells: [2] })).results)).toEqual(['2:sql:ok', '4:chart:ok']);
    expect(summary((await runNotebook(session, cells, { cells: [3] })).results)).toEqual(['3:sql:ok']);
    const all = await runNotebook(session, cells);
    const chart = all.results.find((result) => result.kind === 'chart');
    const counted = rowsOf(await session.query('SELECT count(*) AS n FROM accounts WHERE seats * 2 > 100'));
    // The chart's data is the named result it reads, inline.
    expect(chart?.status === 'ok' && chart.kind === 'chart' ? (chart.spec as { data: { values: unknown[] } }).data.values : null).toEqual(counted);
  });

  it('reports errors at their place and skips what depends on them', async () => {
    const text = healthReview.replace('seat_use * 150', 'seat_uze * 150');
    const run = await runNotebook(session, text);
    const score = run.results.find((result) => result.kind === 'pulse' && result.status === 'error' && result.diagnostics?.length);
    expect(score).toMatchObject({ status: 'error', message: 'unknown name `seat_uze` — did you mean `seat_use`?' });
    // The score cell's own line 3, where `seat_uze` stands — not the line in the joined model.
    expect(score?.status === 'error' ? score.diagnostics?.[0]?.range : null).toEqual({ start: { line: 3, column: 31 }, end: { line: 3, column: 39 } });
    expect(run.results.filter((result) => result.kind !== 'pulse').every((result) => result.status === 'skipped')).toBe(true);
  });

  it('refuses SQL that writes or reads outside the sandbox, with a clear message', async () => {
    const run = await runNotebook(session, "```sql\nselect * from read_csv('/etc/passwd')\n```\n```sql\ndrop table accounts\n```\n```sql\nselect count(*) as n from accounts\n```\n");
    expect(run.results.map((result) => (result.status === 'error' ? result.message : result.status))).toEqual([
      'Cannot access file "/etc/passwd" - file system operations are disabled by configuration',
      'A SQL cell only reads data: this statement would change tables, settings or files. Write a SELECT query; load files with the data panel or `pulse load`.',
      'ok',
    ]);
  });

  it('cancels a run whose signal aborts', async () => {
    const controller = new AbortController();
    const pending = runNotebook(session, '```sql\nselect count(*) from range(1000000000) a, range(100000) b where a.range + b.range = 1\n```\n', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((caught: unknown) => caught);
    expect((error as PulseError).code).toBe('query_cancelled');
    // The session is free again for the next run.
    expect(summary((await runNotebook(session, '```sql\nselect 1\n```\n')).results)).toEqual(['0:sql:ok']);
  });

  it('keeps a chart line\'s mistakes as diagnostics on its cell', async () => {
    const run = await runNotebook(session, '```chart\nnps by teir\n```\n');
    expect(run.results[0]).toMatchObject({ status: 'error', message: 'unknown column `teir` — did you mean `tier`?' });
  });
});
