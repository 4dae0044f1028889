import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_NOTEBOOKS_DIR } from '../../cli/workspace.ts';
import { parseNotebook } from '../../engine/notebook/format.ts';
import { chartData, openNotebook, SCREENS, startWorkbench, type Workbench } from '../helpers/workbench.ts';

/*
 * The notebook page in Chromium, on 2,000 generated accounts and the sample notebooks: open a
 * notebook, break and fix a rule, complete a column, load a CSV and query it, present, and
 * resolve a save conflict. Each test has its own browser context (own localStorage) and starts
 * from the sample notebooks as shipped.
 */

const NOTEBOOK = 'health-review.pulse.md';
/** The sample notebook's cells, so that the tests follow it as it grows. */
const SAMPLE_CELLS = parseNotebook(readFileSync(join(SAMPLE_NOTEBOOKS_DIR, NOTEBOOK), 'utf8')).cells;
const count = (kind: string) => SAMPLE_CELLS.filter((cell) => cell.kind === kind).length;
const TELCO = fileURLToPath(new URL('../fixtures/telco-customer-churn.csv', import.meta.url));

/** The code cell of a kind whose editor shows `text`. */
const codeCell = (page: Page, kind: 'pulse' | 'sql' | 'chart', text: string) =>
  page.locator(`.cell-${kind}`).filter({ has: page.locator('.view-lines', { hasText: text }) });

/** The pulse cell holding the score. */
const scoreCell = (page: Page) => codeCell(page, 'pulse', 'score health');

/**
 * Selects the first occurrence of `text` in a cell's editor (as a double-click on a word would),
 * focusing it; with `within`, the `text` inside the first occurrence of `within`.
 */
async function selectText(cell: Locator, text: string, within?: string): Promise<void> {
  expect(await cell.evaluate((element, [wanted, around]) => (window as unknown as Probe).pulse.selectText(element, wanted!, around), [text, within])).toBe(true);
}

/** Moves the mouse onto the first occurrence of `text` in a cell's editor. */
async function hoverText(page: Page, cell: Locator, text: string): Promise<void> {
  const point = await cell.evaluate((element, wanted) => (window as unknown as Probe).pulse.pointAt(element, wanted), text);
  expect(point).not.toBeNull();
  await page.mouse.move(point!.x, point!.y);
}

interface Probe {
  pulse: { selectText(cell: Element, text: string, within?: string): boolean; pointAt(cell: Element, text: string): { x: number; y: number } | null };
}

describe('the notebook page', () => {
  let workbench: Workbench;

  beforeAll(async () => {
    workbench = await startWorkbench({ accounts: 2000 });
  });

  afterAll(async () => {
    await workbench?.close();
  });

  beforeEach(async () => {
    await workbench.resetNotebooks();
    await rm(join(workbench.notebooksDir, 'q3-review.pulse.md'), { force: true });
  });

  it('opens the sample notebook: prose, the model, tables and charts', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    expect(page.url()).toBe(`http://127.0.0.1:${workbench.server.port}/#${NOTEBOOK}`);
    await expect.poll(() => page.locator('.prose h1').first().textContent()).toBe('Account health review');
    expect(await page.locator('#notebook-picker option').allTextContents()).toContain('Account health review');
    expect(await page.locator('.table-entry .table-name').allTextContents()).toEqual([
      'accounts', 'csat_responses', 'invoices', 'nps_responses', 'referrals', 'subscriptions', 'tickets', 'trainings', 'usage_events',
    ]);
    expect(await page.locator('.table-entry', { hasText: 'accounts' }).first().locator('.table-rows').textContent()).toBe('2,000');

    const statuses = await page.locator('.code-cell').evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.status));
    expect(statuses.every((status) => status === 'ok')).toBe(true);
    expect(await page.locator('.cell-pulse').count()).toBe(count('pulse'));
    expect(await page.locator('.cell-pulse .pulse-summary').first().textContent()).toMatch(/^2,000 rows evaluated · \d+ outputs in scores · as of \d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => page.locator('.chart-view svg.marks').count()).toBe(count('chart'));
    expect(await page.locator('.cell-sql[data-name="at_risk_list"] .row-count').textContent()).toMatch(/^\d+ rows?$/);
    expect(await page.locator('#asof').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('.save-state').textContent()).toBe('Saved');
    await page.screenshot({ path: join(SCREENS, 'notebook.png') });
    await codeCell(page, 'chart', 'health_distribution').scrollIntoViewIfNeeded();
    // Tooltips on the marks, and the menu to save a chart.
    const distribution = codeCell(page, 'chart', 'health_distribution');
    const bar = distribution.locator('svg.marks path[role="graphics-symbol"], svg.marks .mark-rect path').nth(10);
    await bar.hover();
    await page.locator('#vg-tooltip-element.visible').waitFor({ state: 'visible' });
    expect(await page.locator('#vg-tooltip-element').textContent()).toMatch(/ccounts/);
    await page.screenshot({ path: join(SCREENS, 'notebook-charts.png') });
    await distribution.locator('.vega-embed summary').click();
    expect(await distribution.locator('.vega-actions a').allTextContents()).toEqual(['Save as SVG', 'Save as PNG']);
    await distribution.locator('.vega-embed summary').click();

    // The result table: sort by a header, page, filter.
    const renewals = page.locator('.cell-sql[data-name="renewals"]');
    await renewals.scrollIntoViewIfNeeded();
    await renewals.locator('th button', { hasText: 'mrr' }).click();
    await renewals.locator('th button', { hasText: 'mrr' }).click();
    const mrr = await renewals.locator('tbody tr td:last-child').allTextContents();
    expect(mrr).toHaveLength(50);
    const values = mrr.map((text) => Number(text.replace(/,/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await renewals.locator('th[aria-sort="descending"]').textContent()).toContain('mrr');
    expect(await renewals.locator('.page-info').textContent()).toMatch(/^rows 1–50 · page 1 of 2$/);
    await renewals.locator('.table-filter').fill('Enterprise');
    await expect.poll(() => renewals.locator('.row-count').textContent()).toMatch(/^\d+ of 100 rows$/);
    const tier = (await renewals.locator('thead th').allTextContents()).findIndex((header) => header.startsWith('tier')) + 1;
    expect(new Set(await renewals.locator(`tbody tr td:nth-child(${tier})`).allTextContents())).toEqual(new Set(['Enterprise']));
    await page.screenshot({ path: join(SCREENS, 'table.png') });
    expect(errors).toEqual([]);
  });

  it('lists the accounts of a grade-migration cell when it is clicked, and queries them', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const migration = codeCell(page, 'chart', 'grade_migration');
    await migration.scrollIntoViewIfNeeded();
    const rect = migration.locator('svg.marks .mark-rect path').nth(3);
    const label = await rect.getAttribute('aria-label');
    const accounts = Number(/Accounts: ([\d,]+)/.exec(label ?? '')?.[1]?.replace(/,/g, ''));
    expect(accounts).toBeGreaterThan(0);
    await rect.click({ position: { x: 12, y: 12 } });
    const drill = migration.locator('.drill-down');
    await drill.waitFor();
    expect(await drill.locator('.drill-head strong').textContent()).toMatch(new RegExp(`^${accounts.toLocaleString('en-US')} accounts that move from \\w+ to \\w+$`));
    await page.screenshot({ path: join(SCREENS, 'drill-down.png') });
    // Each listed id opens the account's explanation.
    const first = drill.locator('tbody button.account-link').first();
    const id = await first.textContent();
    await first.click();
    await expect.poll(() => page.locator('.explain-panel h2').textContent()).toBe(`Account ${id}`);
    await page.locator('.explain-panel .components').waitFor();
    await page.locator('.explain-panel button[aria-label="Close the explanation"]').click();
    await drill.locator('button', { hasText: 'Query them in a SQL cell' }).click();
    const query = migration.locator('xpath=following-sibling::section[contains(@class, "cell-sql")][1]');
    await expect.poll(() => query.locator('.row-count').textContent(), { timeout: 30_000 }).toBe(`${Math.min(accounts, 200).toLocaleString('en-US')} rows`);
    expect(errors).toEqual([]);
  });

  it('shows a typo in a rule as a marker with its message; fixed and run, the chart changes', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const cell = scoreCell(page);
    await cell.scrollIntoViewIfNeeded();
    const before = await chartData(page, 'health_distribution');

    await selectText(cell, 'seat_use');
    await page.keyboard.type('seat_us');
    const message = cell.locator('.diagnostic-error .diagnostic-message');
    await expect.poll(() => message.textContent()).toBe('unknown name seat_us — did you mean seat_use?');
    expect(await cell.locator('.squiggly-error').count()).toBeGreaterThan(0);
    expect(await cell.locator('.diagnostic-error .diagnostic-place').textContent()).toMatch(/^error line 3, col \d+$/);
    // Typing runs the model again: it fails, and what depends on it says it was not run.
    await expect.poll(() => cell.getAttribute('data-status')).toBe('error');
    await expect.poll(() => codeCell(page, 'chart', 'health_distribution').getAttribute('data-status')).toBe('skipped');
    await hoverText(page, cell, 'seat_us');
    await page.locator('.monaco-hover, .hover-row').first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    await page.screenshot({ path: join(SCREENS, 'diagnostic.png') });

    await selectText(cell, 'seat_us');
    await page.keyboard.type('seat_use');
    await selectText(cell, '35');
    await page.keyboard.type('70');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => message.count()).toBe(0);
    await page.waitForFunction((version) => {
      const chart = [...document.querySelectorAll<HTMLElement>('.cell-chart')].find((element) => element.textContent?.includes('health_distribution'));
      return Number(chart?.dataset.chartVersion ?? 0) > version && chart?.dataset.status === 'ok';
    }, before.version, { timeout: 30_000 });
    const after = await chartData(page, 'health_distribution');
    expect(after.data).not.toBe(before.data);
    expect(await cell.getAttribute('data-status')).toBe('ok');
    expect(errors).toEqual([]);
  });

  it('draws new rows of the same chart into the drawn view, exactly as a fresh drawing shows them', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const chart = codeCell(page, 'chart', 'health_distribution where active').first();
    const firstView = await chart.locator('.chart-view').elementHandle();
    const before = await chartData(page, 'health_distribution where active');
    const cell = scoreCell(page);
    await cell.scrollIntoViewIfNeeded();
    // The payments weight: the other tests edit the usage weight (a page of theirs may still save it).
    await selectText(cell, '20', 'payments  weight 20');
    await page.keyboard.type('60');
    await expect.poll(async () => (await chartData(page, 'health_distribution where active')).version).toBeGreaterThan(before.version);
    const after = await chartData(page, 'health_distribution where active');
    expect(after.data).not.toBe(before.data);
    // The same view took the new rows: no second view was compiled and laid out.
    expect(await chart.locator('.chart-view').count()).toBe(1);
    expect(await firstView!.evaluate((element) => element.isConnected)).toBe(true);
    const updated = await chart.locator('.chart-view svg.marks').screenshot();

    // A fresh page draws the saved notebook's chart from scratch: pixel for pixel the same.
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    const fresh = await openNotebook(workbench, NOTEBOOK);
    const freshChart = codeCell(fresh.page, 'chart', 'health_distribution where active').first();
    expect((await chartData(fresh.page, 'health_distribution where active')).data).toBe(after.data);
    await freshChart.scrollIntoViewIfNeeded();
    expect((await freshChart.locator('.chart-view svg.marks').screenshot()).equals(updated)).toBe(true);
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it('completes the columns of a source after `usage.`, and explains a name on hover', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const measures = codeCell(page, 'pulse', 'measure logins_30d');
    await measures.scrollIntoViewIfNeeded();
    await measures.locator('.view-line').last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('measure users_all = count distinct usage.');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row .label-name');
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    const labels = await rows.allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['user_id', 'event', 'occurred_at']));
    await page.screenshot({ path: join(SCREENS, 'completion.png') });
    await page.keyboard.type('user_i');
    await page.keyboard.press('Enter');
    expect(await measures.locator('.view-line').last().textContent()).toMatch(/count\sdistinct\susage\.user_id$/);

    await page.keyboard.press('Escape');
    await hoverText(page, measures, 'logins_90d');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await expect.poll(() => hover.textContent()).toContain('logins_90d');
    await page.screenshot({ path: join(SCREENS, 'hover.png') });

    // Shift+Alt+F formats the cell with the language service's formatter.
    await selectText(measures, 'users_all');
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('measure   spaced=logins_30d+1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Alt+F');
    await expect.poll(() => measures.locator('.view-line').last().textContent()).toMatch(/^measure\sspaced\s=\slogins_30d\s\+\s1$/);
    expect(await measures.locator('.view-line').first().textContent()).toMatch(/^measure\slogins_30d\s=\scount/);
    expect(errors).toEqual([]);
  });

  it('loads a CSV through the data panel and queries it in a SQL cell', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    await page.locator('#upload-file').setInputFiles(TELCO);
    const status = page.locator('.upload-status.upload-ok');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/^Loaded telco_customer_churn — 7,043 rows, 21 columns\./);
    const entry = page.locator('.table-entry[data-table="telco_customer_churn"]');
    expect(await entry.locator('.table-rows').textContent()).toBe('7,043');
    expect(await entry.locator('.column-name').allTextContents()).toContain('Churn');

    await entry.locator('.query-table').click();
    const cell = page.locator('.cell-sql').last();
    await expect.poll(() => cell.locator('.row-count').textContent(), { timeout: 30_000 }).toBe('7,043 rows');
    expect(await cell.locator('.page-info').textContent()).toBe('rows 1–50 · page 1 of 141');
    expect(await cell.locator('tbody tr').count()).toBe(50);
    await cell.locator('.pager button', { hasText: 'Next' }).click();
    expect(await cell.locator('.page-info').textContent()).toBe('rows 51–100 · page 2 of 141');
    await page.screenshot({ path: join(SCREENS, 'upload.png') });

    // Type a query of one's own in the cell.
    await cell.locator('.view-line').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('select Churn, count(*) as customers from telco_customer_churn group by Churn order by Churn');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => cell.locator('tbody tr').allTextContents(), { timeout: 30_000 }).toEqual(['false5,174', 'true1,869']);
    expect(errors).toEqual([]);
  });

  it('present mode shows prose, tables and charts, and hides the code', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    await page.locator('.present-toggle').click();
    expect(await page.locator('body').getAttribute('class')).toContain('present');
    for (const hidden of ['.editor-frame', '.cell-toolbar', '.data-panel', '.cell-pulse', '.add-bar', '.run-all']) {
      const visible = await page.locator(hidden).evaluateAll((elements) => elements.filter((element) => (element as HTMLElement).offsetParent !== null).length);
      expect(visible, hidden).toBe(0);
    }
    expect(await page.locator('.chart-view svg.marks').evaluateAll((svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).length)).toBe(count('chart'));
    expect(await page.locator('.result-table').first().isVisible()).toBe(true);
    expect(await page.locator('.prose h1').first().isVisible()).toBe(true);
    expect(await page.locator('.present-title').textContent()).toBe('Account health review');
    await page.screenshot({ path: join(SCREENS, 'present.png') });
    await page.locator('.cell-chart').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'present-charts.png') });
    // Prose is not editable there; leaving present mode brings the code back.
    await page.locator('.prose h1').first().click();
    expect(await page.locator('.prose-editor:visible').count()).toBe(0);
    await page.keyboard.press('Alt+Shift+P');
    expect(await page.locator('.code-cell .editor-frame').first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('creates a notebook, adds and runs a SQL cell, writes prose, and saves by itself', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    await page.locator('body').press('?');
    await page.locator('.help-popover').waitFor({ state: 'visible' });
    expect(await page.locator('.help-popover dd').allTextContents()).toContain('run the cell (in an editor); finish editing prose');
    await page.screenshot({ path: join(SCREENS, 'shortcuts.png') });
    await page.keyboard.press('Escape');

    await page.locator('.new-notebook').click();
    await page.locator('dialog input').fill('q3-review');
    await page.screenshot({ path: join(SCREENS, 'new-notebook.png') });
    await page.locator('dialog button', { hasText: 'Create' }).click();
    await expect.poll(() => page.url()).toMatch(/#q3-review\.pulse\.md$/);
    await expect.poll(() => page.locator('#notebook-picker').inputValue()).toBe('q3-review.pulse.md');

    await page.locator('.add-bar button', { hasText: '+ SQL' }).click();
    const sql = page.locator('.cell-sql').last();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('select 42 as answer, \'on time\' as status');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => sql.locator('tbody tr').allTextContents()).toEqual(['42on time']);
    await sql.locator('.cell-name').fill('answers');
    await sql.locator('.cell-name').press('Enter');

    await page.locator('.add-bar button', { hasText: '+ Prose' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('## Findings\n\nThe answer is **42**.');
    await page.keyboard.press('Escape');
    const prose = page.locator('.prose-cell').last().locator('.prose');
    await expect.poll(() => prose.locator('h2').textContent()).toBe('Findings');
    expect(await prose.locator('strong').textContent()).toBe('42');

    // No Ctrl+S: the page saves 2 s after the last edit.
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    const saved = await workbench.api<{ text: string }>('GET', `/api/notebooks/${encodeURIComponent('q3-review.pulse.md')}`);
    expect(saved.text).toContain("```sql answers\nselect 42 as answer, 'on time' as status\n```");
    expect(saved.text).toContain('## Findings\n\nThe answer is **42**.');
    await page.screenshot({ path: join(SCREENS, 'new-notebook-cells.png') });
    expect(errors).toEqual([]);
  });

  it('a save refused as a conflict shows the banner, keeps the user\'s text, and can overwrite', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const path = `/api/notebooks/${encodeURIComponent(NOTEBOOK)}`;
    // Someone else saves the file after the page opened it.
    const disk = await workbench.api<{ text: string; version: string }>('GET', path);
    await workbench.api('PUT', path, { text: `${disk.text}\nChanged elsewhere.\n`, baseVersion: disk.version });

    const sql = page.locator('.cell-sql[data-name="at_risk_list"]');
    await sql.scrollIntoViewIfNeeded();
    await sql.locator('.view-line').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' -- my change');
    await page.keyboard.press('ControlOrMeta+S');
    const banner = page.locator('.banner-conflict');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toContain('This notebook changed on disk since you opened it. Your text is kept.');
    expect(await page.locator('.save-state').getAttribute('data-state')).toBe('conflict');
    expect(await sql.locator('.view-lines').textContent()).toMatch(/desc\s--\smy\schange/);
    const draft = await page.evaluate((key) => localStorage.getItem(key), `pulse-draft:${NOTEBOOK}`);
    expect(JSON.parse(draft ?? '{}').text).toContain('-- my change');
    await page.screenshot({ path: join(SCREENS, 'conflict.png') });

    await banner.locator('button', { hasText: 'Overwrite with mine' }).click();
    await expect.poll(() => page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    expect(await banner.isVisible()).toBe(false);
    const saved = await workbench.api<{ text: string }>('GET', path);
    expect(saved.text).toContain('order by mrr desc -- my change');
    expect(saved.text).not.toContain('Changed elsewhere.');
    expect(await page.evaluate((key) => localStorage.getItem(key), `pulse-draft:${NOTEBOOK}`)).toBeNull();

    // Again, and this time take the version on disk.
    const mine = await workbench.api<{ text: string; version: string }>('GET', path);
    await workbench.api('PUT', path, { text: `${mine.text}\nTheirs, from another tab.\n`, baseVersion: mine.version });
    await sql.locator('.view-line').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' and more');
    await page.keyboard.press('ControlOrMeta+S');
    await banner.waitFor({ state: 'visible' });
    await banner.locator('button', { hasText: 'Load the version on disk' }).click();
    await expect.poll(() => page.locator('.prose', { hasText: 'Theirs, from another tab.' }).count()).toBe(1);
    expect(await page.locator('.save-state').getAttribute('data-state')).toBe('saved');
    expect(await banner.isVisible()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { pulse: { text(): string } }).pulse.text())).not.toContain('and more');

    // Text typed and not yet saved survives closing the tab: it comes back from localStorage.
    await sql.locator('.view-line').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' -- kept');
    const context = page.context();
    await page.close();
    const again = await context.newPage();
    await again.goto(`${workbench.server.url}#${encodeURIComponent(NOTEBOOK)}`);
    await expect.poll(() => again.locator('.toast').first().textContent()).toContain('Your unsaved changes to this notebook were kept');
    expect(await again.locator('.cell-sql[data-name="at_risk_list"] .view-lines').textContent()).toMatch(/desc\s--\smy\schange\s--\skept/);
    expect(errors).toEqual([]);
  });
});
