import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RUNS_IN_PROGRESS, RUN_RETRY_AFTER_SECONDS } from '../../../workbench/server/run-channels.ts';
import { startApiServer, type ApiResponse, type ApiServer } from '../../helpers/workbench-server.ts';

/** A query that runs until it is stopped: it holds the session's turn for as long as the test needs. */
const RUNAWAY = 'select count(*) from range(1000000000) a, range(100000) b';

/** A notebook of the given cells, as the editor sends it. */
function notebook(...cells: [kind: string, source: string][]): string {
  return ['# Load', '', ...cells.map(([kind, source]) => `\`\`\`${kind}\n${source}\n\`\`\`\n`)].join('\n');
}

const QUICK = notebook(['sql', "select name from plans where id = 2"]);

describe('POST /api/run under load: runs are bounded, other routes answer meanwhile (issue 9 item 4)', () => {
  let wb: ApiServer;

  beforeAll(async () => {
    // Long enough that the runaway query holds the turn until the test cancels it.
    wb = await startApiServer({ queryTimeoutMs: 600_000 });
    await wb.session.execute(`CREATE TABLE plans AS SELECT * FROM (VALUES (1, 'basic', 10), (2, 'pro', 50)) t(id, name, mrr)`);
  });

  afterAll(() => wb.close());

  it(`admits ${MAX_RUNS_IN_PROGRESS} runs at a time, refuses the rest with 429 and Retry-After, and answers tables, notebooks and language while they wait`, async () => {
    // 1. A run that holds the session's turn: its first cell has streamed, its runaway query runs.
    const blocker = wb.stream('POST', '/api/run', { body: { text: notebook(['sql', 'select 1 as started'], ['sql', RUNAWAY]), channel: 'blocker' }, headers: { Accept: 'application/x-ndjson' } });
    expect(JSON.parse((await blocker.firstChunk).split('\n')[0]!)).toMatchObject({ type: 'result', result: { index: 1, status: 'ok' } });

    // 2. A tab whose user keeps typing: each run replaces the one before on its channel (which
    // answers 409 once replaced), so the tab never holds more than one place.
    const typed = () => wb.send('POST', '/api/run', { body: { text: QUICK, channel: 'tab-1/load.pulse.md' } });
    let typing = typed();
    for (let i = 0; i < 5; i++) {
      const next = typed();
      const [replaced, kept] = await Promise.race([typing.then((r) => [r, next] as const), next.then((r) => [r, typing] as const)]);
      expect(replaced.status).toBe(409);
      expect(replaced.json.error.code).toBe('superseded');
      typing = kept;
    }

    // 3. Fifty runs at once, from clients without a channel: the places left are taken, the rest refused.
    const admitted = MAX_RUNS_IN_PROGRESS - 2;
    const refused: ApiResponse[] = [];
    let allRefused: () => void = () => {};
    const refusedAnswered = new Promise<void>((resolve) => {
      allRefused = resolve;
    });
    const runs = Array.from({ length: 50 }, () => wb.send('POST', '/api/run', { body: { text: QUICK } }).then((response) => {
      if (response.status !== 200) refused.push(response);
      if (refused.length === 50 - admitted) allRefused();
      return response;
    }));
    await refusedAnswered;
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe(String(RUN_RETRY_AFTER_SECONDS));
      expect(response.json.error).toEqual({
        code: 'busy', place: {},
        message: `Pulse is already running ${MAX_RUNS_IN_PROGRESS} notebook runs; this one was not started.`,
        hint: `Try again in ${RUN_RETRY_AFTER_SECONDS} s (a run on the same channel replaces its previous one instead of waiting).`,
      });
    }

    // 4. While the admitted runs wait behind the blocker, the other routes answer, with the right data.
    let runsAnswered = 0;
    for (const run of [...runs, typing]) void run.then(() => runsAnswered++);
    const tables = await wb.send('GET', '/api/tables');
    expect(tables.status).toBe(200);
    expect(tables.json.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toEqual([['plans', 2]]);
    const notebooks = await wb.send('GET', '/api/notebooks');
    expect(notebooks.status).toBe(200);
    expect(notebooks.json).toEqual({ notebooks: [] });
    const diagnostics = await wb.send('POST', '/api/language/diagnostics', { body: { cells: ['entity plan = plans key id'], cell: 0 } });
    expect(diagnostics.json).toEqual({ diagnostics: [] });
    expect((await wb.send('GET', '/api/language/grammar')).status).toBe(200);
    // Only the refused runs have answered: every admitted one is still waiting.
    expect(runsAnswered).toBe(50 - admitted);

    // 5. Cancelling the blocker lets the admitted runs through, each with its result.
    expect((await wb.send('POST', '/api/run/cancel', { body: { channel: 'blocker' } })).json).toEqual({ cancelled: true });
    expect((await blocker.done).text.trim().split('\n').at(-1)).toBe(JSON.stringify({ type: 'error', error: { code: 'query_cancelled', message: 'The run was cancelled.', place: {} } }));
    const answered = await Promise.all(runs);
    expect(answered.filter((response) => response.status === 200).length).toBe(admitted);
    for (const response of [...answered.filter((r) => r.status === 200), await typing]) {
      expect(response.json.results.map((result: { index: number; table: { data: unknown[][] } }) => [result.index, result.table.data])).toEqual([[1, [['pro']]]]);
    }
    // With the load gone, a run is admitted again.
    expect((await wb.send('POST', '/api/run', { body: { text: QUICK } })).status).toBe(200);
  });
});
