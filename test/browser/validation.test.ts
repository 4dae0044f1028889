import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, SCREENS, startWorkbench, type Workbench } from '../helpers/workbench.ts';

/*
 * Validating a health model in the page (2,000 generated accounts, the sample health-review
 * notebook): the backtest charts, the explanation of an account opened from a result table,
 * and the what-if strip of a weight edit against the baseline.
 */

const NOTEBOOK = 'health-review.pulse.md';

interface Probe {
  pulse: { chartSpec(cell: Element): Record<string, unknown> | null; selectText(cell: Element, text: string, within?: string): boolean };
}

/** The code cell of a kind whose editor shows `text`. */
const codeCell = (page: Page, kind: 'pulse' | 'sql' | 'chart', text: string) =>
  page.locator(`.cell-${kind}`).filter({ has: page.locator('.view-lines', { hasText: text }) });

/** A panel of a (concatenated, layered) Vega-Lite spec: its title and how many data rows it and its layers carry. */
interface Panel {
  readonly title: string;
  readonly subtitle: string;
  readonly rows: number;
}

function panels(spec: unknown): Panel[] {
  if (!spec || typeof spec !== 'object') return [];
  const node = spec as Record<string, unknown>;
  const children = ['vconcat', 'hconcat', 'concat', 'layer'].flatMap((key) => (Array.isArray(node[key]) ? node[key] as unknown[] : []));
  const found = children.flatMap(panels);
  const title = node.title as string | { text?: string; subtitle?: string | string[] } | undefined;
  if (title === undefined) return found;
  const rowsOf = (part: unknown): number => {
    const data = (part as { data?: { values?: unknown[] } }).data;
    return (data?.values?.length ?? 0) + (Array.isArray((part as { layer?: unknown[] }).layer) ? (part as { layer: unknown[] }).layer.reduce<number>((sum, layer) => sum + rowsOf(layer), 0) : 0);
  };
  const text = typeof title === 'string' ? title : title.text ?? '';
  const subtitle = typeof title === 'string' ? '' : [title.subtitle ?? ''].flat().join('\n');
  return [{ title: text, subtitle, rows: rowsOf(node) }, ...found];
}

async function drawnPanels(cell: Locator): Promise<Panel[]> {
  return panels(await cell.evaluate((element) => (window as unknown as Probe).pulse.chartSpec(element)));
}

describe('validating a model in the page', () => {
  let workbench: Workbench;

  beforeAll(async () => {
    workbench = await startWorkbench({ accounts: 2000 });
  });

  afterAll(async () => {
    await workbench?.close();
  });

  beforeEach(async () => {
    await workbench.resetNotebooks();
  });

  it('draws the backtest chart, and a backtest chart typed into a new cell', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const backtest = page.locator('.cell-chart[data-name="health_backtest"]');
    await backtest.locator('.cell-output').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    expect(await backtest.getAttribute('data-status')).toBe('ok');
    const drawn = await drawnPanels(backtest);
    for (const title of ['ROC curve', 'Churn rate by grade']) {
      const panel = drawn.find((candidate) => candidate.title === title);
      expect(panel, title).toBeDefined();
      expect(panel!.rows, title).toBeGreaterThan(1);
    }
    const svgText = await backtest.locator('svg.marks').textContent();
    expect(svgText).toContain('ROC curve');
    expect(svgText).toContain('Churn rate by grade');
    await page.screenshot({ path: join(SCREENS, 'backtest.png') });

    await page.locator('.add-bar button', { hasText: '+ Chart' }).click();
    const added = page.locator('.cell-chart').last();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('backtest health within 90 days from 2024-06-30 to 2025-03-31 quarterly');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(async () => (await drawnPanels(added)).find((panel) => /^Does .* predict churn within 90 days\?$/.test(panel.title))?.subtitle ?? '', { timeout: 60_000 })
      .toMatch(/quarterly evaluation dates from 2024-06-30 to 2025-03/);
    await expect.poll(() => added.getAttribute('data-status')).toBe('ok');
    const typed = await drawnPanels(added);
    expect(typed.find((panel) => panel.title === 'ROC curve')!.rows).toBeGreaterThan(1);
    expect(typed.find((panel) => panel.title === 'Churn rate by grade')!.rows).toBeGreaterThan(1);
    await added.locator('svg.marks').waitFor();
    await added.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'backtest-typed.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('explains an account clicked in the at-risk list: components that add up to the score, their measures, its history', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const list = page.locator('.cell-sql[data-name="at_risk_list"]');
    await list.scrollIntoViewIfNeeded();
    const link = list.locator('tbody button.account-link').first();
    const id = (await link.textContent())!;
    expect(id).toMatch(/^\d+$/);
    await link.click();
    const panel = page.locator('.explain-panel');
    await panel.locator('.components').waitFor();
    expect(await panel.locator('h2').textContent()).toBe(`Account ${id}`);
    expect(await panel.locator('.explain-score-picker').inputValue()).toBe('health');
    const shown = Number((await panel.locator('.explain-score').textContent())!.replace(/,/g, ''));
    const contributions = await panel.locator('.component-row').evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.contribution)));
    expect(contributions).toHaveLength(6);
    expect(Math.abs(contributions.reduce((sum, value) => sum + value, 0) - shown)).toBeLessThanOrEqual(0.01);
    expect(await panel.locator('.grade-chip').first().textContent()).toBe('red');
    const measures = await panel.locator('.measures li code').allTextContents();
    expect(measures).toEqual(expect.arrayContaining(['logins_90d', 'seat_use', 'users_90d', 'late_90d']));
    await panel.locator('.chart-view svg.marks').waitFor();
    expect(await panel.locator('.movers li').count()).toBe(5);
    await page.screenshot({ path: join(SCREENS, 'explanation.png') });
    await panel.locator('.movers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'explanation-history.png') });

    // Another score of the model, then an account the entity does not hold: said in the panel.
    await panel.locator('.explain-score-picker').selectOption('usage_only');
    await expect.poll(() => panel.locator('.explain-score-name').textContent()).toContain('usage_only');
    expect(await panel.locator('.component-row').count()).toBe(1);
    await page.locator('.add-bar button', { hasText: '+ SQL' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('select 99999999 as account_id');
    await page.keyboard.press('Shift+Enter');
    await page.locator('.cell-sql').last().locator('tbody button.account-link').click();
    await expect.poll(() => panel.locator('.explain-status').textContent()).toMatch(/^Could not explain account 99999999: there is no account 99999999/);
    await page.screenshot({ path: join(SCREENS, 'explanation-error.png') });
    await panel.locator('h2').focus();
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).toBe(false);
    // The browser logs the refused request (404) itself; the page shows it where it belongs.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
  }, 60_000);

  it('shows what a weight edit changes against the notebook as opened, until it is set as the baseline', async () => {
    const { page, errors } = await openNotebook(workbench, NOTEBOOK);
    const score = codeCell(page, 'pulse', 'score health');
    await score.scrollIntoViewIfNeeded();
    expect(await score.evaluate((element) => (window as unknown as Probe).pulse.selectText(element, '35', 'weight 35'))).toBe(true);
    await page.keyboard.type('70');
    const strip = page.locator('.what-if');
    await strip.locator('.what-if-score').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => strip.evaluate((element) => element.classList.contains('stale'))).toBe(false);
    expect(await strip.locator('.what-if-baseline').textContent()).toMatch(/^Compared with the notebook as you opened it at \d\d:\d\d · as of \d{4}-\d{2}-\d{2} · 2,000 accounts$/);
    expect(Number(await strip.locator('.what-if-score[data-score="health"]').getAttribute('data-moved'))).toBeGreaterThan(0);
    // The challenger score did not change: no account moves there.
    expect(await strip.locator('.what-if-score[data-score="usage_only"]').getAttribute('data-moved')).toBe('0');
    const atRisk = strip.locator('tr[data-segment="at_risk"]');
    const entering = Number(await atRisk.getAttribute('data-entering'));
    const leaving = Number(await atRisk.getAttribute('data-leaving'));
    expect(entering + leaving).toBeGreaterThan(0);
    expect(await atRisk.locator('summary').textContent()).toBe(`+${entering} in, −${leaving} out`);
    await atRisk.locator('summary').click();
    const ids = atRisk.locator('button.account-link');
    expect(await ids.count()).toBe(Math.min(entering, 50) + Math.min(leaving, 50));
    await strip.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'what-if.png') });

    // An id in the strip opens its explanation.
    const first = (await ids.first().textContent())!;
    await ids.first().click();
    await expect.poll(() => page.locator('.explain-panel h2').textContent()).toBe(`Account ${first}`);
    await page.locator('.explain-panel button[aria-label="Close the explanation"]').click();

    await strip.locator('button', { hasText: 'Set as baseline' }).click();
    expect(await strip.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);
});
