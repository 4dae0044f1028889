import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/workbench-server.ts';

const MODEL = `entity account = accounts key account_id
source usage = usage_events time occurred_at
source tix = no_such_table time opened_at`;

const MEASURES = `# measures
measure logins = count(usage where event = 'login' during last 30 days)
measure bad = nosuch + 1`;

interface Diagnostic { code: string; message: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }

describe('language routes (docs/workbench-api.md, "Language service")', () => {
  let wb: ApiServer;

  beforeAll(async () => {
    wb = await startApiServer();
    await wb.session.execute(`
      CREATE TABLE accounts AS SELECT * FROM (VALUES (1, 'Acme', 10)) t(account_id, name, seats);
      CREATE TABLE usage_events AS SELECT * FROM (VALUES (1, 7, TIMESTAMP '2025-06-01 10:00:00', 'login')) t(account_id, user_id, occurred_at, event);`);
  });

  afterAll(() => wb.close());

  it('gives each cell its own diagnostics, with ranges relative to that cell', async () => {
    const second = await wb.send('POST', '/api/language/diagnostics', { body: { cells: [MODEL, MEASURES], cell: 1 } });
    expect(second.status).toBe(200);
    const diagnostics = second.json.diagnostics as Diagnostic[];
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toMatch(/nosuch/);
    expect(diagnostics[0]!.range).toEqual({ start: { line: 3, column: 15 }, end: { line: 3, column: 21 } });

    const first = await wb.send('POST', '/api/language/diagnostics', { body: { cells: [MODEL, MEASURES], cell: 0 } });
    const own = first.json.diagnostics as Diagnostic[];
    expect(own).toHaveLength(1);
    expect(own[0]!.message).toMatch(/no_such_table/);
    expect(own[0]!.range.start).toEqual({ line: 3, column: 14 });
    // The measure `bad` is not reported in the first cell, though it is part of the same model.
    expect(own.some((d) => /nosuch\b/.test(d.message))).toBe(false);
  });

  it('sees names declared in another cell of the same model', async () => {
    const response = await wb.send('POST', '/api/language/diagnostics', { body: { cells: [MODEL.split('\n').slice(0, 2).join('\n'), 'measure n = count(usage)'], cell: 1 } });
    expect(response.json.diagnostics).toEqual([]);
  });

  it('completes the columns of a source after `usage.`, with the range in the cell', async () => {
    const cell = 'measure users = count distinct usage.';
    const response = await wb.send('POST', '/api/language/completions', { body: { cells: [MODEL, MEASURES, cell], cell: 2, position: { line: 1, column: cell.length + 1 } } });
    expect(response.status).toBe(200);
    const labels = (response.json.items as { label: string; kind: string }[]).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['account_id', 'user_id', 'occurred_at', 'event']));
    expect(labels).not.toContain('seats');
    expect(response.json.range).toEqual({ start: { line: 1, column: cell.length + 1 }, end: { line: 1, column: cell.length + 1 } });
  });

  it('hovers a name in a later cell with a cell-relative range', async () => {
    const response = await wb.send('POST', '/api/language/hover', { body: { cells: [MODEL, MEASURES], cell: 1, position: { line: 2, column: 26 } } });
    expect(response.status).toBe(200);
    expect(response.json.range).toEqual({ start: { line: 2, column: 24 }, end: { line: 2, column: 29 } });
    expect(response.json.contents).toMatch(/usage_events/);
    const nothing = await wb.send('POST', '/api/language/hover', { body: { cells: [MODEL, MEASURES], cell: 1, position: { line: 1, column: 1 } } });
    expect(nothing.status).toBe(200);
    expect(nothing.json).toBeNull();
  });

  it('formats a cell, and leaves text with a syntax error as it is', async () => {
    const formatted = await wb.send('POST', '/api/language/format', { body: { text: 'MEASURE   x=count( usage )' } });
    expect(formatted.json).toEqual({ text: 'measure x = count(usage)\n' });
    const broken = 'measure x = = count(';
    expect((await wb.send('POST', '/api/language/format', { body: { text: broken } })).json).toEqual({ text: broken });
  });

  it('serves the Monarch grammar with regular expressions as source strings', async () => {
    const response = await wb.send('GET', '/api/language/grammar');
    expect(response.status).toBe(200);
    const { monarch, configuration } = response.json;
    expect(monarch.keywords).toEqual(expect.arrayContaining(['measure', 'score', 'segment']));
    const root = monarch.tokenizer.root as [string, unknown][];
    expect(root.every(([pattern]) => typeof pattern === 'string' && new RegExp(pattern) instanceof RegExp)).toBe(true);
    expect(root).toContainEqual(['#[^\\n\\r]*', 'comment']);
    expect(new RegExp(configuration.wordPattern).test('logins_30d')).toBe(true);
    expect(typeof configuration.indentationRules.increaseIndentPattern).toBe('string');
  });

  it('answers bad requests with 400', async () => {
    for (const body of [{ cells: 'x', cell: 0 }, { cells: ['a'], cell: 1 }, { cells: ['a'], cell: -1 }, { cells: ['a'] }]) {
      const response = await wb.send('POST', '/api/language/diagnostics', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code).toBe('bad_argument');
    }
    const noPosition = await wb.send('POST', '/api/language/completions', { body: { cells: ['a'], cell: 0 } });
    expect(noPosition.status).toBe(400);
    expect(noPosition.json.error.message).toMatch(/position/);
  });
});
