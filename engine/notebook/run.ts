import { isCalendarDate } from '../../dsl/check/environment.ts';
import { analyze, hasErrors, type Diagnostic, type ModelIR } from '../../dsl/index.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { buildChart, parseChartLine } from '../charts/index.ts';
import { PulseError } from '../errors.ts';
import { defaultAsof, materializeScores } from '../evaluate-model.ts';
import { modelSchema } from '../model-schema.ts';
import type { QueryResult, Session } from '../session.ts';
import { cellDependencies, withDependents, type CellDependencies } from './dependencies.ts';
import { parseNotebook, type CellKind, type NotebookCell } from './format.ts';
import { diagnosticsByCell, joinModelCells } from './model-text.ts';

/** What running one cell gave (docs/workbench-api.md). */
export type CellResult =
  | { readonly index: number; readonly kind: 'pulse'; readonly status: 'ok'; readonly elapsedMs: number;
      readonly diagnostics: readonly Diagnostic[]; readonly rows: number; readonly outputs: readonly string[] }
  | { readonly index: number; readonly kind: 'sql'; readonly status: 'ok'; readonly elapsedMs: number; readonly table: QueryResult }
  | { readonly index: number; readonly kind: 'chart'; readonly status: 'ok'; readonly elapsedMs: number;
      readonly spec: object; readonly diagnostics: readonly Diagnostic[] }
  | { readonly index: number; readonly kind: CellKind; readonly status: 'error'; readonly elapsedMs: number;
      readonly message: string; readonly diagnostics?: readonly Diagnostic[] }
  | { readonly index: number; readonly kind: CellKind; readonly status: 'skipped'; readonly reason: string };

export interface RunOptions {
  /** The cells to run (indices in `parseNotebook(text).cells`) — with their dependents; default: all. */
  readonly cells?: readonly number[];
  /** The evaluation date; default: the model's own, else the latest date of its sources. */
  readonly asof?: string;
  /** Aborting cancels the run: queries are interrupted, the run rejects with `query_cancelled`. */
  readonly signal?: AbortSignal;
  /** Rows returned for a table result (the query itself is not limited for charts). */
  readonly maxRows?: number;
  /** Told each cell's result as soon as it is known, so that a page can show it before the slow cells finish. */
  readonly onResult?: (result: CellResult) => void;
}

export interface NotebookRun {
  /** The evaluation date used, or null when nothing needed one. */
  readonly asof: string | null;
  readonly results: readonly CellResult[];
}

/** The most rows a chart over a named result carries inline. */
const MAX_CHART_ROWS = 50_000;

/**
 * Runs a notebook, or some of its cells and what depends on them, on a session. The model of
 * the `pulse` cells is evaluated into the table `scores`; `sql` cells run as read-only queries
 * that may name `scores`, any table, and earlier named `sql` cells (which become CTEs);
 * charts become Vega-Lite specs with their data inline. Runs on one session take turns, so
 * that one notebook's `scores` never shows in another's results.
 */
export async function runNotebook(session: Session, text: string, options: RunOptions = {}): Promise<NotebookRun> {
  const { asof, results, slowCells } = await takeTurn(session, options.signal, () => run(session, text, options));
  // The charts that validate the model evaluate it themselves and read no `scores`: they run
  // after this run's turn, so that the next run, an explanation or a what-if need not wait —
  // in a turn of their own, so that the backtests of several runs never compete for DuckDB's
  // threads with each other (and with every other request) all at once.
  if (slowCells) await takeValidationTurn(session, options.signal, slowCells);
  return { asof, results: [...results].sort((a, b) => a.index - b.index) };
}

/** The model and the quick cells, in the session's turn; `slowCells` runs the rest (null when there is none). */
async function run(session: Session, text: string, options: RunOptions): Promise<NotebookRun & { slowCells: (() => Promise<void>) | null }> {
  if (options.asof !== undefined && !isCalendarDate(options.asof)) {
    throw new PulseError('bad_argument', `the evaluation date must be a calendar date written YYYY-MM-DD (got "${options.asof}")`);
  }
  const notebook = parseNotebook(text);
  const dependencies = cellDependencies(notebook);
  const code = dependencies.filter((cell) => cell.kind !== 'markdown').map((cell) => cell.index);
  const targets = options.cells ? withDependents(dependencies, options.cells) : code;
  const results: CellResult[] = [];
  const report = (result: CellResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  const failed = new Set<number>();

  const needsModel = targets.some((index) => dependencies[index]!.readsModel);
  const modelCells = dependencies.filter((cell) => cell.kind === 'pulse').map((cell) => cell.index);
  const model = needsModel && modelCells.length > 0
    ? await evaluateNotebookModel(session, notebook.cells, modelCells, targets, options)
    : { asof: options.asof ?? null, results: [], ok: true, model: null };
  model.results.forEach(report);
  if (!model.ok) for (const index of modelCells) failed.add(index);

  const runCell = async (index: number) => {
    const cell = notebook.cells[index]!;
    const deps = dependencies[index]!;
    if (cell.kind === 'pulse' || cell.kind === 'markdown') return;
    const blocked = (deps.readsModel && modelCells.length > 0 && !model.ok) || deps.readsCells.some((at) => failed.has(at));
    if (blocked) {
      failed.add(index);
      report({ index, kind: cell.kind, status: 'skipped', reason: deps.readsModel && !model.ok ? 'the model has errors' : 'a cell it reads failed' });
      return;
    }
    const started = performance.now();
    try {
      report(cell.kind === 'sql'
        ? { index, kind: 'sql', status: 'ok', table: await runSqlCell(session, notebook.cells, dependencies, index, options), elapsedMs: performance.now() - started }
        : await runChartCell(session, notebook.cells, dependencies, index, model, options, started));
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      if (!(error instanceof PulseError)) throw error;
      failed.add(index);
      // The hint says what to do instead; a cell shows one message, so it follows the reason.
      const message = error.hint ? `${error.message} ${error.hint}` : error.message;
      report({ index, kind: cell.kind, status: 'error', elapsedMs: performance.now() - started, message });
    }
  };
  const slow = targets.filter((index) => isValidationChart(notebook.cells[index]!));
  for (const index of targets) if (!slow.includes(index)) await runCell(index);
  return {
    asof: model.asof,
    results,
    slowCells: slow.length === 0 ? null : async () => {
      for (const index of slow) await runCell(index);
    },
  };
}

/**
 * A chart that evaluates the model at past dates (`backtest`, `grade_migration`): it takes
 * seconds where other cells take milliseconds, so it runs last, everything else shown first.
 * No cell reads a chart, so the order changes no result.
 */
function isValidationChart(cell: NotebookCell): boolean {
  if (cell.kind !== 'chart' || cell.source.trim().startsWith('{')) return false;
  const kind = parseChartLine(cell.source).request?.kind;
  return kind === 'backtest' || kind === 'grade_migration';
}

/**
 * Evaluates the model of the notebook's `pulse` cells into `scores`, unless `scores` already
 * holds that very model as of that date. Gives each `pulse` cell that is a target its result:
 * its diagnostics (cell-relative), or the error.
 */
async function evaluateNotebookModel(session: Session, cells: readonly NotebookCell[], modelCells: readonly number[], targets: readonly number[],
  options: RunOptions): Promise<NotebookModel> {
  const started = performance.now();
  const modelText = joinModelCells(modelCells.map((index) => cells[index]!.source));
  const analysis = analyze(modelText.text, await modelSchema(session));
  const perCell = diagnosticsByCell(modelText, analysis.diagnostics);
  const shown = modelCells.map((index, at) => ({ index, diagnostics: perCell[at] ?? [] })).filter(({ index }) => targets.includes(index));
  if (!analysis.model || hasErrors(analysis.diagnostics)) {
    const results = shown.map(({ index, diagnostics }): CellResult => ({
      index, kind: 'pulse', status: 'error', elapsedMs: performance.now() - started, diagnostics,
      message: diagnostics.some((d) => d.severity === 'error') ? diagnostics.find((d) => d.severity === 'error')!.message : 'another pulse cell of the model has errors',
    }));
    return { asof: options.asof ?? null, results, ok: false, model: null };
  }
  const asof = options.asof ?? (await defaultAsof(session, analysis.model));
  const { rows, outputs } = await ensureScores(session, analysis.model, modelText.text, asof, options.signal);
  const results = shown.map(({ index, diagnostics }): CellResult => ({
    index, kind: 'pulse', status: 'ok', elapsedMs: performance.now() - started, diagnostics, rows, outputs,
  }));
  return { asof, results, ok: true, model: analysis.model };
}

/** The notebook's model once evaluated: its date, its cells' results, and the checked model (null when it has errors or there is none). */
interface NotebookModel {
  readonly asof: string | null;
  readonly results: CellResult[];
  readonly ok: boolean;
  readonly model: ModelIR | null;
}

/** What `scores` holds in each session, so that an unchanged model is not evaluated again. */
const scoresHeld = new WeakMap<Session, { key: string; rows: number; outputs: readonly string[] }>();

async function ensureScores(session: Session, model: ModelIR, text: string, asof: string, signal?: AbortSignal): Promise<{ rows: number; outputs: readonly string[] }> {
  const key = `${session.dataVersion}\n${asof}\n${text}`;
  const held = scoresHeld.get(session);
  if (held?.key === key) return held;
  scoresHeld.delete(session);
  const { rows } = await materializeScores(session, model, { asof, ...(signal ? { signal } : {}) });
  const evaluated = { key, rows, outputs: model.outputs.map((output) => output.name) };
  scoresHeld.set(session, evaluated);
  return evaluated;
}

/**
 * A `sql` cell's query, with every earlier named cell it reads (directly or through others)
 * as a CTE in front of it.
 */
export function cellQuery(cells: readonly NotebookCell[], dependencies: readonly CellDependencies[], index: number): string {
  const needed: number[] = [];
  const visit = (at: number) => {
    for (const dep of dependencies[at]!.readsCells) {
      if (!needed.includes(dep)) {
        visit(dep);
        needed.push(dep);
      }
    }
  };
  visit(index);
  const own = cells[index]!.source.trim().replace(/;\s*$/, '');
  if (needed.length === 0) return own;
  const ctes = needed.map((at) => `${sql.identifier(cells[at]!.name!)} AS (\n${cells[at]!.source.trim().replace(/;\s*$/, '')}\n)`).join(',\n');
  // The cell's own WITH, if any, continues the list of CTEs.
  const leadingWith = /^((?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*)with(\s+recursive)?\s/i.exec(own);
  if (leadingWith) {
    return `WITH${leadingWith[2] ?? ''} ${ctes},\n${own.slice(leadingWith[0].length)}`;
  }
  return `WITH ${ctes}\n${own}`;
}

async function runSqlCell(session: Session, cells: readonly NotebookCell[], dependencies: readonly CellDependencies[], index: number,
  options: RunOptions, maxRows = options.maxRows): Promise<QueryResult> {
  return session.queryReadOnly(cellQuery(cells, dependencies, index), {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(maxRows !== undefined ? { maxRows } : {}),
  });
}

async function runChartCell(session: Session, cells: readonly NotebookCell[], dependencies: readonly CellDependencies[], index: number,
  { asof, model }: NotebookModel, options: RunOptions, started: number): Promise<CellResult> {
  const source = cells[index]!.source;
  if (!source.trim().startsWith('{')) {
    const built = await buildChart(session, source, { ...(asof ? { asof } : {}), model, ...(options.signal ? { signal: options.signal } : {}) });
    if (!built.spec) {
      const message = built.diagnostics.find((d) => d.severity === 'error')?.message ?? 'this chart line could not be read';
      return { index, kind: 'chart', status: 'error', elapsedMs: performance.now() - started, message, diagnostics: built.diagnostics };
    }
    return { index, kind: 'chart', status: 'ok', elapsedMs: performance.now() - started, spec: built.spec, diagnostics: built.diagnostics };
  }
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(source) as Record<string, unknown>;
  } catch (error) {
    throw new PulseError('bad_argument', `this chart is neither a chart line nor valid Vega-Lite JSON: ${(error as Error).message}`);
  }
  const dataName = (spec.data as { name?: unknown } | undefined)?.name;
  if (typeof dataName === 'string') {
    const from = dependencies[index]!.readsCells[0];
    if (from === undefined) {
      const names = cells.slice(0, index).filter((cell) => cell.kind === 'sql' && cell.name).map((cell) => cell.name!);
      throw new PulseError('bad_argument', `the chart reads "${dataName}", but no sql cell above is named so${names.length ? ` (named results: ${names.join(', ')})` : ''}`);
    }
    const result = await runSqlCell(session, cells, dependencies, from, options, MAX_CHART_ROWS);
    spec = { ...spec, data: { values: rowsOf(result) } };
  }
  return { index, kind: 'chart', status: 'ok', elapsedMs: performance.now() - started, spec, diagnostics: [] };
}

function rowsOf(result: QueryResult): Record<string, unknown>[] {
  return Array.from({ length: result.rowCount }, (_, row) =>
    Object.fromEntries(result.columns.map((column, index) => [column.name, result.data[index]?.[row]])));
}

// --- Taking turns --------------------------------------------------------------------------

/**
 * Runs `work` after every earlier run on the session (notebook runs, explanations, what-ifs:
 * they share the session's `scores` and stored passes). A run cancelled while it waits never
 * starts, and says so at once rather than at its turn: a superseded run's request must not
 * stay open behind a long run. (One cancelled while working rejects at once too; the next
 * run still waits until its work has stopped.)
 */
export const takeTurn = turns();

/** The turns of the charts that validate a model (backtests, grade migrations), apart from `takeTurn`'s. */
const takeValidationTurn = turns();

/** A queue per session: `work` starts once every earlier `work` of the session has settled. */
function turns() {
  const queues = new WeakMap<Session, Promise<unknown>>();
  return <T>(session: Session, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> => {
    const before = queues.get(session) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => {
      if (signal?.aborted) throw cancelled();
      return work();
    });
    queues.set(session, mine.catch(() => undefined));
    if (!signal) return mine;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
      mine.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}

function cancelled(): PulseError {
  return new PulseError('query_cancelled', 'The run was cancelled.');
}
