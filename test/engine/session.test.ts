import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseError } from '../../engine/errors.ts';
import { Session } from '../../engine/session.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SLOW_QUERY = 'SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 7';

describe('Session', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let outside: Awaited<ReturnType<typeof tempDir>>;
  let session: Session;

  beforeAll(async () => {
    folder = await tempDir();
    outside = await tempDir();
    await writeFile(join(folder.path, 'inside.csv'), 'a,b\n1,x\n2,y\n');
    await writeFile(join(outside.path, 'secret.csv'), 'password\nhunter2\n');
    session = await Session.open({ dataDir: join(folder.path, 'data'), notebooksDir: join(folder.path, 'notebooks'), queryTimeoutMs: 500 });
    await writeFile(join(session.dataDir, 'inside.csv'), 'a,b\n1,x\n2,y\n');
  });

  afterAll(async () => {
    session.close();
    await folder.remove();
    await outside.remove();
  });

  describe('turns DuckDB values into JSON-safe values at one boundary', () => {
    it('handles each type explicitly', async () => {
      const result = await session.query(`SELECT
        42::BIGINT AS small_bigint,
        9007199254740993::BIGINT AS huge_bigint,
        170141183460469231731687303715884105727::HUGEINT AS hugeint,
        1234.5::DECIMAL(12,2) AS money,
        DATE '2025-06-30' AS day,
        TIMESTAMP '2025-06-30 23:59:59.123456' AS moment,
        TIMESTAMPTZ '2025-06-30 12:00:00+02' AS zoned,
        'nan'::DOUBLE AS not_a_number,
        NULL::INTEGER AS missing,
        [DATE '2024-02-29', NULL] AS days,
        {'n': 1::BIGINT, 'd': DATE '2024-01-01'} AS nested,
        true AS flag`);
      expect(rowsOf(result)).toEqual([{
        small_bigint: 42,
        huge_bigint: '9007199254740993',
        hugeint: '170141183460469231731687303715884105727',
        money: 1234.5,
        day: '2025-06-30',
        moment: '2025-06-30T23:59:59.123Z',
        zoned: '2025-06-30T10:00:00.000Z',
        not_a_number: null,
        missing: null,
        days: ['2024-02-29', null],
        nested: { n: 1, d: '2024-01-01' },
        flag: true,
      }]);
      expect(result.columns.map((column) => column.kind)).toEqual([
        'integer', 'integer', 'integer', 'number', 'date', 'timestamp', 'timestamp', 'number', 'integer', 'other', 'other', 'boolean',
      ]);
      expect(JSON.parse(JSON.stringify(result.data))).toEqual(result.data);
    });

    it('writes dates from year 1 to 9999 as DuckDB does, year 0 the ISO way, and the rest in DuckDB\'s own text', async () => {
      // DuckDB's own CAST(date AS VARCHAR) is the independent reference: every 997th day of the range, and some edges.
      const result = await session.query(`
        SELECT d, CAST(d AS VARCHAR) AS text FROM (SELECT DATE '0001-01-01' + i::INTEGER AS d FROM range(0, 3652059, 997) r(i))
        UNION ALL SELECT d, CAST(d AS VARCHAR) FROM (VALUES (DATE '9999-12-31'), (DATE '1970-01-01'), (DATE '1969-12-31'), (DATE '2000-02-29'), (DATE '1900-03-01')) t(d)`);
      const [dates = [], texts = []] = result.data;
      expect(dates.length).toBe(3664 + 5);
      expect(dates.filter((date, row) => date !== texts[row])).toEqual([]);
      // DuckDB writes year 0 as "0001-12-31 (BC)"; ISO 8601 calls it 0000.
      const outside = await session.query(`SELECT DATE '0001-12-31 (BC)' AS a, 'infinity'::DATE AS b, '-infinity'::DATE AS c, DATE '10000-01-01' AS d,
        'infinity'::TIMESTAMP AS e, '-infinity'::TIMESTAMPTZ AS f`);
      expect(rowsOf(outside)).toEqual([{ a: '0000-12-31', b: 'infinity', c: '-infinity', d: '10000-01-01', e: 'infinity', f: '-infinity' }]);
    });

    it('works in UTC whatever the machine says', async () => {
      const result = await session.query(`SELECT current_setting('TimeZone') AS zone, TIMESTAMPTZ '2025-01-01 00:30:00+00'::DATE AS day`);
      expect(rowsOf(result)).toEqual([{ zone: 'UTC', day: '2025-01-01' }]);
    });
  });

  it('cuts a result at maxRows without computing the rest', async () => {
    const result = await session.query('SELECT range AS n FROM range(100000)', { maxRows: 3 });
    expect(result.data).toEqual([[0, 1, 2]]);
    expect(result.rowCount).toBe(3);
    expect(result.truncated).toBe(true);
    const whole = await session.query('SELECT range AS n FROM range(3)', { maxRows: 3 });
    expect(whole.truncated).toBe(false);
  });

  describe('limits every query', () => {
    it('interrupts a query over its time limit and says so', async () => {
      const started = performance.now();
      const error = await session.query(SLOW_QUERY).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PulseError);
      expect((error as PulseError).code).toBe('query_timeout');
      expect((error as PulseError).message).toBe('The query ran longer than the 0.5 s time limit and was stopped.');
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(rowsOf(await session.query('SELECT 1 AS still_working'))).toEqual([{ still_working: 1 }]);
    });

    it('cancels a query when its signal aborts', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await session.query(SLOW_QUERY, { signal: controller.signal, timeoutMs: 60_000 }).catch((caught: unknown) => caught);
      expect((error as PulseError).code).toBe('query_cancelled');
    });

    it('reports a failing query with DuckDB\'s reason', async () => {
      const error = await session.query('SELECT no_such_column FROM range(1)').catch((caught: unknown) => caught);
      expect((error as PulseError).code).toBe('query_failed');
      expect((error as PulseError).message).toMatch(/no_such_column/);
    });
  });

  describe('queryReadOnly: a user\'s SQL may read, never change', () => {
    it.each([
      ['SELECT 42 AS answer', 42],
      ['WITH x AS (SELECT 41 AS answer) SELECT answer + 1 AS answer FROM x', 42],
      ['FROM (SELECT 42 AS answer)', 42],
    ])('runs %s', async (text, answer) => {
      expect(rowsOf(await session.queryReadOnly(text))).toEqual([{ answer }]);
    });

    it('runs a PIVOT that names its columns', async () => {
      expect(rowsOf(await session.queryReadOnly('PIVOT (SELECT 2024 AS y, 2 AS n UNION ALL SELECT 2025, 3) ON y IN (2024, 2025) USING sum(n)')))
        .toEqual([{ 2024: 2, 2025: 3 }]);
    });

    it('runs DESCRIBE and EXPLAIN', async () => {
      expect((await session.queryReadOnly('DESCRIBE SELECT 1 AS a')).rowCount).toBe(1);
      expect((await session.queryReadOnly('EXPLAIN SELECT 1')).rowCount).toBeGreaterThan(0);
    });

    it.each([
      ['CREATE TABLE t AS SELECT 1', 'A SQL cell only reads data: this statement would change tables, settings or files.'],
      ['DROP TABLE IF EXISTS anything', 'A SQL cell only reads data: this statement would change tables, settings or files.'],
      ['COPY (SELECT 1) TO \'/dev/null\'', 'Cannot access file "/dev/null" - file system operations are disabled by configuration'],
      ['SET threads = 1', 'A SQL cell only reads data: this statement would change tables, settings or files.'],
      ['SELECT 1; DROP TABLE x', 'A SQL cell runs one query; this text holds 2 statements.'],
      ['PIVOT (SELECT 1 AS y, 2 AS n) ON y USING sum(n)', 'A SQL cell runs one query; a PIVOT that finds its own columns is two statements to DuckDB.'],
      ["SELECT 'pivot;'; PIVOT (SELECT 1 AS y, 2 AS n) ON y USING sum(n)", 'A SQL cell runs one query; this text holds 3 statements.'],
      ['', 'There is no query to run.'],
      ['-- only a comment', 'There is no query to run.'],
    ])('refuses %j', async (text, message) => {
      const error = await session.queryReadOnly(text).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PulseError);
      expect((error as PulseError).message).toBe(message);
    });

    it('refuses a COPY even into the data folder, where the sandbox would allow it', async () => {
      const error = await session.queryReadOnly(`COPY (SELECT 1) TO '${join(session.dataDir, 'copy.csv')}'`).catch((caught: unknown) => caught);
      expect((error as PulseError).code).toBe('query_not_allowed');
    });

    it('reports a mistake in the query with DuckDB\'s reason', async () => {
      const error = await session.queryReadOnly('SELECT * FROM no_such_table').catch((caught: unknown) => caught);
      expect((error as PulseError).code).toBe('query_failed');
      expect((error as PulseError).message).toMatch(/no_such_table/);
    });
  });

  describe('sandboxes file access to the data and notebook folders', () => {
    it('reads files in the data folder', async () => {
      const result = await session.query(`SELECT sum(a) AS total FROM read_csv('${join(session.dataDir, 'inside.csv')}')`);
      expect(rowsOf(result)).toEqual([{ total: 3 }]);
    });

    const attempts: [string, (paths: { outside: string; data: string }) => string][] = [
      ['reading a system file', () => "SELECT * FROM read_csv('/etc/passwd')"],
      ['reading another folder', ({ outside }) => `SELECT * FROM read_csv('${join(outside, 'secret.csv')}')`],
      ['escaping with ..', ({ outside, data }) => `SELECT * FROM read_csv('${data}/../../..${outside}/secret.csv')`],
      ['writing outside', ({ outside }) => `COPY (SELECT 1) TO '${join(outside, 'written.csv')}'`],
      ['listing files outside', () => "SELECT * FROM glob('/etc/*')"],
      ['attaching a database', ({ outside }) => `ATTACH '${join(outside, 'x.duckdb')}'`],
      ['switching the sandbox off', () => 'SET enable_external_access = true'],
      ['widening the allow-list', () => "SET allowed_directories = ['/']"],
    ];
    it.each(attempts)('refuses %s', async (_what, statement) => {
      const text = statement({ outside: outside.path, data: session.dataDir });
      const error = await session.query(text).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PulseError);
      expect((error as PulseError).message).toMatch(/disabled by configuration|configuration has been locked/);
    });

    it('lets SQL write into extraDirs (pulse run --out), and still nowhere else', async () => {
      const out = join(folder.path, 'out');
      const writer = await Session.open({ dataDir: join(folder.path, 'data'), extraDirs: [out] });
      try {
        await writer.execute(`COPY (SELECT 42 AS answer) TO '${join(out, 'answer.csv')}' (HEADER true)`);
        expect(rowsOf(await writer.query(`SELECT answer FROM read_csv('${join(out, 'answer.csv')}')`))).toEqual([{ answer: 42 }]);
        const error = await writer.query(`COPY (SELECT 1) TO '${join(outside.path, 'written.csv')}'`).catch((caught: unknown) => caught);
        expect((error as PulseError).message).toMatch(/disabled by configuration/);
      } finally {
        writer.close();
      }
    });
  });
});
