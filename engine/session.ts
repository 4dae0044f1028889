import { mkdir, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import { duckdbMessage, PulseError } from './errors.ts';
import { toJsonValue, valueKind, type JsonValue, type ValueKind } from './json-values.ts';

/** A result column: its name, DuckDB's type name and how Pulse treats it. */
export interface Column {
  readonly name: string;
  readonly sqlType: string;
  readonly kind: ValueKind;
}

/** A query result, JSON-safe, stored by column (the shape Arquero and Vega-Lite read). */
export interface QueryResult {
  readonly columns: readonly Column[];
  /** `data[c][r]`: the value of column `c` in row `r`. */
  readonly data: readonly (readonly JsonValue[])[];
  readonly rowCount: number;
  /** True when the result had more than `maxRows` rows and was cut there. */
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface QueryOptions {
  /** Stop the query after this long (default: the session's time limit). */
  readonly timeoutMs?: number;
  /** Aborting the signal interrupts the query. */
  readonly signal?: AbortSignal;
  /** Read at most this many rows; the rest are not computed. */
  readonly maxRows?: number;
}

export interface SessionOptions {
  /** The data folder: SQL may read and write files here, and nowhere else but `notebooksDir` and `extraDirs`. */
  readonly dataDir: string;
  /** The notebooks folder, also readable by SQL. */
  readonly notebooksDir?: string;
  /** Further folders SQL may read and write (created if missing), e.g. the output folder of `pulse run`. */
  readonly extraDirs?: readonly string[];
  /** Time limit for each query, in milliseconds (default 30 s). */
  readonly queryTimeoutMs?: number;
}

const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/**
 * A DuckDB database in memory whose file access is sandboxed to the data and notebook
 * folders, in the UTC time zone, with a time limit on every query. Loaded files become
 * tables or views in it (see `load.ts`).
 */
export class Session {
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;
  private version = 0;
  private catalogChanges = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    /** Absolute, symlink-free path of the data folder. */
    readonly dataDir: string,
    /** Absolute, symlink-free path of the notebooks folder, if any. */
    readonly notebooksDir: string | undefined,
    readonly queryTimeoutMs: number,
  ) {}

  /** Opens a session over `dataDir` (created if missing). */
  static async open(options: SessionOptions): Promise<Session> {
    const dataDir = await ensureFolder(options.dataDir);
    const notebooksDir = options.notebooksDir === undefined ? undefined : await ensureFolder(options.notebooksDir);
    const extraDirs = await Promise.all((options.extraDirs ?? []).map(ensureFolder));
    const spillDir = join(tmpdir(), `pulse-duckdb-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const instance = await DuckDBInstance.create(':memory:', { temp_directory: spillDir });
    const session = new Session(instance, dataDir, notebooksDir, options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
    const allowed = [dataDir, notebooksDir, ...extraDirs].filter((dir): dir is string => dir !== undefined).map((dir) => dir + sep);
    // The order matters: external access can only be switched off after the allow-list is set,
    // and locking the configuration stops user SQL from switching it back on.
    await session.execute(`
      SET TimeZone = 'UTC';
      SET allowed_directories = ${sql.stringList(allowed)};
      SET enable_external_access = false;
      SET lock_configuration = true;`);
    return session;
  }

  /**
   * Runs SQL that reads (changes go through `execute`) and returns its last statement's
   * result as JSON-safe columns. Throws a `PulseError`: `query_timeout` past the time limit,
   * `query_cancelled` when the signal aborts, `query_failed` with DuckDB's explanation otherwise.
   */
  async query(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    const reader = await this.withInterrupts(options, (connection) =>
      options.maxRows === undefined ? connection.runAndReadAll(text) : connection.streamAndReadUntil(text, options.maxRows + 1),
    );
    return this.resultOf(reader, options.maxRows, started);
  }

  private resultOf(reader: DuckDBResultReader, maxRows: number | undefined, started: number): QueryResult {
    const limit = maxRows ?? Infinity;
    const total = reader.currentRowCount;
    const rowCount = Math.min(total, limit);
    const data = reader.convertColumns(toJsonValue).map((values) => (values.length > rowCount ? values.slice(0, rowCount) : values));
    const columns = reader.columnNames().map((name, index) => {
      const type = reader.columnType(index);
      return { name, sqlType: type.toString(), kind: valueKind(type) };
    });
    return { columns, data, rowCount, truncated: total > limit || !reader.done, elapsedMs: performance.now() - started };
  }

  /**
   * Runs SQL that a user wrote, as `query` does, but only when it is one read-only query (a
   * SELECT — including WITH, FROM-first, DESCRIBE, SUMMARIZE, SHOW — or EXPLAIN): a notebook's
   * SQL reads data, it never changes tables, settings or files. Anything else is refused with
   * `query_not_allowed` before it runs.
   */
  async queryReadOnly(text: string, options: QueryOptions = {}): Promise<QueryResult> {
    const started = performance.now();
    if (text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() === '') throw new PulseError('query_not_allowed', 'There is no query to run.');
    const reader = await this.withInterrupts(options, async (connection) => {
      const extracted = await connection.extractStatements(text);
      if (extracted.count !== 1) {
        // DuckDB expands a PIVOT without IN (…) into two statements (a type of the values, then the query).
        if (/\bpivot\b/i.test(text) && !/;\s*\S/.test(text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, ''))) {
          throw new PulseError('query_not_allowed', 'A SQL cell runs one query; a PIVOT that finds its own columns is two statements to DuckDB.', {},
            'Name the columns it should make: PIVOT t ON year IN (2024, 2025) USING sum(mrr).');
        }
        throw new PulseError('query_not_allowed', `A SQL cell runs one query; this text holds ${extracted.count} statements.`, {},
          'Remove the extra statements (and the `;` between them).');
      }
      const prepared = await extracted.prepare(0);
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN) {
        throw new PulseError('query_not_allowed', 'A SQL cell only reads data: this statement would change tables, settings or files.', {},
          'Write a SELECT query; load files with the data panel or `pulse load`.');
      }
      return options.maxRows === undefined ? prepared.runAndReadAll() : prepared.streamAndReadUntil(options.maxRows + 1);
    });
    return this.resultOf(reader, options.maxRows, started);
  }

  /**
   * Runs statements whose results are not needed (DDL, SET, COPY), with the same limits as
   * `query`. Tables and views are created, replaced and dropped here, never through `query`.
   */
  async execute(text: string, options: Omit<QueryOptions, 'maxRows'> = {}): Promise<void> {
    try {
      await this.withInterrupts(options, (connection) => connection.run(text));
    } finally {
      // Counted once the statements are over, failed or not (a failed batch may have done part
      // of its work): a listing read while they ran is then never taken for the new state.
      this.catalogChanges++;
    }
  }

  /** A number that changes after every `execute`: the tables' list and columns are valid for one version. */
  get catalogVersion(): number {
    return this.catalogChanges;
  }

  /**
   * A number that changes whenever a table is loaded or replaced: results cached from the
   * data (stored passes, evaluated scores) are valid only for the version they were made at.
   */
  get dataVersion(): number {
    return this.version;
  }

  /** Says that the session's tables changed (loading does it). */
  noteDataChanged(): void {
    this.version++;
  }

  /** Closes every connection and the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    this.instance.closeSync();
  }

  private async withInterrupts<T>(options: Omit<QueryOptions, 'maxRows'>, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new PulseError('query_failed', 'The session is closed.');
    if (options.signal?.aborted) throw cancelled();
    const timeoutMs = options.timeoutMs ?? this.queryTimeoutMs;
    const connection = this.idle.pop() ?? (await this.instance.connect());
    let stoppedBy: 'timeout' | 'signal' | undefined;
    const stop = (reason: 'timeout' | 'signal') => {
      stoppedBy ??= reason;
      connection.interrupt();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('signal');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work(connection);
    } catch (error) {
      if (error instanceof PulseError) throw error;
      if (stoppedBy === 'timeout') {
        throw new PulseError('query_timeout', `The query ran longer than the ${formatSeconds(timeoutMs)} time limit and was stopped.`, {},
          'Narrow it (a filter, a LIMIT, fewer joins) or raise the limit with --query-timeout.');
      }
      if (stoppedBy === 'signal') throw cancelled();
      throw new PulseError('query_failed', duckdbMessage(error));
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (this.closed) connection.closeSync();
      else this.idle.push(connection);
    }
  }
}

function cancelled(): PulseError {
  return new PulseError('query_cancelled', 'The query was cancelled.');
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

async function ensureFolder(folder: string): Promise<string> {
  const absolute = resolve(folder);
  await mkdir(absolute, { recursive: true });
  return realpath(absolute);
}
