import { join } from 'node:path';
import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChart } from '../../../engine/charts/build-chart.ts';
import { compileChart } from '../../../engine/charts/render.ts';
import { cohortMetric, defaultLtvParameters, ltvMetric, runMetric } from '../../../engine/metrics/index.ts';
import type { Session } from '../../../engine/session.ts';
import { expectGolden } from '../../helpers/golden.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { createLtvFixture, LTV_ASOF } from '../metrics/ltv-fixture.ts';
import { ASOF, chartSession } from './chart-fixture.ts';

const GOLDEN = join(import.meta.dirname, 'golden');

/** Every built-in chart on the fixture, each with its golden spec file. */
const CHARTS: Readonly<Record<string, string>> = {
  'retention-logo': 'retention by signup_month',
  'retention-revenue': 'retention by signup_month revenue',
  'churn-rate-by-tier-monthly': 'churn_rate by tier monthly',
  'ltv-by-tier': 'ltv by tier',
  'nps-by-tier-quarterly': 'nps by tier quarterly',
  'csat-by-touchpoint': 'csat by touchpoint',
  'health-distribution': 'health_distribution',
  'resolution-time-by-complexity': 'resolution_time by complexity',
  'churn-reasons': 'churn_reasons',
  'churn-reasons-by-tier-where-at-risk': 'churn_reasons by tier where at_risk',
  'referrals-by-tier-quarterly': 'referrals by tier quarterly',
  'survey-nps-by-tier': 'survey nps by tier',
  'survey-csat-by-tier': 'survey csat by tier',
};

const cols = (start: number, end: number) => ({ start: { line: 1, column: start }, end: { line: 1, column: end } });

type Spec = Record<string, unknown>;

/** A spec as plain JSON data, to look into. */
function plain(spec: TopLevelSpec | null): Spec {
  return spec as unknown as Spec;
}

/** The inline data of a spec. */
function values(spec: TopLevelSpec | null): Record<string, unknown>[] {
  return (plain(spec).data as { values: Record<string, unknown>[] }).values;
}

/** The unit specs (those with a mark) of a spec, each with the encoding it inherits. */
function units(spec: Spec, inherited: Spec = {}): { spec: Spec; encoding: Spec }[] {
  const encoding = { ...inherited, ...((spec.encoding as Spec | undefined) ?? {}) };
  if (spec.mark) return [{ spec, encoding }];
  const children = [...((spec.layer as Spec[] | undefined) ?? []), ...(spec.spec ? [spec.spec as Spec] : [])];
  return children.flatMap((child) => units(child, encoding));
}

describe('built-in charts on the hand-made fixture', () => {
  let fixture: Awaited<ReturnType<typeof chartSession>>;
  let session: Session;

  beforeAll(async () => {
    fixture = await chartSession();
    session = fixture.session;
  });

  afterAll(async () => {
    await fixture.close();
  });

  describe.each(Object.entries(CHARTS))('%s', (name, line) => {
    let spec: TopLevelSpec;

    beforeAll(async () => {
      const built = await buildChart(session, line, { asof: ASOF });
      expect(built.diagnostics).toEqual([]);
      spec = built.spec!;
    });

    it('matches its golden spec', async () => {
      await expectGolden(join(GOLDEN, `${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    });

    it('compiles with vega-lite without a warning', () => {
      expect(compileChart(spec).warnings).toEqual([]);
    });

    it('is a complete v6 spec: title, notebook width, print config, inline data, a tooltip on every mark', () => {
      const s = plain(spec);
      expect(s.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
      expect((s.title as { text: string }).text).toMatch(/\w/);
      expect(s.width ?? (s.spec as Spec).width).toBe(600);
      expect(s.config).toMatchObject({ background: 'white' });
      expect(Array.isArray((s.data as { values: unknown }).values)).toBe(true);
      const marks = units(s);
      expect(marks.length).toBeGreaterThan(0);
      for (const unit of marks) expect(unit.encoding.tooltip, JSON.stringify(unit.spec.mark)).toBeDefined();
    });
  });

  it('inlines the metric rows exactly as the query returned them', async () => {
    const built = await buildChart(session, 'retention by signup_month', { asof: ASOF });
    const metric = await runMetric(session, cohortMetric, { asof: ASOF }, {});
    expect(plain(built.spec).data).toEqual({ values: rowsOf(metric.result) });
    expect(built.sql).toBe(metric.sql);
  });

  it('LTV: the tier without churn is capped, and the chart says so', async () => {
    const built = await buildChart(session, 'ltv by tier', { asof: ASOF });
    const metric = await runMetric(session, ltvMetric, { asof: ASOF, groupBy: 'tier' }, defaultLtvParameters);
    expect(values(built.spec)).toEqual(rowsOf(metric.result));
    expect(values(built.spec).filter((row) => row.capped).map((row) => row.tier)).toEqual(['Enterprise']);
    expect(JSON.stringify(built.spec)).toContain('capped at 120 months: ');
    expect(JSON.stringify(built.spec)).toContain("'no churn'");
    expect((plain(built.spec).title as { subtitle: string[] }).subtitle).toContain(
      'Light, dashed bars: lifetime capped at 120 months (no churn, or under 0.83 % a month); the tooltip gives the LTV without the cap');
  });

  it('referrals: per tier and quarter, made and converted, and per promoter — none without a promoter', async () => {
    const built = await buildChart(session, 'referrals by tier', { asof: ASOF });
    expect(built.diagnostics).toEqual([]);
    // Q1: account 1 (Starter) made 1, converted; account 2's 10 makes a Starter promoter. Q2: account 1 made 2
    // (one converted) with its 9, 10, 9; account 3 (Growth) made 1 with its 10, 9, 10. Enterprise: no referral,
    // and account 5 answered only after the evaluation date.
    const rows = await derivedRows(built.spec!);
    expect(rows.map((row) => [row.period_start, row.tier, row.referrals_made, row.referrals_converted, row._not_converted, row.promoters, row._per_promoter]))
      .toEqual([
        ['2024-01-01', 'Enterprise', 0, 0, 0, 0, 'no promoters'], ['2024-01-01', 'Growth', 0, 0, 0, 0, 'no promoters'], ['2024-01-01', 'Starter', 1, 1, 0, 1, '1.00'],
        ['2024-04-01', 'Enterprise', 0, 0, 0, 0, 'no promoters'], ['2024-04-01', 'Growth', 1, 0, 1, 1, '1.00'], ['2024-04-01', 'Starter', 2, 1, 1, 1, '2.00'],
      ]);
    expect((plain(built.spec).title as { text: string; subtitle: string[] })).toEqual({
      text: 'Referrals by tier, quarterly',
      subtitle: ['Bars: referrals made by the group\'s accounts, the converted ones dark (left axis). Line: referrals per promoter (right axis)', `As of ${ASOF}`],
    });
  });

  it('survey: each tier\'s accounts by their latest answer, as shares that add up to 100 %', async () => {
    const built = await buildChart(session, 'survey nps by tier', { asof: ASOF });
    // Latest answers: 1 → 7 (passive), 2 → 10 (promoter), both Starter; 3 → 3 (detractor, Growth). Enterprise never answered by then.
    const labels = (spec: TopLevelSpec) => derivedRows(spec, ((plain(spec).layer as Spec[])[1]!.transform as unknown[]));
    const rows = await labels(built.spec!);
    expect(rows.map((row) => [row.tier, row._answer, row.accounts, row._share, row._answered, row._middle])).toEqual([
      ['Growth', 'Detractor (0–6)', 1, 1, 1, 0.5],
      ['Starter', 'Passive (7–8)', 1, 0.5, 2, 0.25], ['Starter', 'Promoter (9–10)', 1, 0.5, 2, 0.75],
    ]);
    expect((plain(built.spec).title as { subtitle: string[] }).subtitle[0]).toBe('Each account\'s latest NPS answer, as a share of the accounts of the group that answered');
    // CSAT: latest answers 1 → 3 (May), 3 → 4, 4 → 2, 5 → 1.
    const csat = await labels((await buildChart(session, 'survey csat by tier', { asof: ASOF })).spec!);
    expect(csat.map((row) => [row.tier, row._answer, row._share])).toEqual([
      ['Enterprise', '1', 1], ['Growth', '2', 0.5], ['Growth', '4', 0.5], ['Starter', '3', 1],
    ]);
  });

  it('grouped by a grade, the groups are drawn in the grades\' own colours, worst first', async () => {
    const built = await buildChart(session, 'churn_rate by health_grade quarterly', { asof: ASOF });
    const color = (plain(built.spec).encoding as Spec).color as { scale?: unknown; legend?: unknown };
    // The fixture's grades are green, yellow and red, and the unscored account 2 has none: grey.
    expect(color.scale).toEqual({ domain: ['red', 'yellow', 'green', null], range: ['#D55E00', '#E69F00', '#009E73', '#BBBBBB'] });
    expect(color.legend).toEqual({ labelExpr: "datum.label === 'null' ? 'no score' : datum.label" });
    expect(compileChart(built.spec!).warnings).toEqual([]);
    const byTier = await buildChart(session, 'churn_rate by tier quarterly', { asof: ASOF });
    expect(((plain(byTier.spec).encoding as Spec).color as { scale?: unknown }).scale).toBeUndefined();
  });

  it('`where <segment>` restricts the accounts, and the subtitle names the segment', async () => {
    const built = await buildChart(session, 'churn_reasons by tier where at_risk', { asof: ASOF });
    // At-risk accounts are 3 and 4; only 4 churned (competitor).
    expect(values(built.spec).map((row) => [row.tier, row.reason, row.accounts, row.share])).toEqual([['Growth', 'competitor', 1, 100]]);
    expect((plain(built.spec).title as { subtitle: string[] }).subtitle).toContain(`As of ${ASOF} · accounts in segment at_risk`);
    expect(built.sql).toContain('"at_risk"');
    // The score histogram reads only scores, restricted the same way (accounts 3 and 4).
    const health = await buildChart(session, 'health_distribution where at_risk', { asof: ASOF });
    expect(values(health.spec).map((row) => [row.bin_start, row.grade, row.accounts, row.unscored])).toEqual([[10, 'red', 1, 0], [55, 'yellow', 1, 0]]);
  });

  it('health_distribution bins the scores by grade, and counts the accounts without a score', async () => {
    const built = await buildChart(session, 'health_distribution', { asof: ASOF });
    expect(values(built.spec).map((row) => [row.bin_start, row.bin_end, row.grade, row.accounts])).toEqual([
      [10, 15, 'red', 1], [55, 60, 'yellow', 1], [80, 85, 'green', 1], [95, 100, 'green', 1],
    ]);
    expect(values(built.spec).every((row) => row.unscored === 1)).toBe(true);
    expect((plain(built.spec).title as { subtitle: string[] }).subtitle).toEqual([
      '4 accounts by score, in bins of 5 points, coloured by grade', `As of ${ASOF}`, 'Not shown: 1 account without a score (every component missing)',
    ]);
    const scale = (plain(built.spec).encoding as { color: { scale: unknown } }).color.scale;
    expect(scale).toEqual({ domain: ['red', 'yellow', 'green'], range: ['#D55E00', '#E69F00', '#009E73'] });
  });

  it('groups by a column of scores (a grade) or of the metric\'s own table, case-insensitively', async () => {
    const byGrade = await buildChart(session, 'churn_rate by Health_Grade quarterly', { asof: ASOF });
    expect(byGrade.diagnostics).toEqual([]);
    expect(JSON.stringify(byGrade.spec)).toContain('"field":"health_grade"');
    const byChannel = await buildChart(session, 'resolution_time by channel', { asof: ASOF });
    expect(values(byChannel.spec).map((row) => row.channel)).toEqual(['chat', 'email', 'phone']);
  });

  it('an empty result is a chart with a warning, not an error', async () => {
    const built = await buildChart(session, 'nps by tier', { asof: '2020-01-01' });
    expect(built.diagnostics).toEqual([{
      code: 'chart-no-data', severity: 'warning', range: cols(1, 12), message: 'there is nothing to chart as of 2020-01-01',
      hint: 'Check the evaluation date and the segment: no data falls in them.',
    }]);
    expect(built.spec).not.toBeNull();
    expect(compileChart(built.spec!).warnings).toEqual([]);
  });

  describe('mistakes are diagnostics, at the name, with a suggestion', () => {
    it('an unknown column', async () => {
      const built = await buildChart(session, 'nps by teir quarterly', { asof: ASOF });
      expect(built.spec).toBeNull();
      expect(built.request).toMatchObject({ kind: 'nps', period: 'quarter' });
      expect(built.diagnostics).toEqual([{
        code: 'chart-unknown-column', severity: 'error', range: cols(8, 12),
        message: 'unknown column `teir` — did you mean `tier`?', hint: 'Group by a column of accounts, scores or nps_responses.',
      }]);
      expect((await buildChart(session, 'resolution_time by complexty', { asof: ASOF })).diagnostics).toMatchObject([{
        message: 'unknown column `complexty` — did you mean `complexity`?', hint: 'Group by a column of tickets, accounts or scores.', range: cols(20, 29),
      }]);
    });

    it('an unknown segment, a column that is not a segment, and both mistakes at once', async () => {
      expect((await buildChart(session, 'ltv by tier where at_rsk')).diagnostics).toEqual([{
        code: 'chart-unknown-segment', severity: 'error', range: cols(19, 25),
        message: 'unknown segment `at_rsk` — did you mean `at_risk`?', hint: 'A segment is a `segment` of the model: a true/false column of scores.',
      }]);
      expect((await buildChart(session, 'ltv by tier where health')).diagnostics).toMatchObject([{
        code: 'chart-unknown-segment', message: '`health` is not a segment: it is not a true/false column of scores', range: cols(19, 25),
      }]);
      const both = await buildChart(session, 'csat by touchpiont where champs');
      expect(both.diagnostics.map((d) => [d.message, d.range.start.column])).toEqual([
        ['unknown column `touchpiont` — did you mean `touchpoint`?', 9],
        ['unknown segment `champs`', 26],
      ]);
    });

    it('health_distribution: an unknown score, and a score without grades', async () => {
      expect((await buildChart(session, 'health_distribution of helth')).diagnostics).toEqual([{
        code: 'chart-unknown-score', severity: 'error', range: cols(24, 29), message: 'unknown score `helth` — did you mean `health`?',
        hint: '`health_distribution of <score>` reads the columns `<score>` and `<score>_grade` of scores.',
      }]);
      expect((await buildChart(session, 'health_distribution of engagement')).diagnostics).toEqual([{
        code: 'chart-no-grades', severity: 'error', range: cols(24, 34),
        message: 'score `engagement` has no grades (scores has no column `engagement_grade`)',
        hint: 'Add grades to the score: `grades { green >= 70, yellow >= 40, red }`.',
      }]);
    });

    it('a bad evaluation date', async () => {
      expect((await buildChart(session, 'ltv by tier', { asof: '30/06/2024' })).diagnostics).toEqual([{
        code: 'chart-bad-argument', severity: 'error', range: cols(1, 12), message: 'not a date (YYYY-MM-DD): 30/06/2024',
      }]);
    });

    it('grouping by a column whose name the metric already uses', async () => {
      await session.execute('ALTER TABLE scores ADD COLUMN responses VARCHAR');
      try {
        expect((await buildChart(session, 'nps by responses', { asof: ASOF })).diagnostics).toEqual([{
          code: 'chart-group-clash', severity: 'error', range: cols(8, 17),
          message: "cannot group by `responses`: the chart's data already has a column of that name",
          hint: 'Group by another column, or make a copy of it under another name in a `sql` cell.',
        }]);
      } finally {
        await session.execute('ALTER TABLE scores DROP COLUMN responses');
      }
    });

    it('a syntax mistake comes back from the parser, without touching the session', async () => {
      const built = await buildChart(session, 'ltv tier');
      expect(built).toEqual({ spec: null, request: null, diagnostics: [expect.objectContaining({ code: 'chart-missing-by', range: cols(5, 9) })] });
    });
  });

  describe('without an evaluated model (no scores table)', () => {
    let bare: Awaited<ReturnType<typeof chartSession>>;

    beforeAll(async () => {
      bare = await chartSession({ scores: false });
    });

    afterAll(async () => {
      await bare.close();
    });

    it('health_distribution and `where` say that scores are needed', async () => {
      expect((await buildChart(bare.session, 'health_distribution')).diagnostics).toEqual([{
        code: 'chart-no-scores', severity: 'error', range: cols(1, 20),
        message: '`health_distribution` needs the model\'s scores, but no model has been evaluated yet (there is no `scores` table)',
        hint: 'Run a `pulse` cell with a score and segments first.',
      }]);
      expect((await buildChart(bare.session, 'nps by tier where at_risk')).diagnostics).toMatchObject([{
        code: 'chart-no-scores', range: cols(19, 26),
        message: '`where at_risk` needs the model\'s scores, but no model has been evaluated yet (there is no `scores` table)',
      }]);
    });

    it('charts over accounts alone still work', async () => {
      const built = await buildChart(bare.session, 'churn_rate by region quarterly', { asof: ASOF });
      expect(built.diagnostics).toEqual([]);
    expect(compileChart(built.spec!).warnings).toEqual([]);
      expect((await buildChart(bare.session, 'ltv by health_grade', { asof: ASOF })).diagnostics).toMatchObject([{
        message: 'unknown column `health_grade`', hint: 'Group by a column of accounts.',
      }]);
    });
  });
});

/**
 * The inline rows of a spec after its top-level transforms and `extra` ones (a layer's), as
 * Vega computes them: the fields that labels and tooltips read. The transforms run in a spec
 * of their own, with a mark that encodes nothing, so that no row is dropped for the marks.
 */
async function derivedRows(spec: TopLevelSpec, extra: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  const s = plain(spec);
  const alone = { data: s.data, transform: [...((s.transform as unknown[] | undefined) ?? []), ...extra], mark: 'point' } as unknown as TopLevelSpec;
  const { vega } = compileChart(alone);
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    await view.runAsync();
    return view.data(vega.data!.at(-1)!.name!) as Record<string, unknown>[];
  } finally {
    view.finalize();
  }
}

describe('LTV: the lifetime cap is a parameter of the line, and the chart says when it bit', () => {
  let scratch: ScratchSession;

  beforeAll(async () => {
    scratch = await openScratchSession('pulse-charts-');
    await createLtvFixture(scratch.session);
  });

  afterAll(async () => {
    await scratch.close();
  });

  const subtitle = (spec: TopLevelSpec | null) => (plain(spec).title as { subtitle: string[] }).subtitle;
  const tooltipTitles = (spec: TopLevelSpec | null) => ((plain(spec).encoding as Spec).tooltip as { title: string }[]).map((entry) => entry.title);

  it('by default: capped at 120 months, said in the subtitle; a churn under 0.83 % a month is capped, with the uncapped figure in the tooltip', async () => {
    const built = await buildChart(scratch.session, 'ltv by tier', { asof: LTV_ASOF });
    expect(built.diagnostics).toEqual([]);
    expect(compileChart(built.spec!).warnings).toEqual([]);
    expect(subtitle(built.spec)).toEqual([
      'ARPA × lifetime; lifetime = 1 / monthly logo churn rate, last 12 full months, capped at 120 months',
      `As of ${LTV_ASOF}`,
      'Light, dashed bars: lifetime capped at 120 months (no churn, or under 0.83 % a month); the tooltip gives the LTV without the cap',
    ]);
    expect(tooltipTitles(built.spec)).toContain('Without the cap');
    // Enterprise: 1 churn in 153 account-months → 153 months, capped at 120; ARPA 1000. Growth: no churn. Starter: 5 months.
    const rows = await derivedRows(built.spec!);
    expect(rows.map((row) => [row.tier, row._lifetime_note, row._without_cap, row._label])).toEqual([
      ['Enterprise', 'capped at 120 months: churn under 0.83 % a month', '153,000 (lifetime 153.0 months)', '120,000  (capped at 120 months: churn under 0.83 % a month)'],
      ['Growth', 'capped at 120 months: no churn', 'unbounded: no churn in the window', '60,000  (capped at 120 months: no churn)'],
      ['Starter', 'from observed churn', 'the same: not capped', '500'],
    ]);
  });

  it('`cap 240 months`: the Enterprise churn is measured, only the tier without churn is capped', async () => {
    const built = await buildChart(scratch.session, 'ltv by tier cap 240 months', { asof: LTV_ASOF });
    expect(subtitle(built.spec)[0]).toBe('ARPA × lifetime; lifetime = 1 / monthly logo churn rate, last 12 full months, capped at 240 months');
    expect(subtitle(built.spec)[2]).toBe('Light, dashed bars: lifetime capped at 240 months (no churn, or under 0.42 % a month); the tooltip gives the LTV without the cap');
    const rows = await derivedRows(built.spec!);
    expect(rows.map((row) => [row.tier, row.ltv_margin, row.capped, row._label])).toEqual([
      ['Enterprise', 153_000, false, '153,000'],
      ['Growth', 120_000, true, '120,000  (capped at 240 months: no churn)'],
      ['Starter', 500, false, '500'],
    ]);
  });

  it('`cap none`: nothing is capped, and the tier without churn has no bar and says why', async () => {
    const built = await buildChart(scratch.session, 'ltv by tier cap none', { asof: LTV_ASOF });
    expect(compileChart(built.spec!).warnings).toEqual([]);
    expect(subtitle(built.spec)).toEqual([
      'ARPA × lifetime; lifetime = 1 / monthly logo churn rate, last 12 full months, not capped',
      `As of ${LTV_ASOF}`,
      'No bar: no churn in the window, so no lifetime without a cap',
    ]);
    expect(tooltipTitles(built.spec)).not.toContain('Without the cap');
    expect(JSON.stringify(built.spec)).not.toContain('capped at');
    const rows = await derivedRows(built.spec!);
    // Growth's label stands where its bar would start.
    expect(rows.map((row) => [row.tier, row.ltv_margin, row._lifetime_note, row._label, row._label_x])).toEqual([
      ['Enterprise', 153_000, 'from observed churn', '153,000', 153_000],
      ['Growth', null, 'unbounded: no churn in the window', 'no churn: no lifetime without a cap', 0],
      ['Starter', 500, 'from observed churn', '500', 500],
    ]);
  });
});
