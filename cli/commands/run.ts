import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, hasErrors } from '../../dsl/index.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { isCalendarDate } from '../../dsl/check/environment.ts';
import { defaultAsof, materializeScores } from '../../engine/evaluate-model.ts';
import { exportNotebook } from '../../engine/notebook/export.ts';
import { parseNotebook } from '../../engine/notebook/format.ts';
import { copyToFileAtomic } from '../../engine/output-files.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { folderHelp, folderOptions, type Command } from '../command.ts';
import { checkFolderOption } from '../folders.ts';
import { countProblems, openDataFolder, printDiagnostics, readTextFile } from '../rules-file.ts';
import type { Workspace } from '../workspace.ts';
import { formatCount, styles, type Terminal } from '../terminal.ts';

/** Pulse's working table for the result; `__pulse_` names are hidden from the user's table list. */
const RESULT_TABLE = '__pulse_run_scores';
/** A headless run has nobody waiting at a screen, so it gets longer than the workbench's 30 s. */
const RUN_QUERY_TIMEOUT_MS = 10 * 60 * 1000;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a notebook (.pulse.md) or a rules file (.pulse) headless and write its results',
  help: `Usage: pulse run NOTEBOOK.pulse.md|FILE.pulse [--asof YYYY-MM-DD] [--out DIR] [--data DIR] [--notebooks DIR]

A notebook runs every cell, as the workbench would, and writes into DIR each chart as
NAME.svg and NAME.vl.json (the Vega-Lite spec with its data inline; unnamed charts are
chart-1, chart-2, …), each named sql cell's whole result as NAME.csv, and the model's scores
as scores.parquet. A cell that fails is reported and the exit code is 1.

A rules file is evaluated against the tables of the data folder and its scores relation —
one row per entity row: its columns, then every measure, score, component, contribution, grade
and segment — is written to DIR/scores.parquet and DIR/scores.csv. A file with errors is not
evaluated: its problems are printed as by "pulse check" and the exit code is 1.

  --asof DATE       the evaluation date, YYYY-MM-DD (default: the file's own asof, else the
                    latest date in any of its sources' time columns)
  --out DIR         where to write the files (default ./out)
${folderHelp}`,

  async run(args, terminal) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...folderOptions, asof: { type: 'string' }, out: { type: 'string', default: './out' } },
    });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new RangeError('give exactly one rules FILE to run');
    const [file] = positionals as [string];
    if (values.asof !== undefined && !isCalendarDate(values.asof)) {
      throw new RangeError(`--asof must be a calendar date written YYYY-MM-DD, e.g. 2025-06-30 (got "${values.asof}")`);
    }
    if (file.toLowerCase().endsWith('.pulse.md')) {
      return runNotebookFile(file, { data: values.data, notebooks: values.notebooks, out: values.out, asof: values.asof }, terminal);
    }
    const text = await readTextFile(file);

    // The session's SQL may only touch the data and notebook folders (DESIGN.md §9); the output
    // folder is added to that allow-list, so DuckDB's own COPY writes the files. Writing them in
    // JavaScript instead would need a Parquet writer of our own.
    const { workspace, outDir } = await openWithOutput(terminal, values);
    const { session } = workspace;
    try {
      const { diagnostics, model } = analyze(text, await modelSchema(session));
      printDiagnostics(terminal.err, file, diagnostics);
      if (!model || hasErrors(diagnostics)) {
        terminal.err.write(`${styles(terminal.err).red('pulse run:')} ${file} has ${countProblems(diagnostics)}; nothing was evaluated.\n`);
        return 1;
      }
      const started = performance.now();
      const asof = values.asof ?? (await defaultAsof(session, model));
      const { compiled, rows } = await materializeScores(session, model, { asof, table: RESULT_TABLE });
      const written = await writeResult(session, outDir);
      const seconds = (performance.now() - started) / 1000;
      terminal.out.write(`Evaluated ${file} as of ${compiled.asof}: ${formatCount(rows)} rows, ${compiled.columns.length} columns in ${seconds.toFixed(1)} s\n`);
      terminal.out.write(`Wrote ${written.map((name) => join(values.out, name)).join(' and ')}\n`);
      return 0;
    } finally {
      await session.execute(`DROP TABLE IF EXISTS ${sql.identifier(RESULT_TABLE)}`).catch(() => {});
      session.close();
    }
  },
};

/**
 * Opens the data folder with the output folder among those SQL may write to; the output
 * folder is created (by `Session.open`) only once the data folder proved usable.
 */
async function openWithOutput(terminal: Terminal, options: { data: string; notebooks: string; out: string }): Promise<{ workspace: Workspace; outDir: string }> {
  await checkFolderOption('--out', options.out);
  const workspace = await openDataFolder(terminal, {
    dataDir: options.data, notebooksDir: options.notebooks, extraDirs: [options.out], queryTimeoutMs: RUN_QUERY_TIMEOUT_MS,
  });
  return { workspace, outDir: await realpath(options.out) };
}

/** Writes the result table as Parquet and CSV into `outDir`. */
async function writeResult(session: Session, outDir: string): Promise<string[]> {
  const files = [
    { name: 'scores.parquet', options: '(FORMAT parquet)' },
    { name: 'scores.csv', options: '(FORMAT csv, HEADER true)' },
  ];
  for (const { name, options } of files) await copyToFileAtomic(session, { table: RESULT_TABLE }, join(outDir, name), options);
  return files.map((file) => file.name);
}

/** `pulse run NOTEBOOK.pulse.md`: every cell, its charts, named results and scores written to `out`. */
async function runNotebookFile(file: string, options: { data: string; notebooks: string; out: string; asof: string | undefined }, terminal: Terminal): Promise<number> {
  const text = await readTextFile(file);
  const { workspace, outDir } = await openWithOutput(terminal, options);
  try {
    const started = performance.now();
    const { run, files } = await exportNotebook(workspace.session, text, outDir, options.asof ? { asof: options.asof } : {});
    const style = styles(terminal.err);
    const cells = parseNotebook(text).cells;
    let failures = 0;
    for (const result of run.results) {
      if (result.status === 'ok') continue;
      failures++;
      const cell = cells[result.index]!;
      const where = `${file}: cell ${result.index + 1} (${cell.kind}${cell.name ? ` ${cell.name}` : ''})`;
      if (result.status === 'skipped') terminal.err.write(`${style.yellow('skipped:')} ${where}: ${result.reason}\n`);
      else {
        terminal.err.write(`${style.red('error:')} ${where}: ${result.message}\n`);
        if (result.diagnostics) printDiagnostics(terminal.err, `${file} cell ${result.index + 1}`, result.diagnostics);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    terminal.out.write(`Ran ${file}${run.asof ? ` as of ${run.asof}` : ''}: ${run.results.length - failures} of ${run.results.length} cells in ${seconds.toFixed(1)} s\n`);
    for (const name of files) terminal.out.write(`  ${join(options.out, name)}\n`);
    return failures === 0 ? 0 : 1;
  } finally {
    workspace.session.close();
  }
}
