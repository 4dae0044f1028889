import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelIR } from '../../dsl/index.ts';
import { isCalendarDate } from '../../dsl/check/environment.ts';
import { runBacktest, type BacktestResult, type Candidate, type ScoreBacktest } from '../../engine/backtest/backtest.ts';
import { backtestRange, type Step } from '../../engine/backtest/dates.ts';
import { renderSvg } from '../../engine/charts/render.ts';
import { backtestSpec } from '../../engine/charts/specs/backtest.ts';
import { gradeMigrationSpec } from '../../engine/charts/specs/grade-migration.ts';
import { defaultAsof } from '../../engine/evaluate-model.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { folderHelp, folderOptions, type Command } from '../command.ts';
import { checkFolderOption, outputFolder } from '../folders.ts';
import { analyzeFile, countProblems, openDataFolder, printDiagnostics, readTextFile } from '../rules-file.ts';
import { formatCount, styles, type Terminal } from '../terminal.ts';

const STEPS: Readonly<Record<string, Step>> = { week: 'week', weekly: 'week', month: 'month', monthly: 'month', quarter: 'quarter', quarterly: 'quarter' };
/** A backtest has nobody waiting at a screen: as long as `pulse run`. */
const BACKTEST_QUERY_TIMEOUT_MS = 10 * 60 * 1000;

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'backtest a health score against churn, or compare two scores or two models',
  help: `Usage: pulse backtest FILE [--score NAME] [--vs SCORE | --vs FILE2[:SCORE]] [--horizon DAYS]
                      [--from YYYY-MM-DD --to YYYY-MM-DD] [--every week|month|quarter]
                      [--where SEGMENT] [--out DIR] [--json] [--data DIR] [--notebooks DIR]

Scores every account as of each evaluation date — seeing only the data up to that date —
labels each account active then by whether it churned within the horizon after it, and
prints how well the score ranked them: the AUC with its 95 % confidence interval, the churn
rate of each grade, lift by score decile and the AUC at each date. FILE is a rules file
(.pulse) or a notebook (.pulse.md), whose pulse cells form the model.

With --vs, a second score is measured on the same account-dates: another score of the same
model (--vs usage_only), or a score of another file (--vs other.pulse.md:health; the score's
name is the same as --score when left out). The difference of the AUCs comes with its
interval, and the grade migration at the last date shows which accounts changed grade.

  --score NAME      the score to test (default: the model's first score)
  --horizon DAYS    churn within this many days after each date counts (default 90)
  --from, --to      the first and last evaluation dates (default: 18 month-ends, or 8
                    quarter-ends, or 26 weeks, the last at least one horizon before the
                    latest date in the data, so that every label is known)
  --every STEP      week, month (default) or quarter
  --where SEGMENT   only the accounts in this segment of the model at each date
  --out DIR         also write backtest.svg and backtest.vl.json (and grade-migration.svg and
                    .vl.json with --vs) into DIR
  --json            print the figures as JSON instead of a table
${folderHelp}`,

  async run(args, terminal) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...folderOptions, score: { type: 'string' }, vs: { type: 'string' }, horizon: { type: 'string', default: '90' },
        from: { type: 'string' }, to: { type: 'string' }, every: { type: 'string', default: 'month' }, where: { type: 'string' },
        out: { type: 'string' }, json: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new RangeError('give exactly one rules file or notebook to backtest');
    const [file] = positionals as [string];
    const horizonDays = Number(values.horizon);
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 3650) throw new RangeError(`--horizon must be a whole number of days from 1 to 3650 (got "${values.horizon}")`);
    const every = STEPS[values.every.toLowerCase()];
    if (!every) throw new RangeError(`--every must be week, month or quarter (got "${values.every}")`);
    for (const [name, value] of [['--from', values.from], ['--to', values.to]] as const) {
      if (value !== undefined && !isCalendarDate(value)) throw new RangeError(`${name} must be a calendar date written YYYY-MM-DD (got "${value}")`);
    }
    if ((values.from === undefined) !== (values.to === undefined)) throw new RangeError('give both --from and --to, or neither for the default range');

    const text = await readTextFile(file);
    if (values.out) await checkFolderOption('--out', values.out);
    const workspace = await openDataFolder(terminal, { dataDir: values.data, notebooksDir: values.notebooks, queryTimeoutMs: BACKTEST_QUERY_TIMEOUT_MS });
    const { session } = workspace;
    try {
      const model = await checkedModel(session, file, text, terminal);
      if (!model) return 1;
      const first: Candidate = { model, score: values.score ?? model.scores[0]?.name ?? '', label: values.score ?? model.scores[0]?.name ?? '' };
      if (first.score === '') throw new RangeError(`${file} has no score to backtest`);
      const second = values.vs === undefined ? null : await versus(session, values.vs, first, terminal);
      if (second === undefined) return 1;
      const latest = await defaultAsof(session, model);
      const { from, to, labelsComplete } = backtestRange(latest, horizonDays, every, values.from && values.to ? { from: values.from, to: values.to } : null);
      const style = styles(terminal.err);
      if (!labelsComplete) {
        terminal.err.write(`${style.yellow('warning:')} churn within ${horizonDays} days of ${to} is not all known yet: the data ends on ${latest}; late dates will look better than they are\n`);
      }
      const started = performance.now();
      const result = await runBacktest(session, {
        candidates: second ? [first, second] : [first], horizonDays, from, to, every, segment: values.where ?? null,
      });
      const seconds = (performance.now() - started) / 1000;
      terminal.out.write(values.json ? `${JSON.stringify(jsonOf(result), null, 2)}\n` : report(result, file, seconds));
      if (values.out) {
        for (const name of await writeCharts(result, values.out, values.where ?? null)) terminal.out.write(`Wrote ${join(values.out, name)}\n`);
      }
      return 0;
    } finally {
      session.close();
    }
  },
};

/** The checked model of a file, or null after printing its problems. */
async function checkedModel(session: Session, file: string, text: string, terminal: Terminal): Promise<ModelIR | null> {
  const { model, diagnostics } = analyzeFile(file, text, await modelSchema(session));
  printDiagnostics(terminal.err, file, diagnostics.filter((d) => d.severity === 'error'));
  if (model) return model;
  terminal.err.write(`${styles(terminal.err).red('pulse backtest:')} ${file} has ${countProblems(diagnostics)}; nothing was evaluated.\n`);
  return null;
}

/** `--vs SCORE` (of the same model) or `--vs FILE[:SCORE]`; undefined when that file has errors. */
async function versus(session: Session, vs: string, first: Candidate, terminal: Terminal): Promise<Candidate | undefined> {
  const [, path, score] = /^(.*\.pulse(?:\.md)?)(?::(\w+))?$/i.exec(vs) ?? [];
  if (!path) return { model: first.model, score: vs, label: vs };
  const model = await checkedModel(session, path, await readTextFile(path), terminal);
  if (!model) return undefined;
  const name = score ?? first.score;
  const label = (file: string, of: string) => `${basename(file).replace(/\.pulse(\.md)?$/i, '')}:${of}`;
  return { model, score: name, label: label(path, name) };
}

/** The backtest as a plain-text report. */
function report(result: BacktestResult, file: string, seconds: number): string {
  const { request, dates } = result;
  const lines = [
    `Backtest of ${result.scores.map((score) => score.label).join(' vs ')} in ${file}: churn within ${request.horizonDays} days`,
    `${formatCount(dates.length)} ${request.every === 'week' ? 'weekly' : `${request.every}ly`} dates from ${dates[0]} to ${dates[dates.length - 1]}`
      + `${request.segment ? `, accounts in ${request.segment}` : ''} · ${formatCount(result.scores[0]!.pooled.accounts)} account-dates`
      + ` · ${percent(result.scores[0]!.pooled.churnRate)} churned · ${seconds.toFixed(1)} s`,
  ];
  if (result.unscored > 0) lines.push(`(${formatCount(result.unscored)} account-dates without a score are left out)`);
  for (const score of result.scores) lines.push('', ...scoreReport(score, result.scores.length > 1));
  if (result.comparison) {
    const { difference, migration } = result.comparison;
    const [a, b] = result.scores.map((score) => score.label);
    lines.push('', `${b} − ${a}: AUC ${signed(difference.difference)} (95 % CI ${signed(difference.low)} to ${signed(difference.high)})`
      + (difference.low > 0 ? `: ${b} ranks better` : difference.high < 0 ? `: ${a} ranks better` : ': no clear difference'));
    if (migration) {
      lines.push('', `Grade migration as of ${migration.asof} (rows: ${a}, columns: ${b})`);
      lines.push(table([['', ...migration.to], ...migration.from.map((from) => [from, ...migration.to.map((to) => formatCount(migration.cells.find((c) => c.from === from && c.to === to)!.accounts))])]));
    }
  }
  return `${lines.join('\n')}\n`;
}

function scoreReport(score: ScoreBacktest, named: boolean): string[] {
  const pooled = score.byGrade.filter((row) => row.asof === null);
  return [
    `${named ? `${score.label}: ` : ''}AUC ${auc(score.pooled)} (0.5 is chance, 1 is perfect)`,
    '',
    table([['grade', 'account-dates', 'share', 'churned', 'churn rate'],
      ...pooled.map((row) => [row.grade, formatCount(row.accounts), percent(row.share), formatCount(row.churned), percent(row.churnRate)])]),
    '',
    `Lift by score decile (1 = lowest scores): ${score.lift.map((row) => `${row.decile}: ${Number.isFinite(row.lift) ? row.lift.toFixed(2) : '–'}×`).join('  ')}`,
    `AUC by date: ${score.perDate.map((row) => `${row.asof} ${Number.isFinite(row.auc) ? row.auc.toFixed(3) : '–'}`).join('  ')}`,
  ];
}

/** Rows of cells as a text table: the first column left-aligned, the others right-aligned. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd()).join('\n');
}

function auc(value: { auc: number; low: number; high: number }): string {
  return Number.isFinite(value.auc) ? `${value.auc.toFixed(3)} (95 % CI ${value.low.toFixed(3)}–${value.high.toFixed(3)})` : 'not measurable (no churn, or only churn)';
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} %` : '–';
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

/** The result without the models and the SQL, NaN as null: what a script wants. */
function jsonOf(result: BacktestResult): unknown {
  const { request, sql: _sql, ...figures } = result;
  return JSON.parse(JSON.stringify({
    request: { ...request, candidates: request.candidates.map((candidate) => ({ score: candidate.score, label: candidate.label })) },
    ...figures,
  }, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value)));
}

/** The charts of the backtest, written into `out`; returns their file names. */
async function writeCharts(result: BacktestResult, out: string, segment: string | null): Promise<string[]> {
  const dir = await outputFolder('--out', out);
  const charts = [{ name: 'backtest', spec: backtestSpec(result, { segment }) }];
  const migration = result.comparison?.migration;
  if (migration) {
    const [from, to] = result.scores.map((score) => score.label) as [string, string];
    charts.push({ name: 'grade-migration', spec: gradeMigrationSpec(migration, { from, to, segment }) });
  }
  const written: string[] = [];
  for (const { name, spec } of charts) {
    await writeFile(join(dir, `${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    await writeFile(join(dir, `${name}.svg`), await renderSvg(spec));
    written.push(`${name}.vl.json`, `${name}.svg`);
  }
  return written;
}
