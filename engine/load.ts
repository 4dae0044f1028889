import { chmod, copyFile, mkdir, readdir, realpath, rename, rm, rmdir } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import { duckdbMessage, PulseError } from './errors.ts';
import { checkLoadableFile, guessDelimiter } from './file-checks.ts';
import type { Column, Session } from './session.ts';
import { fileFormatOf, normaliseTableName, supportedExtensions, tableNameForFile, type FileFormat } from './table-names.ts';
import { repairBlankNumbers } from './type-repair.ts';

/** A table Pulse loaded from a file, and what the user should know about it. */
export interface LoadedTable {
  readonly name: string;
  /** The file behind the table, inside the data folder. */
  readonly file: string;
  readonly format: FileFormat;
  /** Parquet files stay on disk behind a view; CSV and JSON are parsed once into a table. */
  readonly relation: 'table' | 'view';
  readonly rows: number;
  readonly columns: readonly Column[];
  /** Things Pulse decided while reading, e.g. blank strings in a numeric column read as null. */
  readonly notes: readonly string[];
}

/** The outcome of loading a folder: what loaded, and what did not with the reason. */
export interface FolderLoad {
  readonly loaded: readonly LoadedTable[];
  readonly failed: readonly PulseError[];
}

const STAGING_FOLDER = '.pulse-staging';
let stagingCounter = 0;

/**
 * Loads one file as a table: validates it completely first, and only then puts it in place
 * — a file from outside the data folder is copied in as `<name>.<ext>` so that it is there
 * on the next start. A failure changes nothing: no table is replaced, no file is left behind.
 * Messages name the file as `shownAs` when given (an upload's own name rather than its
 * temporary path), else by its path relative to the data folder.
 */
export async function loadFile(session: Session, path: string, options: { as?: string; shownAs?: string } = {}): Promise<LoadedTable> {
  const shownAs = options.shownAs ?? shownPath(session, path);
  const format = fileFormatOf(path);
  if (!format) {
    throw new PulseError('file_unsupported', `${shownAs}: Pulse loads ${supportedExtensions.join(', ')} files, not "${extname(path) || 'files without an extension'}".`,
      { file: shownAs });
  }
  await checkLoadableFile(path, format, shownAs);
  const name = options.as === undefined ? tableNameForFile(path) : normaliseTableName(options.as);
  const source = await realpath(path);
  // A file already in the data folder under its own name is loaded where it is; anything else is copied in.
  const inPlace = relative(session.dataDir, source) === basename(source) && tableNameForFile(source) === name;
  const destination = inPlace ? source : join(session.dataDir, `${name}${extname(path).toLowerCase()}`);
  await refuseNameClash(session, name, destination);

  const staged = inPlace ? source : await stageCopy(session, source, name);
  const stage = `__pulse_stage_${++stagingCounter}`;
  try {
    const notes = format === 'parquet' ? await checkParquet(session, staged, shownAs) : await readIntoStage(session, staged, format, stage, shownAs);
    if (staged !== destination) await rename(staged, destination);
    if (format === 'parquet') {
      await session.execute(`CREATE OR REPLACE VIEW ${sql.identifier(name)} AS SELECT * FROM read_parquet(${sql.string(destination)})`);
    } else {
      await session.execute(`CREATE OR REPLACE TABLE ${sql.identifier(name)} AS SELECT * FROM ${sql.identifier(stage)}`);
    }
    session.noteDataChanged();
    const { rows, columns } = await describeRelation(session, name);
    const relation = format === 'parquet' ? 'view' : 'table';
    return { name, file: destination, format, relation, rows, columns, notes: [...notes, ...rowNotes(rows)] };
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${sql.identifier(stage)}`).catch(() => {});
    if (!inPlace) {
      await rm(staged, { force: true });
      await rmdir(join(session.dataDir, STAGING_FOLDER)).catch(() => {});
    }
  }
}

/**
 * Loads every CSV, Parquet and JSON file directly in the data folder. Files that fail are
 * reported and skipped; the others load regardless.
 */
export async function loadDataFolder(session: Session): Promise<FolderLoad> {
  const entries = await readdir(session.dataDir, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && fileFormatOf(entry.name))
    .map((entry) => entry.name)
    .sort();
  const loaded: LoadedTable[] = [];
  const failed: PulseError[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadFile(session, join(session.dataDir, file)));
    } catch (error) {
      failed.push(error instanceof PulseError ? error : new PulseError('file_malformed', `${file}: ${duckdbMessage(error)}`, { file }));
    }
  }
  return { loaded, failed };
}

/** Row count and columns of a table or view in the session. */
export async function describeRelation(session: Session, name: string): Promise<{ rows: number; columns: Column[] }> {
  const counted = await session.query(`SELECT count(*) AS n FROM ${sql.identifier(name)}`);
  return { rows: Number(counted.data[0]?.[0] ?? 0), columns: await columnsOf(session, name) };
}

/** The typed columns of a table or view in the session. */
export async function columnsOf(session: Session, name: string): Promise<Column[]> {
  return [...(await session.query(`SELECT * FROM ${sql.identifier(name)} LIMIT 0`)).columns];
}

async function readIntoStage(session: Session, path: string, format: 'csv' | 'json', stage: string, shownAs: string): Promise<string[]> {
  if (format === 'json') {
    await session.execute(`CREATE TABLE ${sql.identifier(stage)} AS SELECT * FROM read_json_auto(${sql.string(path)})`)
      .catch((error) => { throw malformed(shownAs, error, path); });
    return [];
  }
  const rejects = `${stage}_rejects`;
  try {
    // Rejected lines are collected instead of failing on the first, so the message can say
    // which line is wrong and how many more there are.
    await session.execute(`CREATE TABLE ${sql.identifier(stage)} AS SELECT * FROM read_csv(${sql.string(path)},
      delim = ${sql.string(await guessDelimiter(path))}, store_rejects = true,
      rejects_table = ${sql.string(rejects)}, rejects_scan = ${sql.string(`${rejects}_scan`)})`)
      .catch((error) => { throw malformed(shownAs, error, path); });
    await failOnRejectedLines(session, rejects, shownAs);
  } finally {
    await session.execute(`DROP TABLE IF EXISTS ${sql.identifier(rejects)}; DROP TABLE IF EXISTS ${sql.identifier(`${rejects}_scan`)}`)
      .catch(() => {});
  }
  const notes = await repairBlankNumbers(session, stage);
  const flags = (await describeRelation(session, stage)).columns.filter((column) => column.kind === 'boolean');
  if (flags.length > 0) {
    notes.push(`${flags.map((column) => column.name).join(', ')}: yes/no (true/false) values read as BOOLEAN.`);
  }
  return notes;
}

async function failOnRejectedLines(session: Session, rejects: string, shownAs: string): Promise<void> {
  const result = await session.query(
    `SELECT line, error_message, csv_line, count(*) OVER () AS total FROM ${sql.identifier(rejects)} ORDER BY line LIMIT 1`);
  if (result.rowCount === 0) return;
  const [line, message, text, total] = result.data.map((column) => column[0]);
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(String(message));
  const problem = counts ? `expected ${counts[1]} fields like the header, found ${counts[2]}` : String(message);
  const more = Number(total) > 1 ? ` (and ${Number(total) - 1} more bad line${Number(total) > 2 ? 's' : ''})` : '';
  throw new PulseError('file_malformed', `${shownAs}, line ${line}: ${problem}${more}: ${JSON.stringify(String(text).slice(0, 80))}`,
    { file: shownAs, line: Number(line) }, 'Every line needs the same number of fields as the header; quote fields that contain the separator.');
}

async function checkParquet(session: Session, path: string, shownAs: string): Promise<string[]> {
  await session.query(`SELECT count(*) FROM read_parquet(${sql.string(path)})`).catch((error) => { throw malformed(shownAs, error, path); });
  return [];
}

async function stageCopy(session: Session, source: string, name: string): Promise<string> {
  const folder = join(session.dataDir, STAGING_FOLDER);
  await mkdir(folder, { recursive: true });
  const staged = join(folder, `${process.pid}-${++stagingCounter}-${name}${extname(source).toLowerCase()}`);
  await copyFile(source, staged);
  // The copy belongs to the data folder now, even when the original was read-only.
  await chmod(staged, 0o644);
  return staged;
}

async function refuseNameClash(session: Session, name: string, destination: string): Promise<void> {
  const entries = await readdir(session.dataDir, { withFileTypes: true });
  const other = entries.find((entry) => entry.isFile() && !entry.name.startsWith('.') && fileFormatOf(entry.name)
    && tableNameForFile(entry.name) === name && join(session.dataDir, entry.name) !== destination);
  if (other) {
    throw new PulseError('bad_table_name', `The data folder already has ${other.name}, which provides the table "${name}".`,
      { file: other.name }, 'Choose another name with --as, or remove that file first.');
  }
}

/** DuckDB's complaint about the file it read at `path`, which names it as the user knows it (not a staged copy's path). */
function malformed(shownAs: string, error: unknown, path: string): PulseError {
  const message = duckdbMessage(error).replaceAll(path, shownAs);
  const line = /line:? (\d+)/i.exec(error instanceof Error ? error.message : String(error))?.[1];
  return new PulseError('file_malformed', `${shownAs}${line ? `, line ${line}` : ''}: ${message}`,
    { file: shownAs, ...(line ? { line: Number(line) } : {}) });
}

function rowNotes(rows: number): string[] {
  return rows === 0 ? ['The file has no data rows.'] : [];
}

function shownPath(session: Session, path: string): string {
  const rel = relative(session.dataDir, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
