import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/workbench-server.ts';

const TIME_LIMIT_MS = 1500;
const RUNAWAY = 'select count(*) from range(1000000000) a, range(100000) b';

/** A notebook of the given cells, as the editor sends it. */
function notebook(...cells: [kind: string, source: string][]): string {
  return ['# Test', '', ...cells.map(([kind, source]) => `\`\`\`${kind}\n${source}\n\`\`\`\n`)].join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /api/run', () => {
  let wb: ApiServer;

  beforeAll(async () => {
    wb = await startApiServer({ queryTimeoutMs: TIME_LIMIT_MS });
    await wb.session.execute(`CREATE TABLE plans AS SELECT * FROM (VALUES (1, 'basic', 10), (2, 'pro', 50)) t(id, name, mrr)`);
  });

  afterAll(() => wb.close());

  it('runs the cells and answers one result per cell that ran, at most 10,000 rows each', async () => {
    const text = notebook(['sql pro', "select * from plans where name = 'pro'"], ['sql', 'select mrr * 12 as arr from pro'], ['sql', 'select * from range(25000)']);
    const response = await wb.send('POST', '/api/run', { body: { text } });
    expect(response.status).toBe(200);
    const { results } = response.json;
    expect(results.map((r: { index: number; kind: string; status: string }) => [r.index, r.kind, r.status])).toEqual([[1, 'sql', 'ok'], [3, 'sql', 'ok'], [5, 'sql', 'ok']]);
    expect(results[1].table.data).toEqual([[600]]);
    expect(results[2].table.rowCount).toBe(10_000);
    expect(results[2].table.truncated).toBe(true);

    const only = await wb.send('POST', '/api/run', { body: { text, cells: [3] } });
    expect(only.json.results.map((r: { index: number }) => r.index)).toEqual([3]);
  });

  it('evaluates the model of the pulse cells into `scores` for the sql cells, as of the date asked', async () => {
    const text = notebook(
      ['pulse', 'entity account = plans key id\nmeasure yearly = mrr * 12'],
      ['sql', 'select id, yearly from scores order by id'],
    );
    const response = await wb.send('POST', '/api/run', { body: { text, asof: '2025-06-30', channel: 'tab-1/model.pulse.md' } });
    expect(response.status).toBe(200);
    expect(response.json.asof).toBe('2025-06-30');
    expect(response.json.results.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([[1, 'ok'], [3, 'ok']]);
    expect(response.json.results[1].table.data).toEqual([[1, 2], [120, 600]]);
  });

  it("refuses SQL that reads outside the data and notebook folders, with a clear message in the cell's result", async () => {
    const response = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', "select * from read_csv('/etc/passwd')"]) } });
    expect(response.status).toBe(200);
    const [result] = response.json.results;
    expect(result).toMatchObject({ index: 1, kind: 'sql', status: 'error' });
    expect(result.message).toMatch(/\/etc\/passwd/);
    expect(result.message).toMatch(/disabled|not allowed|permission/i);
    expect(JSON.stringify(response.json)).not.toMatch(/root:x:0:0/);

    const write = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', "copy plans to '/tmp/pulse-stolen.csv'"]) } });
    expect(write.json.results[0].status).toBe('error');
    expect(write.json.results[0].message).toMatch(/disabled by configuration|only reads data/);
    await expect(stat('/tmp/pulse-stolen.csv')).rejects.toThrow(/ENOENT/);
  });

  it('stops a runaway cross join at the time limit, while GET /api/tables is answered promptly', async () => {
    const started = performance.now();
    const run = wb.send('POST', '/api/run', { body: { text: notebook(['sql', RUNAWAY]) } });
    await sleep(300);
    const tables = await wb.send('GET', '/api/tables');
    expect(tables.status).toBe(200);
    expect(tables.json.tables.map((t: { name: string }) => t.name)).toContain('plans');
    const response = await run;
    expect(tables.ms).toBeLessThan(TIME_LIMIT_MS);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.json.results[0]).toMatchObject({ kind: 'sql', status: 'error' });
    expect(response.json.results[0].message).toBe('The query ran longer than the 1.5 s time limit and was stopped. Narrow it (a filter, a LIMIT, fewer joins) or raise the limit with --query-timeout.');
    expect(elapsed).toBeGreaterThanOrEqual(TIME_LIMIT_MS - 50);
    expect(elapsed).toBeLessThan(TIME_LIMIT_MS + 5000);
    // The session is usable at once.
    const after = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1 as one']) } });
    expect(after.json.results[0].table.data).toEqual([[1]]);
  });

  it('aborts a run superseded on its channel (409 superseded) and answers the new one', async () => {
    const first = wb.send('POST', '/api/run', { body: { text: notebook(['sql', RUNAWAY]), channel: 'tab-1/a.pulse.md' } });
    await sleep(300);
    const started = performance.now();
    const other = wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 2 as two']), channel: 'tab-2/a.pulse.md' } });
    const second = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1 as one']), channel: 'tab-1/a.pulse.md' } });
    const superseded = await first;
    expect(superseded.status).toBe(409);
    expect(superseded.json.error.code).toBe('superseded');
    expect(second.status).toBe(200);
    expect(second.json.results[0].table.data).toEqual([[1]]);
    // Well before the first run's time limit: it was interrupted, not waited for.
    expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
    // Another channel is not affected.
    expect((await other).json.results[0].table.data).toEqual([[2]]);
  });

  it('cancels a channel\'s run on POST /api/run/cancel', async () => {
    const run = wb.send('POST', '/api/run', { body: { text: notebook(['sql', RUNAWAY]), channel: 'tab-1/b.pulse.md' } });
    await sleep(300);
    const cancel = await wb.send('POST', '/api/run/cancel', { body: { channel: 'tab-1/b.pulse.md' } });
    expect(cancel.json).toEqual({ cancelled: true });
    const response = await run;
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe('query_cancelled');
    expect((await wb.send('POST', '/api/run/cancel', { body: { channel: 'tab-1/b.pulse.md' } })).json).toEqual({ cancelled: false });
  });

  describe('streamed, for a client that accepts application/x-ndjson', () => {
    const NDJSON = { Accept: 'application/x-ndjson' };
    const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; result?: { index: number; status: string }; asof?: string; error?: { code: string } });

    it('answers a line per cell as it finishes, the charts that backtest last, then done', async () => {
      const text = notebook(
        ['pulse', 'entity account = plans key id\nmeasure yearly = mrr * 12\nscore value { by_mrr weight 1 = band yearly { >= 600: 100, else: 20 }\n  grades { high >= 50, low } }'],
        ['chart', 'backtest value within 30 days from 2025-01-01 to 2025-03-01'],
        ['sql', 'select count(*) as n from scores'],
      );
      const response = await wb.send('POST', '/api/run', { body: { text, asof: '2025-06-30' }, headers: NDJSON });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const received = lines(response.text);
      // The model, then the sql cell (index 5) before the backtest (index 3), then the end.
      expect(received.map((line) => (line.type === 'result' ? line.result!.index : line.type))).toEqual([1, 5, 3, 'done']);
      expect(received[3]).toEqual({ type: 'done', asof: '2025-06-30' });
      // The backtest has no subscriptions to read churn from here: its own error, in its line.
      expect(received[2]!.result).toMatchObject({ index: 3, kind: 'chart', status: 'error' });
      // The same results as without streaming.
      const whole = await wb.send('POST', '/api/run', { body: { text, asof: '2025-06-30' } });
      // Timings differ from run to run; everything else must not.
      const strip = (result: Record<string, unknown>) => JSON.parse(JSON.stringify(result, (key, value: unknown) => (key === 'elapsedMs' ? 0 : value)));
      expect(received.slice(0, 3).map((line) => strip(line.result as never)).sort((a, b) => (a.index as number) - (b.index as number)))
        .toEqual(whole.json.results.map(strip));
    });

    it('sends the first results before a slow cell ends; a cancel then ends the stream with its error line', async () => {
      const channel = 'tab-1/streamed.pulse.md';
      const text = notebook(['sql', 'select 1 as quick'], ['sql', RUNAWAY]);
      const stream = wb.stream('POST', '/api/run', { body: { text, channel }, headers: NDJSON });
      const first = lines(await stream.firstChunk);
      expect(first).toEqual([{ type: 'result', result: expect.objectContaining({ index: 1, status: 'ok' }) }]);
      expect((await wb.send('POST', '/api/run/cancel', { body: { channel } })).json).toEqual({ cancelled: true });
      const all = lines((await stream.done).text);
      expect(all.at(-1)).toEqual({ type: 'error', error: expect.objectContaining({ code: 'query_cancelled' }) });
    });

    it('before the first line, a failure is an ordinary HTTP error', async () => {
      const bad = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1']), asof: 'soon' }, headers: NDJSON });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/calendar date/);
    });
  });

  it('answers bad requests with 400, and needs the token', async () => {
    expect((await wb.send('POST', '/api/run', { body: { cells: [0] } })).status).toBe(400);
    expect((await wb.send('POST', '/api/run', { body: { text: 'x', cells: ['a'] } })).json.error.message).toMatch(/cells/);
    expect((await wb.send('POST', '/api/run/cancel', { body: {} })).status).toBe(400);
    for (const asof of ['garbage', '2025-02-30']) {
      const bad = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1']), asof } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/calendar date/);
    }
    const noToken = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1']) }, headers: { Authorization: null } });
    expect(noToken.status).toBe(401);
    const evil = await wb.send('POST', '/api/run', { body: { text: notebook(['sql', 'select 1']) }, headers: { Origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
  });
});
