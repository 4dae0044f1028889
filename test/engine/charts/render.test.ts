import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChart } from '../../../engine/charts/build-chart.ts';
import { renderPng, renderSvg } from '../../../engine/charts/render.ts';
import { helveticaWidth } from '../../../engine/charts/text-metrics.ts';
import type { Session } from '../../../engine/session.ts';
import { ASOF, chartSession } from './chart-fixture.ts';

/** Where the rendered charts are left for a person to look at (git-ignored). */
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/charts');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chart line, its file name and its title. The first three are the headline charts. */
const CHARTS = [
  { line: 'retention by signup_month', file: 'retention-heatmap', title: 'Cohort retention' },
  { line: 'ltv by tier', file: 'ltv-by-tier', title: 'Lifetime value by tier' },
  { line: 'nps by tier quarterly', file: 'nps-by-tier', title: 'NPS by tier, quarterly' },
  { line: 'retention by signup_month revenue', file: 'retention-revenue-heatmap', title: 'Cohort revenue retention' },
  { line: 'churn_rate by tier monthly', file: 'churn-rate-by-tier', title: 'Logo churn rate by tier, monthly' },
  { line: 'csat by touchpoint', file: 'csat-by-touchpoint', title: 'CSAT by touchpoint' },
  { line: 'health_distribution', file: 'health-distribution', title: 'Distribution of the health score' },
  { line: 'resolution_time by complexity', file: 'resolution-time-by-complexity', title: 'Resolution time by complexity' },
  { line: 'churn_reasons by tier', file: 'churn-reasons-by-tier', title: 'Churn reasons by tier' },
  { line: 'referrals by tier', file: 'referrals-by-tier', title: 'Referrals by tier, quarterly' },
  { line: 'survey nps by tier', file: 'survey-nps-by-tier', title: 'NPS answers by tier' },
  { line: 'ltv by tier cap none', file: 'ltv-by-tier-cap-none', title: 'Lifetime value by tier' },
] as const;

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('rendering charts without a browser', () => {
  let fixture: Awaited<ReturnType<typeof chartSession>>;
  let session: Session;

  beforeAll(async () => {
    fixture = await chartSession();
    session = fixture.session;
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it.each(CHARTS)('$line → test-artifacts/charts/$file (SVG, PNG)', async ({ line, file, title }) => {
    const built = await buildChart(session, line, { asof: ASOF });
    expect(built.diagnostics).toEqual([]);
    const warnings: string[] = [];
    const svg = await renderSvg(built.spec!, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`>${title}</text>`);
    expect(svg).toMatch(new RegExp(`>As of ${ASOF}</(tspan|text)>`));

    const png = renderPng(svg);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const { width, height } = pngSize(png);
    // Twice the SVG size: a ~600 px plot with its axes, legend and title, not cut, not blown up.
    const svgWidth = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    expect(width).toBe(Math.round(svgWidth * 2));
    expect(width).toBeGreaterThanOrEqual(1200);
    expect(width).toBeLessThanOrEqual(1800);
    expect(height).toBeGreaterThanOrEqual(250);
    expect(height).toBeLessThanOrEqual(2400);

    await writeFile(join(ARTIFACTS, `${file}.svg`), svg);
    await writeFile(join(ARTIFACTS, `${file}.png`), png);
    await writeFile(join(ARTIFACTS, `${file}.vl.json`), `${JSON.stringify(built.spec, null, 2)}\n`);
  });

  it('measures text with Helvetica widths, not Vega\'s 0.8 em guess', () => {
    // "Tier" at 12 px: T 611 + i 222 + e 556 + r 333 = 1722 units → 20.7 px (the guess: 38 px).
    expect(helveticaWidth('Tier', 12)).toBeCloseTo(20.664, 6);
    expect(helveticaWidth('Tier', 12, true)).toBeGreaterThan(helveticaWidth('Tier', 12));
  });
});
