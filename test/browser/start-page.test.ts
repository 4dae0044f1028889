import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../cli/workspace.ts';
import { buildClient } from '../../workbench/client/build.ts';
import { startServer, type RunningServer } from '../../workbench/server/server.ts';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('first run: the sample data is generated and the page lists its tables', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let workspace: Workspace;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    folder = await tempDir();
    // What `pulse serve` does on the first run in its default data folder.
    workspace = await openWorkspace({ dataDir: join(folder.path, 'data'), notebooksDir: join(folder.path, 'notebooks'), sample: true });
    await buildClient();
    server = await startServer({ session: workspace.session, port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    workspace?.session.close();
    await folder.remove();
  });

  it('generated the sample on the empty data folder', () => {
    expect(workspace.generatedSample).toBe(true);
    expect(workspace.load.failed).toEqual([]);
    expect(workspace.load.loaded.map((table) => table.name)).toEqual([
      'accounts', 'csat_responses', 'invoices', 'nps_responses', 'referrals', 'subscriptions', 'tickets', 'trainings', 'usage_events',
    ]);
  });

  it('shows every table with its row count in the data panel, and drops the token from the address bar', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.locator('.table-entry').first().waitFor();
    const rows = await page.locator('.table-entry summary').evaluateAll((summaries) =>
      summaries.map((summary) => [summary.querySelector('.table-name')?.textContent, summary.querySelector('.table-rows')?.textContent]));
    const expected = workspace.load.loaded.map((table) => [table.name, table.rows.toLocaleString('en-US')]);
    expect(rows).toEqual(expected);
    expect(rows[0]).toEqual(['accounts', '10,000']);
    expect(page.url()).toBe(`http://127.0.0.1:${server.port}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('pulse-token'))).toBe(server.token);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'start-page.png') });
  });

  it('shows a clear message when opened without the token', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await expect.poll(() => page.locator('.fatal').textContent()).toContain(
      'Missing or wrong token: open Pulse with the URL it printed when it started.');
  });
});
