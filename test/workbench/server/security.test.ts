import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../engine/session.ts';
import { startServer, type RunningServer } from '../../../workbench/server/server.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';

/** A raw HTTP request, so tests control every header (fetch would not let us forge Host). */
function send(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('workbench server security (DESIGN.md §9)', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  let server: RunningServer;
  let own: Record<string, string>;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await session.execute('CREATE TABLE plans AS SELECT * FROM (VALUES (1, \'basic\'), (2, \'pro\')) t(id, name)');
    server = await startServer({ session, port: 0 });
    own = { Host: `127.0.0.1:${server.port}` };
  });

  afterAll(async () => {
    await server.close();
    await scratch?.close();
  });

  it('listens on 127.0.0.1 and prints a URL with a fresh token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const second = await startServer({ session, port: 0 });
    await second.close();
    expect(second.token).not.toBe(server.token);
  });

  it('answers API calls that carry the token', async () => {
    const response = await send(server.port, '/api/tables', { ...own, Authorization: `Bearer ${server.token}` });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as { tables: { name: string; rows: number }[] };
    expect(body.tables.map((table) => [table.name, table.rows])).toEqual([['plans', 2]]);
  });

  it('refuses an API call without the token with 401', async () => {
    const response = await send(server.port, '/api/tables', own);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'unauthorized', message: 'Missing or wrong token: open Pulse with the URL it printed when it started.' } });
    expect((await send(server.port, '/api/tables', { ...own, Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('refuses another web page (Origin) with 403, even with the token', async () => {
    const response = await send(server.port, '/api/tables', { ...own, Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('forbidden_origin');
    const crossSite = await send(server.port, '/api/tables', { ...own, Authorization: `Bearer ${server.token}`, 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await send(server.port, '/api/tables', { ...own, Authorization: `Bearer ${server.token}`, Origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) with 403', async () => {
    const response = await send(server.port, '/api/tables', { Host: `evil.example:${server.port}`, Authorization: `Bearer ${server.token}` });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.code).toBe('forbidden_host');
  });

  it('serves the start page without the token, and it holds no data', async () => {
    const response = await send(server.port, '/', own);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Pulse</title>');
    expect(response.body).not.toContain('plans');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const response = await send(server.port, '/api/nothing', { ...own, Authorization: `Bearer ${server.token}` });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('not_found');
  });
});
