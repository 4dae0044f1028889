import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PulseError } from '../../engine/errors.ts';
import { listTables } from '../../engine/introspect.ts';
import { loadDataFolder, loadFile } from '../../engine/load.ts';
import { Session } from '../../engine/session.ts';
import { tableNameForFile } from '../../engine/table-names.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TELCO = new URL('../fixtures/telco-customer-churn.csv', import.meta.url).pathname;

/** The telco CSV parsed by hand (it has no quoted fields), as an independent reference. */
async function telcoByHand(): Promise<{ rows: string[][]; header: string[] }> {
  const [header, ...rows] = (await readFile(TELCO, 'utf8')).trimEnd().split('\n').map((line) => line.split(','));
  return { header: header ?? [], rows };
}

async function loadError(promise: Promise<unknown>): Promise<PulseError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PulseError);
  return error as PulseError;
}

describe('loading files', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let session: Session;
  const input = (name: string) => join(folder.path, 'input', name);

  beforeEach(async () => {
    folder = await tempDir();
    session = await Session.open({ dataDir: join(folder.path, 'data') });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(folder.path, 'input')));
  });

  afterEach(async () => {
    session.close();
    await folder.remove();
  });

  describe('the telecom churn CSV (data Pulse did not generate)', () => {
    it('gives 7,043 rows with the right column types', async () => {
      const table = await loadFile(session, TELCO);
      const { header, rows } = await telcoByHand();
      expect(table.name).toBe('telco_customer_churn');
      expect(table.rows).toBe(7043);
      expect(rows).toHaveLength(7043);
      expect(table.columns.map((column) => column.name)).toEqual(header);
      const types = Object.fromEntries(table.columns.map((column) => [column.name, column.sqlType]));
      expect(types).toMatchObject({
        customerID: 'VARCHAR', SeniorCitizen: 'BIGINT', tenure: 'BIGINT', MonthlyCharges: 'DOUBLE',
        TotalCharges: 'DOUBLE', Churn: 'BOOLEAN', Partner: 'BOOLEAN', MultipleLines: 'VARCHAR', Contract: 'VARCHAR',
      });
    });

    it('reads the blank TotalCharges as null and says so', async () => {
      const table = await loadFile(session, TELCO);
      const { header, rows } = await telcoByHand();
      const total = header.indexOf('TotalCharges');
      const churn = header.indexOf('Churn');
      const blanks = rows.filter((row) => row[total]?.trim() === '').length;
      const sum = rows.reduce((acc, row) => acc + (row[total]?.trim() ? Number(row[total]) : 0), 0);
      const churned = rows.filter((row) => row[churn] === 'Yes').length;
      expect(blanks).toBe(11);
      expect(table.notes).toContain('TotalCharges: 11 blank values read as empty (null); the column is numeric (DOUBLE).');
      const result = rowsOf(await session.query(`SELECT count(*) FILTER (WHERE TotalCharges IS NULL) AS blanks,
        sum(TotalCharges) AS total, count(*) FILTER (WHERE Churn) AS churned FROM telco_customer_churn`));
      expect(result[0]?.blanks).toBe(blanks);
      expect(result[0]?.total as number).toBeCloseTo(sum, 6);
      expect(result[0]?.churned).toBe(churned);
      expect(churned).toBe(1869);
    });

    it('copies the file into the data folder so it is there on the next start', async () => {
      await loadFile(session, TELCO);
      expect(await readdir(session.dataDir)).toEqual(['telco_customer_churn.csv']);
      const fresh = await Session.open({ dataDir: session.dataDir });
      try {
        const { loaded, failed } = await loadDataFolder(fresh);
        expect(failed).toEqual([]);
        expect(loaded.map((table) => [table.name, table.rows])).toEqual([['telco_customer_churn', 7043]]);
      } finally {
        fresh.close();
      }
    });
  });

  it('names tables after files as DESIGN.md §8 says', () => {
    expect(tableNameForFile('/x/Telco Churn.csv')).toBe('telco_churn');
    expect(tableNameForFile('Q3 -- NPS (final).PARQUET')).toBe('q3_nps_final');
    expect(tableNameForFile('2024 accounts.json')).toBe('t_2024_accounts');
  });

  it('loads Parquet as a view and JSON as a table', async () => {
    await session.execute(`COPY (SELECT range AS id, range * 2 AS twice FROM range(5)) TO '${join(session.dataDir, 'numbers.parquet')}'`);
    await writeFile(input('people.json'), '[{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}]');
    const parquet = await loadFile(session, join(session.dataDir, 'numbers.parquet'));
    const json = await loadFile(session, input('people.json'), { as: 'People List' });
    expect([parquet.name, parquet.relation, parquet.rows]).toEqual(['numbers', 'view', 5]);
    expect([json.name, json.relation, json.rows]).toEqual(['people_list', 'table', 2]);
    expect(rowsOf(await session.query('SELECT sum(twice) AS s FROM numbers'))).toEqual([{ s: 20 }]);
    expect((await listTables(session)).map((table) => `${table.name}:${table.relation}:${table.rows}`))
      .toEqual(['numbers:view:5', 'people_list:table:2']);
  });

  describe('bad input gets a clear message naming the file, and changes nothing', () => {
    beforeEach(async () => {
      await writeFile(input('customers.csv'), 'id,plan\n1,basic\n2,pro\n');
      await loadFile(session, input('customers.csv'));
    });

    async function expectUntouched(): Promise<void> {
      expect(rowsOf(await session.query('SELECT count(*) AS n FROM customers'))).toEqual([{ n: 2 }]);
      expect(await readdir(session.dataDir)).toEqual(['customers.csv']);
      expect(await readFile(join(session.dataDir, 'customers.csv'), 'utf8')).toBe('id,plan\n1,basic\n2,pro\n');
    }

    it('a missing file', async () => {
      const error = await loadError(loadFile(session, input('nowhere.csv'), { as: 'customers' }));
      expect(error.code).toBe('file_not_found');
      expect(error.message).toBe(`${input('nowhere.csv')}: no such file.`);
      await expectUntouched();
    });

    it('an empty file', async () => {
      await writeFile(input('empty.csv'), '');
      const error = await loadError(loadFile(session, input('empty.csv'), { as: 'customers' }));
      expect(error.code).toBe('file_empty');
      expect(error.message).toBe(`${input('empty.csv')}: the file is empty (0 bytes).`);
      await expectUntouched();
    });

    it('a CSV with ragged rows, naming the first bad line', async () => {
      await writeFile(input('ragged.csv'), 'id,plan,seats\n1,basic,3\n2,pro\n3,pro,4,extra\n4,basic,1\n');
      const error = await loadError(loadFile(session, input('ragged.csv'), { as: 'customers' }));
      expect(error.code).toBe('file_malformed');
      expect(error.place).toEqual({ file: input('ragged.csv'), line: 3 });
      expect(error.message).toBe(`${input('ragged.csv')}, line 3: expected 3 fields like the header, found 2 (and 1 more bad line): "2,pro"`);
      await expectUntouched();
    });

    it('a binary file renamed .csv', async () => {
      await writeFile(input('picture.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
      const error = await loadError(loadFile(session, input('picture.csv'), { as: 'customers' }));
      expect(error.code).toBe('file_not_text');
      expect(error.message).toBe(`${input('picture.csv')}: not a text file — it contains NUL bytes at line 3. Is it really a CSV file?`);
      await expectUntouched();
    });

    it('text that is not UTF-8', async () => {
      await writeFile(input('latin1.csv'), Buffer.concat([Buffer.from('id,city\n1,Z'), Buffer.from([0xfc]), Buffer.from('rich\n')]));
      const error = await loadError(loadFile(session, input('latin1.csv'), { as: 'customers' }));
      expect(error.code).toBe('file_not_text');
      expect(error.message).toMatch(/latin1\.csv: not a text file — it is not valid UTF-8 at line 2\./);
      await expectUntouched();
    });

    it('a file renamed .parquet that is not Parquet', async () => {
      await writeFile(input('fake.parquet'), 'id,plan\n1,basic\n');
      const error = await loadError(loadFile(session, input('fake.parquet'), { as: 'customers' }));
      expect(error.code).toBe('file_malformed');
      expect(error.message).toMatch(/fake\.parquet: not a Parquet file/);
      await expectUntouched();
    });

    it('malformed JSON', async () => {
      await writeFile(input('broken.json'), '[{"id": 1}, {"id": ');
      const error = await loadError(loadFile(session, input('broken.json')));
      expect(error.code).toBe('file_malformed');
      expect(error.message).toMatch(/^.*broken\.json(, line \d+)?: /);
      await expectUntouched();
    });

    it('an unsupported extension', async () => {
      await writeFile(input('notes.docx'), 'hello');
      const error = await loadError(loadFile(session, input('notes.docx')));
      expect(error.code).toBe('file_unsupported');
      await expectUntouched();
    });

    it('a name already taken by another file', async () => {
      await writeFile(input('other.csv'), 'id\n1\n');
      await session.execute(`COPY (SELECT 1 AS id) TO '${join(session.dataDir, 'accounts.parquet')}'`);
      const error = await loadError(loadFile(session, input('other.csv'), { as: 'accounts' }));
      expect(error.code).toBe('bad_table_name');
      expect(error.message).toBe('The data folder already has accounts.parquet, which provides the table "accounts".');
    });
  });

  it('replaces a table when the same file is loaded again with new content', async () => {
    await writeFile(input('plans.csv'), 'plan\nbasic\n');
    await loadFile(session, input('plans.csv'));
    await writeFile(input('plans.csv'), 'plan\nbasic\npro\n');
    const again = await loadFile(session, input('plans.csv'));
    expect(again.rows).toBe(2);
    expect(rowsOf(await session.query('SELECT count(*) AS n FROM plans'))).toEqual([{ n: 2 }]);
  });

  it('loads what it can from a folder and reports the rest', async () => {
    await writeFile(join(session.dataDir, 'good.csv'), 'x\n1\n2\n');
    await writeFile(join(session.dataDir, 'bad.csv'), '');
    await writeFile(join(session.dataDir, 'README.md'), '# not data');
    await symlink('/etc/passwd', join(session.dataDir, 'passwd.csv'));
    const { loaded, failed } = await loadDataFolder(session);
    expect(loaded.map((table) => table.name)).toEqual(['good']);
    expect(failed.map((error) => error.code)).toEqual(['file_empty']);
  });
});
