import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, DIST_DIR } from '../../../workbench/client/build.ts';
import { folderDigest } from '../../helpers/folder-digest.ts';
import { startApiServer, type ApiResponse, type ApiServer } from '../../helpers/workbench-server.ts';

/*
 * The launch token guards every route of the API, however its path is spelled (DESIGN.md §9,
 * issue 9 item 1): a table of every route × spellings a router or a file server might take for
 * the same route (case, doubled or dot segments, percent-encoding, a trailing slash, the
 * absolute form) × the route's method, HEAD and OPTIONS, sent without the token. None may
 * answer 2xx or 3xx, return data, or change a file of the data or notebooks folders.
 */

/** Strings that only the data and the notebooks hold: no refused request's answer may contain them. */
const TABLE = 'zq_marker_table';
const SECRET = 'zq-secret-prose-7391';
const NOTEBOOK = `# Guarded\n\n${SECRET}\n\n\`\`\`pulse\nentity account = ${TABLE} key id\nmeasure doubled = mrr * 2\n\`\`\`\n\n\`\`\`sql\nselect * from ${TABLE}\n\`\`\`\n`;
const CSV = `id,mrr\n1,100\n2,250\n`;

type Route = readonly [method: string, path: string, body?: unknown];

/** Every route of docs/workbench-api.md (and workbench/server/routes/*.ts), with a body that would act if it got through. */
function apiRoutes(version: string): Route[] {
  const cells = { cells: [`entity account = ${TABLE} key id`], cell: 0 };
  return [
    ['GET', '/api/tables'],
    ['POST', '/api/upload?name=evil.csv', Buffer.from('id,x\n1,2\n')],
    ['GET', '/api/notebooks'],
    ['POST', '/api/notebooks', { name: 'evil' }],
    ['GET', '/api/notebooks/guarded.pulse.md'],
    ['PUT', '/api/notebooks/guarded.pulse.md', { text: 'pwned', baseVersion: version }],
    ['PUT', '/api/notebooks/evil.pulse.md', { text: 'pwned', baseVersion: null }],
    ['POST', '/api/notebooks/guarded.pulse.md/rename', { to: 'stolen' }],
    ['POST', '/api/run', { text: NOTEBOOK }],
    ['POST', '/api/run/cancel', { channel: 'tab-1/guarded.pulse.md' }],
    ['POST', '/api/explain', { text: NOTEBOOK, score: 'health', accountId: 1 }],
    ['POST', '/api/what-if', { savedText: NOTEBOOK, draftText: NOTEBOOK }],
    ['POST', '/api/language/diagnostics', cells],
    ['POST', '/api/language/completions', { ...cells, position: { line: 1, column: 30 } }],
    ['POST', '/api/language/hover', { ...cells, position: { line: 1, column: 30 } }],
    ['POST', '/api/language/format', { text: `measure   doubled=mrr*2` }],
    ['GET', '/api/language/grammar'],
  ];
}

/** Spellings of a route's path (`/api/…`, without its query) that some part of a server might take for the route. */
function spellings(path: string, port: number): [name: string, spelled: string][] {
  const rest = path.slice('/api/'.length);
  const encodeFirst = (text: string) => `%${text.charCodeAt(0).toString(16).toUpperCase()}${text.slice(1)}`;
  return [
    ['upper-case /API/', `/API/${rest}`],
    ['mixed-case /Api/', `/Api/${rest}`],
    ['all upper case', path.toUpperCase()],
    ['upper-case after /api/', `/api/${rest.toUpperCase()}`],
    ['//api/', `/${path}`],
    ['/api//', `/api//${rest}`],
    ['/api/./', `/api/./${rest}`],
    ['/./api/', `/.${path}`],
    ['/x/../api/', `/x/..${path}`],
    ['/api/x/../', `/api/x/../${rest}`],
    ['/%61pi/', `/%61pi/${rest}`],
    ['/%41PI/', `/%41PI/${rest}`],
    ['/api%2F', `/api%2F${rest}`],
    ['/api%2f', `/api%2f${rest}`],
    ['an encoded letter after /api/', `/api/${encodeFirst(rest)}`],
    ['a trailing slash', `${path}/`],
    ['a backslash', `/api\\${rest}`],
    ['the absolute form', `http://127.0.0.1:${port}${path}`],
  ];
}

/** The request's path spelled another way, its query kept. */
function respelled(route: Route, spell: (path: string) => string): string {
  const [path, query] = route[1].split('?');
  return spell(path!) + (query === undefined ? '' : `?${query}`);
}

describe('the launch token guards every API route, however its path is spelled', () => {
  let wb: ApiServer;
  let routes: Route[];

  beforeAll(async () => {
    await buildClient();
    wb = await startApiServer();
    expect((await wb.send('POST', '/api/upload?name=zq_marker_table.csv', { body: Buffer.from(CSV) })).status).toBe(200);
    const saved = await wb.send('PUT', '/api/notebooks/guarded.pulse.md', { body: { text: NOTEBOOK, baseVersion: null } });
    expect(saved.status).toBe(200);
    routes = apiRoutes(saved.json.version);
  });

  afterAll(() => wb?.close());

  /** What a refused request answered that it should not have: a success or redirect, or data. */
  function leak(response: ApiResponse): string | null {
    if (response.status < 400 || response.status >= 500) return `status ${response.status}`;
    if (response.text.includes(TABLE) || response.text.includes(SECRET) || response.text.includes('monarch')) return 'data in the body';
    if (response.json !== undefined && Object.keys(response.json).join() !== 'error') return `a body that is not an error: ${response.text.slice(0, 80)}`;
    return null;
  }

  it('without the token, answers no route in any spelling or method, and changes no file', async () => {
    const before = await folderDigest(wb.dataDir, wb.notebooksDir);
    const through: string[] = [];
    let sent = 0;
    for (const route of routes) {
      const [method, path, body] = route;
      const variants: [string, string][] = [['as documented', path], ...spellings(path.split('?')[0]!, wb.server.port).map(([name, spelled]) => [name, respelled(route, () => spelled)] as [string, string])];
      for (const [name, spelled] of variants) {
        for (const verb of [method, 'HEAD', 'OPTIONS']) {
          const response = await wb.send(verb, spelled, { body: verb === method ? body : undefined, headers: { Authorization: null } });
          sent++;
          const leaked = leak(response);
          if (leaked) through.push(`${verb} ${spelled} (${method} ${path}, ${name}): ${leaked}`);
        }
      }
    }
    if (through.length > 0) console.log(`Got through without the token (${through.length} of ${sent}):\n${through.join('\n')}`);
    expect(sent).toBe(routes.length * (spellings('/api/x', 0).length + 1) * 3);
    expect(through).toEqual([]);
    expect(await folderDigest(wb.dataDir, wb.notebooksDir)).toEqual(before);
  });

  it('with the token, answers each route under its documented spelling only', async () => {
    const grammar = await wb.send('GET', '/api/language/grammar');
    expect(grammar.status).toBe(200);
    expect(Object.keys(grammar.json)).toEqual(['monarch', 'configuration']);
    const tables = await wb.send('GET', '/api/tables');
    expect(tables.json.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toContainEqual([TABLE, 2]);

    // %-escapes stay for what needs them: a space, a letter outside ASCII, a folder's `/`.
    const created = await wb.send('POST', '/api/notebooks', { body: { name: 'team/Q3 revue été' } });
    expect(created.status).toBe(201);
    expect(created.json.path).toBe('team/Q3 revue été.pulse.md');
    const encoded = '/api/notebooks/team%2FQ3%20revue%20%C3%A9t%C3%A9.pulse.md';
    expect(encoded).toBe(`/api/notebooks/${encodeURIComponent(created.json.path)}`);
    expect((await wb.send('GET', encoded)).json.text).toBe(created.json.text);

    const before = await folderDigest(wb.dataDir, wb.notebooksDir);
    const answered: string[] = [];
    for (const route of routes) {
      const [method, path, body] = route;
      for (const [name, spelled] of spellings(path.split('?')[0]!, wb.server.port)) {
        const response = await wb.send(method, respelled(route, () => spelled), { body });
        if (response.status < 400 || response.status >= 500) answered.push(`${method} ${spelled} (${name}): status ${response.status}`);
      }
    }
    expect(answered).toEqual([]);
    expect(await folderDigest(wb.dataDir, wb.notebooksDir)).toEqual(before);
  });

  it('serves the page and every file it loads without the token, and nothing else of its folder', async () => {
    const files = (await readdir(DIST_DIR, { withFileTypes: true, recursive: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(DIST_DIR, join(entry.parentPath, entry.name)));
    const page = files.filter((file) => !file.split('/').some((part) => part.startsWith('.')));
    expect(page).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app.css', 'editor.worker.js', 'favicon.svg']));
    for (const file of page) {
      const response = await wb.send('GET', `/${file}`, { headers: { Authorization: null } });
      expect(response.status, file).toBe(200);
      expect(response.text, file).toBe(await readFile(join(DIST_DIR, file), 'utf8'));
      expect((await wb.send('HEAD', `/${file}`, { headers: { Authorization: null } })).status, file).toBe(200);
    }
    for (const start of ['/', `/?token=${wb.server.token}`]) {
      const response = await wb.send('GET', start, { headers: { Authorization: null } });
      expect(response.status).toBe(200);
      expect(response.text).toBe(await readFile(join(DIST_DIR, 'index.html'), 'utf8'));
    }
    for (const hidden of files.filter((file) => !page.includes(file))) {
      expect((await wb.send('GET', `/${hidden}`, { headers: { Authorization: null } })).status, hidden).toBeGreaterThanOrEqual(400);
    }
  });
});
