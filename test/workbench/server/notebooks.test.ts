import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebookVersion } from '../../../engine/notebook/store.ts';
import { startApiServer, type ApiServer } from '../../helpers/workbench-server.ts';

const REVIEW = `# Q3 health review

Prose.

\`\`\`pulse
entity account = accounts key account_id
\`\`\`
`;

describe('notebook routes (docs/workbench-api.md, "Notebooks")', () => {
  let wb: ApiServer;
  const url = (path: string) => `/api/notebooks/${encodeURIComponent(path)}`;

  beforeAll(async () => {
    wb = await startApiServer();
    await mkdir(join(wb.notebooksDir, 'team'));
    await writeFile(join(wb.notebooksDir, 'team', 'churn.pulse.md'), '```pulse\n# not a title\n```\n\n# Churn deep dive\n');
    await writeFile(join(wb.notebooksDir, 'notes.md'), '# not a notebook\n');
    await writeFile(join(wb.notebooksDir, '.hidden.pulse.md'), '# hidden\n');
    await writeFile(join(wb.root, 'outside.pulse.md'), '# outside the folder\n');
    await symlink(join(wb.root, 'outside.pulse.md'), join(wb.notebooksDir, 'link-out.pulse.md'));
    await symlink(wb.root, join(wb.notebooksDir, 'escape'));
  });

  afterAll(() => wb.close());

  it('creates a notebook from the template, 409 when it exists', async () => {
    const created = await wb.send('POST', '/api/notebooks', { body: { name: 'health-review' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ path: 'health-review.pulse.md' });
    expect(created.json.text).toMatch(/^# Health review\n/);
    expect(created.json.text).toContain('```pulse\n');
    const onDisk = await readFile(join(wb.notebooksDir, 'health-review.pulse.md'));
    expect(onDisk.toString()).toBe(created.json.text);
    expect(created.json.version).toBe(notebookVersion(onDisk));
    expect(created.json.version).toMatch(/^[0-9a-f]{16}$/);

    const again = await wb.send('POST', '/api/notebooks', { body: { name: 'health-review.pulse.md' } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    expect(again.json.current).toEqual({ text: created.json.text, version: created.json.version });
  });

  it('reads, saves with the version it started from, and reads the new version', async () => {
    const read = await wb.send('GET', url('health-review.pulse.md'));
    expect(read.status).toBe(200);
    const saved = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: REVIEW, baseVersion: read.json.version } });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ version: notebookVersion(REVIEW) });
    expect(await readFile(join(wb.notebooksDir, 'health-review.pulse.md'), 'utf8')).toBe(REVIEW);
    const reread = await wb.send('GET', url('health-review.pulse.md'));
    expect(reread.json).toEqual({ path: 'health-review.pulse.md', text: REVIEW, version: saved.json.version });
  });

  it('refuses a stale save with 409, returns what is on disk, and leaves the file untouched', async () => {
    const path = join(wb.notebooksDir, 'health-review.pulse.md');
    const { version: base } = (await wb.send('GET', url('health-review.pulse.md'))).json;
    // Someone else (another tab, an editor, git) changes the file.
    const theirs = `${REVIEW}\nTheir paragraph.\n`;
    await writeFile(path, theirs);
    const before = await stat(path);
    const stale = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: 'my edit', baseVersion: base } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    expect(stale.json.error.message).toMatch(/changed on disk/);
    expect(stale.json.current).toEqual({ text: theirs, version: notebookVersion(theirs) });
    expect(await readFile(path, 'utf8')).toBe(theirs);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    // A create-only save (baseVersion null) over it is a conflict too.
    const create = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: 'x', baseVersion: null } });
    expect(create.status).toBe(409);
    expect(await readFile(path, 'utf8')).toBe(theirs);
    // Based on the current version, it saves.
    const ok = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: 'merged', baseVersion: stale.json.current.version } });
    expect(ok.status).toBe(200);
    await writeFile(path, REVIEW);
  });

  it('lets exactly one of two simultaneous saves from the same version win', async () => {
    const { version } = (await wb.send('GET', url('health-review.pulse.md'))).json;
    const [one, two] = await Promise.all(['first', 'second'].map((who) =>
      wb.send('PUT', url('health-review.pulse.md'), { body: { text: `${REVIEW}\n${who}\n`, baseVersion: version } })));
    expect([one!.status, two!.status].sort()).toEqual([200, 409]);
    const winner = one!.status === 200 ? 'first' : 'second';
    expect(await readFile(join(wb.notebooksDir, 'health-review.pulse.md'), 'utf8')).toBe(`${REVIEW}\n${winner}\n`);
    const loser = one!.status === 409 ? one! : two!;
    expect(loser.json.current.text).toBe(`${REVIEW}\n${winner}\n`);
    await writeFile(join(wb.notebooksDir, 'health-review.pulse.md'), REVIEW);
  });

  it('creates a file in a subfolder with baseVersion null; 404 reading or saving a missing one', async () => {
    const created = await wb.send('PUT', url('team/q4/plan.pulse.md'), { body: { text: '# Plan\n', baseVersion: null } });
    expect(created.status).toBe(200);
    expect(await readFile(join(wb.notebooksDir, 'team', 'q4', 'plan.pulse.md'), 'utf8')).toBe('# Plan\n');
    expect((await wb.send('GET', url('team/q4/plan.pulse.md'))).json.text).toBe('# Plan\n');

    const missing = await wb.send('GET', url('nothing.pulse.md'));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    const gone = await wb.send('PUT', url('nothing.pulse.md'), { body: { text: 'x', baseVersion: '0123456789abcdef' } });
    expect(gone.status).toBe(404);
    expect(await readdir(wb.notebooksDir)).not.toContain('nothing.pulse.md');
  });

  it('lists every visible notebook with its title, and nothing else', async () => {
    const listed = await wb.send('GET', '/api/notebooks');
    expect(listed.status).toBe(200);
    expect(listed.json.notebooks.map((n: { path: string; title: string }) => [n.path, n.title])).toEqual([
      ['health-review.pulse.md', 'Q3 health review'],
      ['team/churn.pulse.md', 'Churn deep dive'],
      ['team/q4/plan.pulse.md', 'Plan'],
    ]);
    const first = listed.json.notebooks[0];
    expect(first.size).toBe(Buffer.byteLength(REVIEW));
    expect(new Date(first.modified).toISOString()).toBe(first.modified);
  });

  it('renames, refusing to overwrite an existing notebook', async () => {
    const renamed = await wb.send('POST', `${url('team/q4/plan.pulse.md')}/rename`, { body: { to: 'plan-2025' } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toEqual({ path: 'plan-2025.pulse.md' });
    expect(await readFile(join(wb.notebooksDir, 'plan-2025.pulse.md'), 'utf8')).toBe('# Plan\n');
    expect(await readdir(join(wb.notebooksDir, 'team', 'q4'))).toEqual([]);

    const clash = await wb.send('POST', `${url('plan-2025.pulse.md')}/rename`, { body: { to: 'health-review.pulse.md' } });
    expect(clash.status).toBe(409);
    expect(clash.json.error.code).toBe('conflict');
    expect(await readFile(join(wb.notebooksDir, 'plan-2025.pulse.md'), 'utf8')).toBe('# Plan\n');
    expect(await readFile(join(wb.notebooksDir, 'health-review.pulse.md'), 'utf8')).toBe(REVIEW);

    expect((await wb.send('POST', `${url('missing.pulse.md')}/rename`, { body: { to: 'x.pulse.md' } })).status).toBe(404);
  });

  it.each([
    ['a parent reference', '../x.pulse.md'],
    ['a parent reference in a subfolder', 'team/../../x.pulse.md'],
    ['an absolute path', '/tmp/x.pulse.md'],
    ['a link out of the folder', 'link-out.pulse.md'],
    ['a folder link out of the folder', 'escape/outside.pulse.md'],
  ])('refuses %s with 400 path_outside_folder, for every route', async (_what, path) => {
    for (const [method, route, body] of [
      ['GET', url(path), undefined],
      ['PUT', url(path), { text: 'pwned', baseVersion: null }],
      ['PUT', url(path), { text: 'pwned', baseVersion: notebookVersion('# outside the folder\n') }],
      ['POST', `${url(path)}/rename`, { to: 'stolen.pulse.md' }],
      ['POST', `${url('health-review.pulse.md')}/rename`, { to: path }],
    ] as const) {
      const response = await wb.send(method, route, { body });
      expect(response.status, `${method} ${route} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json.error.code).toBe('path_outside_folder');
    }
    const created = await wb.send('POST', '/api/notebooks', { body: { name: path.replace(/\.pulse\.md$/, '') } });
    expect(created.status).toBe(400);
    expect(await readFile(join(wb.root, 'outside.pulse.md'), 'utf8')).toBe('# outside the folder\n');
    expect(await readdir(wb.root)).toEqual(['data', 'notebooks', 'outside.pulse.md']);
  });

  it('refuses ../ in an encoded notebook path (%2F) with 400 path_outside_folder, and an escaped dot as a second spelling', async () => {
    for (const route of ['/api/notebooks/..%2Fx.pulse.md', '/api/notebooks/..%2F..%2Fx.pulse.md', '/api/notebooks/team%2F..%2F..%2Fx.pulse.md']) {
      const read = await wb.send('GET', route);
      expect(read.status, route).toBe(400);
      expect(read.json.error.code).toBe('path_outside_folder');
      expect((await wb.send('PUT', route, { body: { text: 'pwned', baseVersion: null } })).status).toBe(400);
    }
    // `.` needs no escape: %2e / %2E spell a path a second way, refused before any route.
    for (const route of ['/api/notebooks/%2e%2e%2fx.pulse.md', '/api/notebooks/%2E%2E%2F%2E%2E%2Fx.pulse.md', '/api/notebooks/team%2f%2e%2e%2f%2e%2e%2fx.pulse.md']) {
      const read = await wb.send('GET', route);
      expect(read.status, route).toBe(400);
      expect(read.json.error.code).toBe('bad_request');
      expect((await wb.send('PUT', route, { body: { text: 'pwned', baseVersion: null } })).status).toBe(400);
    }
    expect(await readdir(wb.root)).toEqual(['data', 'notebooks', 'outside.pulse.md']);
  });

  it('refuses a name of more than 200 bytes with 400 saying so, on every route, and writes nothing', async () => {
    const before = (await readdir(wb.notebooksDir, { recursive: true })).sort();
    const tooLong: [name: string, bytes: number][] = [
      ['q'.repeat(300), 309], // 300 ASCII letters + ".pulse.md"
      ['é'.repeat(100), 209], // 100 letters of 2 bytes each in UTF-8
      [`team/${'q'.repeat(300)}`, 309],
      [`${'f'.repeat(201)}/x`, 201], // a folder's name counts too
    ];
    for (const [name, bytes] of tooLong) {
      const file = `${name}.pulse.md`;
      const answers = [
        await wb.send('POST', '/api/notebooks', { body: { name } }),
        await wb.send('PUT', url(file), { body: { text: 'x', baseVersion: null } }),
        await wb.send('GET', url(file)),
        await wb.send('POST', `${url('health-review.pulse.md')}/rename`, { body: { to: name } }),
      ];
      for (const answer of answers) {
        expect(answer.status, name).toBe(400);
        expect(answer.json.error.code).toBe('bad_argument');
        expect(answer.json.error.message).toMatch(new RegExp(`^".{40}…" is ${bytes} bytes long: a notebook's name, and each folder's, may be at most 200 bytes \\(UTF-8, with \\.pulse\\.md\\)\\.$`));
        expect(answer.json.error.hint).toBe('Choose a shorter name.');
      }
    }
    // A path of 7 folders of 150 letters and "x.pulse.md": 7 × 151 + 10 = 1,067 bytes.
    const deep = `${'d'.repeat(150)}/`.repeat(7) + 'x';
    const deepAnswer = await wb.send('POST', '/api/notebooks', { body: { name: deep } });
    expect(deepAnswer.status).toBe(400);
    expect(deepAnswer.json.error.message).toBe("The path is 1067 bytes long: a notebook's path may be at most 1,000 bytes (UTF-8).");
    expect((await readdir(wb.notebooksDir, { recursive: true })).sort()).toEqual(before);

    // 200 bytes exactly: 191 letters + ".pulse.md"; 95 two-byte letters + 1 + ".pulse.md".
    for (const name of ['q'.repeat(191), `${'é'.repeat(95)}q`]) {
      const created = await wb.send('POST', '/api/notebooks', { body: { name } });
      expect(created.status, name).toBe(201);
      expect(Buffer.byteLength(created.json.path)).toBe(200);
      expect((await wb.send('GET', url(created.json.path))).json.text).toBe(created.json.text);
    }
  });

  it('only serves .pulse.md files that are not hidden', async () => {
    for (const path of ['notes.md', '.hidden.pulse.md', 'team/.x/y.pulse.md', '.pulse.md']) {
      const response = await wb.send('GET', url(path));
      expect(response.status, path).toBe(400);
      expect(response.json.error.code).toBe('bad_argument');
    }
    expect((await wb.send('PUT', url('data.csv'), { body: { text: 'a,b', baseVersion: null } })).status).toBe(400);
    expect((await wb.send('PUT', url('health-review.pulse.md/x.pulse.md'), { body: { text: 'x', baseVersion: null } })).status).toBe(400);
    expect((await wb.send('GET', url('team'))).status).toBe(400);
  });

  it('answers malformed requests with 400 and a reason', async () => {
    const noBase = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: 'x' } });
    expect(noBase.status).toBe(400);
    expect(noBase.json.error.message).toMatch(/baseVersion/);
    expect((await wb.send('PUT', url('health-review.pulse.md'), { body: { baseVersion: null } })).json.error.message).toMatch(/"text"/);
    const badJson = await wb.send('PUT', url('health-review.pulse.md'), { body: Buffer.from('{nope'), headers: { 'Content-Type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.code).toBe('bad_request');
    expect((await wb.send('GET', '/api/notebooks/%E0%A4%A')).status).toBe(400);
    expect(await readFile(join(wb.notebooksDir, 'health-review.pulse.md'), 'utf8')).toBe(REVIEW);
  });

  it('refuses bodies over 2 MB with 413', async () => {
    const response = await wb.send('PUT', url('big.pulse.md'), { body: { text: 'x'.repeat(2_100_000), baseVersion: null } });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('too_large');
    expect(await readdir(wb.notebooksDir)).not.toContain('big.pulse.md');
  });

  it('needs the token (401) and refuses other web pages (403) before touching a file', async () => {
    const noToken = await wb.send('PUT', url('health-review.pulse.md'), { body: { text: 'pwned', baseVersion: null }, headers: { Authorization: null } });
    expect(noToken.status).toBe(401);
    expect(noToken.json.error.code).toBe('unauthorized');
    expect((await wb.send('GET', '/api/notebooks', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const evil = await wb.send('POST', '/api/notebooks', { body: { name: 'evil' }, headers: { Origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe('forbidden_origin');
    const rebinding = await wb.send('GET', '/api/notebooks', { headers: { Host: `evil.example:${wb.server.port}` } });
    expect(rebinding.status).toBe(403);
    expect(await readdir(wb.notebooksDir)).not.toContain('evil.pulse.md');
    expect(await readFile(join(wb.notebooksDir, 'health-review.pulse.md'), 'utf8')).toBe(REVIEW);
  });
});
