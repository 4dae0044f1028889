import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openWorkspace, SAMPLE_NOTEBOOKS_DIR, type Workspace } from '../../cli/workspace.ts';
import { generateSample } from '../../samples/generate.ts';
import { buildClient } from '../../workbench/client/build.ts';
import { startServer, type RunningServer } from '../../workbench/server/server.ts';
import { ARTIFACTS, launchBrowser } from './browser.ts';
import { tempDir } from './temp-dir.ts';

/** Where the browser tests leave screenshots of the main screens. */
export const SCREENS = join(ARTIFACTS, 'screens');

/** A running workbench on generated sample data, with the sample notebooks, and a browser. */
export interface Workbench {
  readonly folder: string;
  readonly notebooksDir: string;
  readonly workspace: Workspace;
  readonly server: RunningServer;
  readonly browser: Browser;
  /**
   * Closes the pages opened so far and puts the sample notebooks back as shipped (tests that
   * save change them; a page left open would save its edits over them a moment later).
   */
  resetNotebooks(): Promise<void>;
  /** A new page (own storage) at 1280×800 on the workbench URL; page errors fail `errors`. */
  open(hash?: string): Promise<{ page: Page; errors: string[] }>;
  /** Calls the API from the test, as another client (another tab, another tool) would. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Builds the page if needed, generates `accounts` sample accounts into a temporary data folder,
 * copies the sample notebooks, starts the server on a free port and launches Chromium.
 */
export async function startWorkbench(options: { accounts: number }): Promise<Workbench> {
  const temp = await tempDir('pulse-browser-');
  const dataDir = join(temp.path, 'data');
  const notebooksDir = join(temp.path, 'notebooks');
  const [, browser] = await Promise.all([
    buildClient(),
    launchBrowser(),
    generateSample(dataDir, { accounts: options.accounts }),
    mkdir(SCREENS, { recursive: true }),
  ]).then(([build, launched]) => [build, launched] as const);
  const workspace = await openWorkspace({ dataDir, notebooksDir });
  const server = await startServer({ session: workspace.session, port: 0 });
  const origin = `http://127.0.0.1:${server.port}`;

  const contexts: BrowserContext[] = [];
  const resetNotebooks = async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    for (const name of await readdir(SAMPLE_NOTEBOOKS_DIR)) {
      if (name.endsWith('.pulse.md')) await copyFile(join(SAMPLE_NOTEBOOKS_DIR, name), join(notebooksDir, name));
    }
  };
  await resetNotebooks();

  return {
    folder: temp.path,
    notebooksDir,
    workspace,
    server,
    browser,
    resetNotebooks,
    async open(hash = '') {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // A refused save (409) or a superseded run is an answer the page handles, not an error of the page.
        if (message.type() === 'error' && !/status of 409 \(Conflict\)/.test(message.text())) errors.push(message.text());
      });
      await page.goto(`${server.url}${hash ? `#${encodeURIComponent(hash)}` : ''}`);
      return { page, errors };
    },
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${origin}${path}`, {
        method,
        headers: { Authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = await response.json() as T;
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async close() {
      await browser.close();
      await server.close();
      workspace.session.close();
      await temp.remove();
    },
  };
}

/**
 * Waits until every code cell of the page has finished its first run (none is idle or running)
 * and the run has ended (its streamed answer is complete: the header's Run all is back).
 */
export async function waitForRunsToSettle(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll<HTMLElement>('.code-cell')];
    return cells.length > 0 && cells.every((cell) => cell.dataset.status && cell.dataset.status !== 'running' && cell.dataset.status !== 'idle')
      && !document.querySelector('.run-all.busy');
  }, undefined, { timeout });
}

/** Opens a notebook (its path in the notebooks folder) in a new page, once its first run has settled. */
export async function openNotebook(workbench: Workbench, notebook: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await workbench.open(notebook);
  await waitForRunsToSettle(opened.page);
  return opened;
}

/** The chart cell whose text contains `text`, and its last drawn spec's data as JSON. */
export async function chartData(page: Page, text: string): Promise<{ version: number; data: string }> {
  const cell = page.locator('.cell-chart').filter({ has: page.locator('.view-lines', { hasText: text }) }).first();
  return cell.evaluate((element) => {
    const spec = (window as unknown as { pulse: { chartSpec(cell: Element): Record<string, unknown> | null } }).pulse.chartSpec(element);
    return {
      version: Number((element as HTMLElement).dataset.chartVersion ?? 0),
      data: JSON.stringify(spec ? { data: spec.data ?? null, datasets: spec.datasets ?? null } : null),
    };
  });
}
