import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type ModelIR } from '../../../dsl/index.ts';
import { buildChart } from '../../../engine/charts/build-chart.ts';
import { compileChart } from '../../../engine/charts/render.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { expectGolden } from '../../helpers/golden.ts';
import { BACKTEST_MODEL } from '../backtest/backtest-fixture.ts';
import { ASOF, chartSession } from './chart-fixture.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const RANGE = 'within 60 days from 2024-02-01 to 2024-05-01';

type Spec = Record<string, unknown>;

/** Every unit spec (one with a mark) of a spec, through concatenations and layers, with the data and encoding it inherits. */
function units(spec: Spec, inherited: { data?: unknown; encoding: Spec } = { encoding: {} }): { spec: Spec; data: unknown; encoding: Spec }[] {
  const here = { data: spec.data ?? inherited.data, encoding: { ...inherited.encoding, ...((spec.encoding as Spec | undefined) ?? {}) } };
  if (spec.mark) return [{ spec, ...here }];
  const concat = [...((spec.vconcat as Spec[] | undefined) ?? []), ...((spec.hconcat as Spec[] | undefined) ?? [])];
  return [...concat.flatMap((child) => units(child)), ...((spec.layer as Spec[] | undefined) ?? []).flatMap((child) => units(child, here))];
}

/** The panel of a backtest chart with this title. */
function panel(spec: Spec, title: string): Spec {
  const all: Spec[] = [];
  const walk = (node: Spec) => {
    all.push(node);
    for (const child of [...((node.vconcat as Spec[] | undefined) ?? []), ...((node.hconcat as Spec[] | undefined) ?? [])]) walk(child);
  };
  walk(spec);
  return all.find((node) => (node.title as { text?: string } | undefined)?.text === title)!;
}

/** The rows of a panel: its own data, or its first layer's. */
function rows(node: Spec): Record<string, unknown>[] {
  const data = (node.data ?? ((node.layer as Spec[])[0]!.data)) as { values: Record<string, unknown>[] };
  return data.values;
}

describe('charts that validate the model, on the hand-made fixture', () => {
  let fixture: Awaited<ReturnType<typeof chartSession>>;
  let session: Session;
  let model: ModelIR;

  beforeAll(async () => {
    fixture = await chartSession({ scores: false });
    session = fixture.session;
    model = analyze(BACKTEST_MODEL, await modelSchema(session)).model!;
  });

  afterAll(async () => {
    await fixture.close();
  });

  describe.each([
    ['backtest', `backtest size ${RANGE}`],
    ['backtest-vs', `backtest size vs flat ${RANGE}`],
    ['grade-migration', 'grade_migration from size to flat'],
  ])('%s', (name, line) => {
    let spec: Spec;

    beforeAll(async () => {
      const built = await buildChart(session, line, { asof: ASOF, model });
      expect(built.diagnostics).toEqual([]);
      spec = built.spec as unknown as Spec;
    });

    it('matches its golden spec', async () => {
      await expectGolden(join(GOLDEN, `${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    });

    it('compiles with vega-lite without a warning, with data and a tooltip on every mark but the reference lines', () => {
      expect(compileChart(spec as never).warnings).toEqual([]);
      for (const unit of units(spec)) {
        expect(unit.data, JSON.stringify(unit.spec.mark)).toBeDefined();
        const mark = unit.spec.mark as { type: string; strokeDash?: unknown };
        if (mark.type !== 'text' && !mark.strokeDash) expect(unit.encoding.tooltip, JSON.stringify(mark)).toBeDefined();
      }
    });
  });

  it('may run ten times the session\'s query time limit: they evaluate the model at many dates', async () => {
    const limits: (number | undefined)[] = [];
    const query = session.query;
    session.query = (text, options) => {
      limits.push(options?.timeoutMs);
      return query.call(session, text, options);
    };
    try {
      await buildChart(session, `backtest size ${RANGE}`, { asof: ASOF, model });
      await buildChart(session, 'grade_migration from size to flat', { asof: ASOF, model });
    } finally {
      session.query = query;
    }
    expect(limits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(limits)).toEqual(new Set([10 * session.queryTimeoutMs]));
  });

  it('backtest: the figures worked out by hand in backtest-fixture.ts, in the panels', async () => {
    const spec = (await buildChart(session, `backtest size ${RANGE}`, { asof: ASOF, model })).spec as unknown as Spec;
    expect((spec.title as { subtitle: string[] }).subtitle[0]).toMatch(/^AUC 0\.764 \(95 % CI /);
    expect((spec.title as { subtitle: string[] }).subtitle[1]).toBe('4 monthly evaluation dates from 2024-02-01 to 2024-05-01 · 15 account-dates · 20.0 % churned within 60 days');
    expect(rows(panel(spec, 'Churn rate by grade')).map((row) => [row.grade, row.accounts, row.churned, row.churn_rate])).toEqual([
      ['green', 4, 0, 0], ['yellow', 6, 1, 100 / 6 / 100], ['red', 5, 2, 0.4],
    ]);
    const curve = (panel(spec, 'ROC curve').layer as Spec[])[1]!.data as { values: Record<string, unknown>[] };
    const roc = curve.values.map((row) => [row.fpr, row.tpr]);
    // Riskiest first: score 20 (2 churned of 5), then 60 (1 of 6), then 100 (0 of 4).
    expect(roc).toEqual([[0, 0], [3 / 12, 2 / 3], [8 / 12, 1], [1, 1]]);
    expect(rows(panel(spec, 'AUC at each evaluation date')).map((row) => row.auc)).toEqual([0.75, 2.5 / 3, null, 2 / 3]);
  });

  it('backtest by default: the 18 month-ends up to a horizon before the evaluation date', async () => {
    const built = await buildChart(session, 'backtest size within 60 days', { asof: ASOF, model });
    // 2024-06-30 − 60 days = 2024-05-01, whose last month-end is 2024-04-30; 17 months before
    // it, 2022-11-30. Active at the month-ends: account 5 from 2023-12-31 (5 dates), 1 from
    // 2024-01-31 (4), 2 on 01-31 and 02-29 (2, both churned by its 03-05 churn), 3 from 02-29 (3),
    // 4 on 03-31 and 04-30 (2; its churn on 06-30 is 61 days after 04-30): 16, of which 2 churned.
    expect((built.spec as unknown as { title: { subtitle: string[] } }).title.subtitle[1])
      .toBe('18 monthly evaluation dates from 2022-11-30 to 2024-04-30 · 16 account-dates · 12.5 % churned within 60 days');
    expect(built.diagnostics).toEqual([]);
  });

  it('warns when the horizon of the last dates runs past the data', async () => {
    const built = await buildChart(session, 'backtest size within 60 days from 2024-03-01 to 2024-06-01', { asof: ASOF, model });
    expect(built.spec).not.toBeNull();
    expect(built.diagnostics).toEqual([expect.objectContaining({
      code: 'chart-labels-incomplete', severity: 'warning', message: 'churn within 60 days of 2024-06-01 is not all known yet: the data ends on 2024-06-30',
    })]);
  });

  it('names checked against the model, with suggestions', async () => {
    const cols = (start: number, end: number) => ({ start: { line: 1, column: start }, end: { line: 1, column: end } });
    expect((await buildChart(session, 'backtest sise within 60 days', { asof: ASOF, model })).diagnostics).toEqual([{
      code: 'chart-unknown-score', severity: 'error', range: cols(10, 14),
      message: 'the model has no score `sise` — did you mean `size`?', hint: 'Its scores are size or flat.',
    }]);
    expect((await buildChart(session, 'grade_migration from size to flat where paing_150', { asof: ASOF, model })).diagnostics).toEqual([expect.objectContaining({
      code: 'chart-unknown-segment', message: 'the model has no segment `paing_150` — did you mean `paying_150`?', range: cols(41, 50),
    })]);
    expect((await buildChart(session, 'backtest size within 60 days', { asof: ASOF })).diagnostics).toEqual([expect.objectContaining({
      code: 'chart-needs-model', message: "`backtest` evaluates the notebook's model, but this notebook has none", range: cols(1, 9),
    })]);
  });

  it('grade_migration: the accounts of each cell for the drill-down', async () => {
    const spec = (await buildChart(session, 'grade_migration from size to flat', { asof: ASOF, model })).spec as unknown as Spec;
    // As of 2024-06-30: active 1 (150 → yellow), 3 (150 → yellow), 5 (1000 → green); 4 churned that day. flat: all yellow.
    const cells = (spec.data as { values: Record<string, unknown>[] }).values.filter((cell) => (cell.accounts as number) > 0);
    expect(cells.map((cell) => [cell.from, cell.to, cell.accounts, cell.account_ids])).toEqual([['green', 'yellow', 1, [5]], ['yellow', 'yellow', 2, [1, 3]]]);
  });
});
