import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/workbench-server.ts';

const TIME_LIMIT_MS = 1500;
const RUNAWAY = 'select count(*) from range(1000000000) a, range(100000) b';

/** A notebook of the given cells, as the editor sends it. */
function notebook(...cells: [kind: string, source: string][]): string {
  return ['# Health', '', ...cells.map(([kind, source]) => `\`\`\`${kind}\n${source}\n\`\`\`\n`)].join('\n');
}

/**
 * Accounts 1–3; logins in the 30 days up to 2025-06-30 — the window (05-31, 06-30] — and mrr:
 * account 1: 3 logins, 1200; account 2: 1 login, 1200; account 3: none, 600.
 */
const DATA = `
CREATE TABLE accounts AS SELECT * FROM (VALUES (1, 1200), (2, 1200), (3, 600)) t(account_id, mrr);
CREATE TABLE usage_events AS SELECT account_id, CAST(occurred_at AS TIMESTAMP) AS occurred_at, 'login' AS event FROM (VALUES
  (1, '2025-06-02 10:00:00'), (1, '2025-06-03 10:00:00'), (1, '2025-06-04 10:00:00'), (2, '2025-06-30 10:00:00')
) t(account_id, occurred_at);
`;

const SOURCES = `entity account = accounts key account_id
source usage = usage_events time occurred_at
measure logins = count(usage where event = 'login' during last 30 days)`;

const score = (usageWeight: number, usageMeasure = 'logins') => `score health {
  usage weight ${usageWeight} = band ${usageMeasure} { >= 3: 100, >= 1: 50, else: 0 }
  value weight 50 = band mrr { >= 1000: 100, >= 500: 50, else: 0 }
  grades { green >= 70, yellow >= 40, red }
}
segment at_risk = health.grade = 'red'`;

/** The model in two pulse cells (indexes 1 and 5 of the notebook's cells: blank prose cells lie between), with SQL between them. */
const healthNotebook = (usageWeight: number, usageMeasure?: string) =>
  notebook(['pulse', SOURCES], ['sql', 'select * from scores'], ['pulse', score(usageWeight, usageMeasure)]);

describe('POST /api/explain and POST /api/what-if', () => {
  let wb: ApiServer;

  beforeAll(async () => {
    wb = await startApiServer({ queryTimeoutMs: TIME_LIMIT_MS });
    await wb.session.execute(DATA);
  });

  afterAll(() => wb.close());

  it('explains an account\'s score: components, measures, history and movers', async () => {
    // Account 1 as of 06-30: 3 logins → usage 100, mrr 1200 → value 100: score 100, green;
    // contributions 50 and 50. As of 05-31 (window (05-01, 05-31]): no logins → usage 0,
    // value 100 → score 50, yellow; contributions 0 and 50. The step: +50, all of it usage.
    const response = await wb.send('POST', '/api/explain', { body: { text: healthNotebook(50), score: 'health', accountId: 1, asof: '2025-06-30', history: 2 } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      accountId: 1, asof: '2025-06-30', value: 100, grade: 'green',
      components: [
        { name: 'usage', weight: 50, share: 0.5, value: 100, contribution: 50, measures: [{ name: 'logins', label: null, value: 3 }] },
        // mrr is a column of the entity, not a measure.
        { name: 'value', weight: 50, share: 0.5, value: 100, contribution: 50, measures: [] },
      ],
      history: [{ asof: '2025-05-31', value: 50, grade: 'yellow' }, { asof: '2025-06-30', value: 100, grade: 'green' }],
      movers: [{ from: '2025-05-31', to: '2025-06-30', change: 50, component: 'usage', contributionChange: 50 }],
    });
  });

  it('answers what a weight change would do to grades and segments', async () => {
    // Saved 50/50: 1: 100 green, 2: (2500 + 5000) / 100 = 75 green, 3: (0 + 2500) / 100 = 25 red.
    // Draft 80/50 (÷130): 1: 100 green, 2: 9000 / 130 = 69.23 yellow, 3: 2500 / 130 = 19.23 red.
    const response = await wb.send('POST', '/api/what-if', { body: { savedText: healthNotebook(50), draftText: healthNotebook(80), asof: '2025-06-30' } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      asof: '2025-06-30', accounts: 3,
      score: {
        name: 'health', moved: 1, changed: 2,
        saved: [{ grade: 'green', accounts: 2 }, { grade: 'yellow', accounts: 0 }, { grade: 'red', accounts: 1 }],
        draft: [{ grade: 'green', accounts: 1 }, { grade: 'yellow', accounts: 1 }, { grade: 'red', accounts: 1 }],
      },
      segments: [{ name: 'at_risk', saved: 1, draft: 1, entering: 0, leaving: 0, enteringIds: [], leavingIds: [] }],
      added: { scores: [], segments: [] },
      removed: { scores: [], segments: [] },
    });
    expect(response.json.score.transitions).toContainEqual({ from: 'green', to: 'yellow', accounts: 1 });
  });

  it('answers an unknown account with 404 naming it, and an unknown score with 400', async () => {
    const text = healthNotebook(50);
    for (const accountId of [99, 'acme']) {
      const response = await wb.send('POST', '/api/explain', { body: { text, score: 'health', accountId } });
      expect(response.status).toBe(404);
      expect(response.json.error).toEqual({ code: 'not_found', message: `there is no account \`${accountId}\`: no row of \`accounts\` has \`account_id\` = ${accountId}`, place: {} });
    }
    const unknownScore = await wb.send('POST', '/api/explain', { body: { text, score: 'wealth', accountId: 1 } });
    expect(unknownScore.status).toBe(400);
    expect(unknownScore.json.error.message).toBe('the model has no score `wealth` (its scores: `health`)');
  });

  it('answers bad requests with 400 naming the field, and needs the token', async () => {
    const text = healthNotebook(50);
    const cases: [path: string, body: unknown, message: RegExp][] = [
      ['/api/explain', { score: 'health', accountId: 1 }, /"text" must be a string/],
      ['/api/explain', { text, accountId: 1 }, /"score" must be a string/],
      ['/api/explain', { text, score: 'health' }, /"accountId" must be a string or a number/],
      ['/api/explain', { text, score: 'health', accountId: { id: 1 } }, /"accountId"/],
      ['/api/explain', { text, score: 'health', accountId: 1, history: 0 }, /"history" must be an integer of at least 1/],
      ['/api/explain', { text, score: 'health', accountId: 1, history: 100 }, /history must be a whole number of months from 1 to 36/],
      ['/api/explain', { text, score: 'health', accountId: 1, asof: '2025-02-30' }, /calendar date/],
      ['/api/explain', { text: notebook(['sql', 'select 1']), score: 'health', accountId: 1 }, /no pulse cell/],
      ['/api/what-if', { savedText: text }, /"draftText" must be a string/],
      ['/api/what-if', { savedText: text, draftText: text, segment: 'churned' }, /neither model has a segment `churned`/],
      ['/api/what-if', { savedText: text, draftText: text, asof: 'yesterday' }, /calendar date/],
    ];
    for (const [path, body, message] of cases) {
      const response = await wb.send('POST', path, { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code).toBe('bad_argument');
      expect(response.json.error.message).toMatch(message);
    }
    const notJson = await wb.send('POST', '/api/what-if', { body: Buffer.from('{'), headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('bad_request');
    const noToken = await wb.send('POST', '/api/explain', { body: { text, score: 'health', accountId: 1 }, headers: { Authorization: null } });
    expect(noToken.status).toBe(401);
  });

  it('answers a model with errors with 400 and its diagnostics, by notebook cell (and by text for what-if)', async () => {
    const broken = healthNotebook(50, 'logns');
    const explain = await wb.send('POST', '/api/explain', { body: { text: broken, score: 'health', accountId: 1 } });
    expect(explain.status).toBe(400);
    expect(explain.json.error.code).toBe('bad_argument');
    // The score's cell is cell 5; the typo is on its second line, column 26.
    expect(explain.json.error.message).toMatch(/^The model has an error \(cell 5, line 2\): .*`logns`/);
    expect(explain.json.diagnostics).toEqual([expect.objectContaining({ cell: 5, severity: 'error', code: 'unknown-name', range: expect.objectContaining({ start: { line: 2, column: 26 } }) })]);

    const whatIf = await wb.send('POST', '/api/what-if', { body: { savedText: healthNotebook(50), draftText: broken } });
    expect(whatIf.status).toBe(400);
    expect(whatIf.json.error.message).toMatch(/^The draft's model has an error \(cell 5, line 2\)/);
    expect(whatIf.json.diagnostics).toEqual([expect.objectContaining({ text: 'draftText', cell: 5, code: 'unknown-name' })]);

    const both = await wb.send('POST', '/api/what-if', { body: { savedText: broken, draftText: broken } });
    expect(both.json.error.message).toMatch(/^The saved and the draft models have 2 errors/);
    expect(both.json.diagnostics.map((d: { text: string }) => d.text)).toEqual(['savedText', 'draftText']);
  });

  it('takes its turn after a notebook run on the session', async () => {
    const run = wb.send('POST', '/api/run', { body: { text: notebook(['sql', RUNAWAY]) } }).then((response) => ({ response, at: performance.now() }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whatIf = await wb.send('POST', '/api/what-if', { body: { savedText: healthNotebook(50), draftText: healthNotebook(80), asof: '2025-06-30' } });
    const answeredAt = performance.now();
    const { response, at } = await run;
    expect(response.json.results[0].message).toMatch(/time limit/);
    expect(whatIf.status).toBe(200);
    expect(answeredAt).toBeGreaterThanOrEqual(at);
  });
});
