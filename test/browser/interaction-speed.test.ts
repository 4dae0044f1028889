import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotebook } from '../../engine/notebook/format.ts';
import { NUMBER_EDIT_RUN_DELAY_MS } from '../../workbench/client/src/edit-delay.ts';
import { ARTIFACTS } from '../helpers/browser.ts';
import { chartData, SCREENS, startWorkbench, waitForRunsToSettle, type Workbench } from '../helpers/workbench.ts';

/*
 * MEASURES (reports, does not assert a time) how fast the page answers the analyst's main loop
 * at the default sample size (10,000 accounts), in the shipped `health-review` notebook: edit a
 * weight of the health score, and the dependent chart (the health distribution) is drawn again
 * with new data. The time runs from the last keystroke to the new chart on screen, so it
 * includes the ~30 ms the page waits after an edit that changed only numbers, the run on the
 * server up to the histogram's result and drawing the chart. Between edits the test pauses a
 * second, as an analyst looks at the chart before the next change; the previous edit's
 * backtests are still running then.
 *
 * The notebook also holds two backtest charts and a grade migration, which depend on the score
 * and so run again on every edit, for many seconds at 10,000 accounts. Runs are streamed and
 * the server runs those charts last, so the histogram does not wait for them; each edit
 * supersedes the previous run's backtests. After the last edit the whole run is timed too.
 */

const NOTEBOOK = 'health-review.pulse.md';
const HISTOGRAM = 'health_distribution where active';
/** Weights for the `usage` component, far apart so that every edit moves the histogram. */
const WEIGHTS = [60, 10, 55, 12, 50, 14, 45, 16, 40, 18, 65, 8, 58, 11, 52];

/** How long the analyst looks at the chart before the next edit. */
const LOOK_MS = 1000;

interface RunTiming {
  seq: number;
  startedAt: number;
  resultAt: Record<number, number>;
  answeredAt?: number;
}

interface Probe {
  pulse: {
    selectText(cell: Element, text: string, within?: string): boolean;
    chartSpec(cell: Element): Record<string, unknown> | null;
    runTimings(): RunTiming[];
    text(): string;
  };
}

interface Measured {
  readonly edits: number;
  readonly editToChartMs: { median: number; p90: number; min: number; max: number };
  /** From the run's request to the histogram's result line. */
  readonly serverToHistogramMs: { median: number; p90: number };
  readonly drawMs: { median: number; p90: number };
  readonly samples: number[];
  /** The last edit's whole run, backtests and grade migration included, to its last line. */
  readonly wholeRunMs: number;
  /** From the last edit's run to the what-if strip's answer (asked once the run has ended). */
  readonly runToWhatIfMs: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Edits the `usage` weight of the score `weights.length` times, timing each until the histogram shows new data. */
async function measureWeightEdits(page: Page, weights: readonly number[]): Promise<Omit<Measured, 'wholeRunMs' | 'runToWhatIfMs'>> {
  const score = page.locator('.cell-pulse').filter({ has: page.locator('.view-lines', { hasText: 'score health' }) });
  const chart = page.locator('.cell-chart').filter({ has: page.locator('.view-lines', { hasText: HISTOGRAM }) }).first();
  const histogram = parseNotebook(await page.evaluate(() => (window as unknown as Probe).pulse.text())).cells
    .findIndex((cell) => cell.kind === 'chart' && cell.source.trim() === HISTOGRAM);
  expect(histogram).toBeGreaterThan(0);
  await score.scrollIntoViewIfNeeded();
  let weight = Number(/usage\s+weight\s+(\d+)/.exec(await score.locator('.view-lines').textContent() ?? '')?.[1]);
  expect(weight).toBeGreaterThan(0);
  const totals: number[] = [];
  const runs: number[] = [];
  const draws: number[] = [];
  for (const next of weights) {
    await page.waitForTimeout(LOOK_MS);
    const before = await chartData(page, HISTOGRAM);
    const selected = await score.evaluate((element, [text, within]) =>
      (window as unknown as Probe).pulse.selectText(element, text!, within), [String(weight), `weight ${weight}`]);
    expect(selected).toBe(true);
    await page.keyboard.type(String(next));
    const typedAt = await page.evaluate(() => performance.now());
    const drawnAt = await chart.evaluate((element, previous) => new Promise<number>((resolve) => {
      const probe = (window as unknown as Probe).pulse;
      const check = () => {
        const version = Number((element as HTMLElement).dataset.chartVersion ?? 0);
        const spec = probe.chartSpec(element);
        const data = JSON.stringify(spec ? { data: spec.data ?? null, datasets: spec.datasets ?? null } : null);
        if (version > previous.version && data !== previous.data) resolve(performance.now());
        else requestAnimationFrame(check);
      };
      check();
    }), before);
    const run = (await page.evaluate(() => (window as unknown as Probe).pulse.runTimings())).filter((timing) => timing.resultAt[histogram] !== undefined).at(-1)!;
    totals.push(drawnAt - typedAt);
    runs.push(run.resultAt[histogram]! - run.startedAt);
    draws.push(drawnAt - run.resultAt[histogram]!);
    weight = next;
  }
  const round = (values: number[]) => ({ median: Math.round(percentile(values, 50)), p90: Math.round(percentile(values, 90)) });
  return {
    edits: totals.length,
    editToChartMs: { ...round(totals), min: Math.round(Math.min(...totals)), max: Math.round(Math.max(...totals)) },
    serverToHistogramMs: round(runs),
    drawMs: round(draws),
    samples: totals.map(Math.round),
  };
}

function describeFigures(what: string, figures: Measured): string {
  return `${what} (10,000 accounts, ${figures.edits} weight edits): edit → histogram with new data median ${figures.editToChartMs.median} ms, p90 ${figures.editToChartMs.p90} ms`
    + ` (run request → histogram's result median ${figures.serverToHistogramMs.median} ms, p90 ${figures.serverToHistogramMs.p90} ms; drawing median ${figures.drawMs.median} ms;`
    + ` the page waits ${NUMBER_EDIT_RUN_DELAY_MS} ms after an edit of numbers; ${LOOK_MS} ms between edits); the last edit's whole run, backtests included: ${figures.wholeRunMs} ms; its what-if shown ${figures.runToWhatIfMs} ms after the run started`;
}

describe('interaction speed at 10,000 accounts', () => {
  let workbench: Workbench;
  const results: Record<string, Measured> = {};

  beforeAll(async () => {
    workbench = await startWorkbench({ accounts: 10_000 });
  });

  afterAll(async () => {
    await writeFile(join(ARTIFACTS, 'interaction-speed.json'), `${JSON.stringify({ accounts: 10_000, ...results }, null, 2)}\n`);
    await workbench?.close();
  });

  it('health-review: a weight edit redraws the histogram without waiting for the backtests — 15 edits', async () => {
    const { page, errors } = await workbench.open(NOTEBOOK);
    await waitForRunsToSettle(page, 120_000);
    const figures = await measureWeightEdits(page, WEIGHTS);
    // The histogram is drawn again; the backtests of the same run are still on their way.
    const backtest = page.locator('.cell-chart[data-name="health_backtest"]');
    await backtest.scrollIntoViewIfNeeded();
    expect(await backtest.getAttribute('data-status')).toBe('running');
    await page.screenshot({ path: join(SCREENS, 'running.png') });
    await waitForRunsToSettle(page, 120_000);
    await page.locator('.what-if:not(.stale) .what-if-score').first().waitFor({ timeout: 60_000 });
    const whatIfAt = await page.evaluate(() => performance.now());
    const last = (await page.evaluate(() => (window as unknown as Probe).pulse.runTimings())).at(-1)!;
    results.healthReview = { ...figures, wholeRunMs: Math.round(last.answeredAt! - last.startedAt), runToWhatIfMs: Math.round(whatIfAt - last.startedAt) };
    await page.locator('.cell-chart').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENS, 'speed-final.png') });
    console.log(describeFigures('interaction speed, health-review', results.healthReview));
    expect(errors).toEqual([]);
  }, 240_000);
});
