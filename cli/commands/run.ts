import { mkdir, realpath, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, hasErrors } from '../../dsl/index.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { defaultAsof, materializeScores } from '../../engine/evaluate-model.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { folderHelp, folderOptions, type Command } from '../command.ts';
import { countProblems, openDataFolder, printDiagnostics, readRulesFile } from '../rules-file.ts';
import { formatCount, styles } from '../terminal.ts';

/** Pulse's working table for the result; `__pulse_` names are hidden from the user's table list. */
const RESULT_TABLE = '__pulse_run_scores';
/** A headless run has nobody waiting at a screen, so it gets longer than the workbench's 30 s. */
const RUN_QUERY_TIMEOUT_MS = 10 * 60 * 1000;

export const runCommand: Command = {
  name: 'run',
  summary: 'evaluate a rules file (.pulse) and write scores.parquet and scores.csv',
  help: `Usage: pulse run FILE.pulse [--asof YYYY-MM-DD] [--out DIR] [--data DIR] [--notebooks DIR]

Evaluates a rules file against the tables of the data folder and writes the scores relation —
one row per entity row: its columns, then every measure, score, component, contribution, grade
and segment — to DIR/scores.parquet and DIR/scores.csv. Prints the number of rows, the
evaluation date and the time taken. A file with errors is not evaluated: its problems are
printed as by "pulse check" and the exit code is 1. (Running a notebook, FILE.pulse.md, comes
with the workbench.)

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
    const text = await readRulesFile(file, 'run');

    // The session's SQL may only touch the data and notebook folders (DESIGN.md §9); the output
    // folder is added to that allow-list, so DuckDB's own COPY writes the files. Writing them in
    // JavaScript instead would need a Parquet writer of our own.
    await mkdir(values.out, { recursive: true });
    const outDir = await realpath(values.out);
    const workspace = await openDataFolder(terminal, {
      dataDir: values.data, notebooksDir: values.notebooks, extraDirs: [outDir], queryTimeoutMs: RUN_QUERY_TIMEOUT_MS,
    });
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
 * Writes the result table as Parquet and CSV into `outDir`. Each file is written under a
 * temporary name and renamed into place, so a failure never leaves a half-written file where
 * an earlier result was.
 */
async function writeResult(session: Session, outDir: string): Promise<string[]> {
  const files = [
    { name: 'scores.parquet', options: '(FORMAT parquet)' },
    { name: 'scores.csv', options: '(FORMAT csv, HEADER true)' },
  ];
  for (const { name, options } of files) {
    const temporary = join(outDir, `.${name}.${process.pid}.tmp`);
    try {
      await session.execute(`COPY ${sql.identifier(RESULT_TABLE)} TO ${sql.string(temporary)} ${options}`);
      await rename(temporary, join(outDir, name));
    } finally {
      await rm(temporary, { force: true });
    }
  }
  return files.map((file) => file.name);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
