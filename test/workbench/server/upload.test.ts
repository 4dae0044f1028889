import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../helpers/workbench-server.ts';

const TELCO = new URL('../../fixtures/telco-customer-churn.csv', import.meta.url);
const PLANS = 'id,name,mrr\n1,basic,10\n2,pro,50\n';
const BAD_PLANS = 'id,name,mrr\n1,basic,10\n2,pro,50,oops\n3,team,90\n';

describe('POST /api/upload', () => {
  let wb: ApiServer;
  const uploadsLeft = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('pulse-upload-'));
  let uploadsBefore: string[];
  const tables = async () => (await wb.send('GET', '/api/tables')).json.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]);

  beforeAll(async () => {
    wb = await startApiServer();
    uploadsBefore = await uploadsLeft();
  });

  afterAll(() => wb.close());

  it('loads the Telco churn CSV (7,043 rows) into the data folder', async () => {
    const bytes = await readFile(TELCO);
    const response = await wb.send('POST', '/api/upload?name=telco-customer-churn.csv', { body: bytes });
    expect(response.status).toBe(200);
    const { table } = response.json;
    expect(table).toMatchObject({ name: 'telco_customer_churn', format: 'csv', relation: 'table', rows: 7043 });
    expect(table.file).toBe(join(wb.dataDir, 'telco_customer_churn.csv'));
    expect(table.columns.map((c: { name: string }) => c.name)).toContain('customerID');
    expect((await readFile(table.file)).equals(bytes)).toBe(true);
    expect(await tables()).toEqual([['telco_customer_churn', 7043]]);
    expect(await uploadsLeft()).toEqual(uploadsBefore);
  });

  it('refuses a malformed CSV with 422 naming the file and line, and changes nothing', async () => {
    expect((await wb.send('POST', '/api/upload?name=plans.csv', { body: Buffer.from(PLANS) })).status).toBe(200);
    const filesBefore = (await readdir(wb.dataDir)).sort();
    const tablesBefore = await tables();

    const response = await wb.send('POST', '/api/upload?name=plans.csv', { body: Buffer.from(BAD_PLANS) });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe('file_malformed');
    expect(response.json.error.message).toMatch(/^plans\.csv, line 3: expected 3 fields like the header, found 4/);
    expect(response.json.error.place).toEqual({ file: 'plans.csv', line: 3 });
    expect(response.json.error.message).not.toContain(tmpdir());

    expect((await readdir(wb.dataDir)).sort()).toEqual(filesBefore);
    expect(await readFile(join(wb.dataDir, 'plans.csv'), 'utf8')).toBe(PLANS);
    expect(await tables()).toEqual(tablesBefore);
    expect(await uploadsLeft()).toEqual(uploadsBefore);

    const replaced = await wb.send('POST', '/api/upload?name=plans.csv', { body: Buffer.from(`${PLANS}3,team,90\n`) });
    expect(replaced.json.table.rows).toBe(3);
    expect((await tables()).find(([name]: [string]) => name === 'plans')).toEqual(['plans', 3]);
  });

  it('keeps only the file name of `name`, and refuses what it cannot load', async () => {
    const sneaky = await wb.send('POST', `/api/upload?name=${encodeURIComponent('../../evil plans.csv')}`, { body: Buffer.from(PLANS) });
    expect(sneaky.status).toBe(200);
    expect(sneaky.json.table.file).toBe(join(wb.dataDir, 'evil_plans.csv'));
    expect(await readdir(wb.root)).toEqual(['data', 'notebooks']);

    const noName = await wb.send('POST', '/api/upload', { body: Buffer.from(PLANS) });
    expect(noName.status).toBe(400);
    expect(noName.json.error.message).toMatch(/name/);
    const sheet = await wb.send('POST', '/api/upload?name=plans.xlsx', { body: Buffer.from('PK\x03\x04') });
    expect(sheet.status).toBe(415);
    expect(sheet.json.error.message).toMatch(/^plans\.xlsx: Pulse loads /);
    const empty = await wb.send('POST', '/api/upload?name=empty.csv', { body: Buffer.alloc(0) });
    expect(empty.status).toBe(422);
    expect(empty.json.error.message).toMatch(/^empty\.csv/);
    expect(await uploadsLeft()).toEqual(uploadsBefore);
  });

  it("names a file DuckDB cannot read by the user's file name, never by a temporary or staged copy's path", async () => {
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(100, 7), Buffer.from('PAR1')]);
    for (const [name, body] of [['orders.json', Buffer.from('{"a": 1,,}\n')], ['cut.json', Buffer.from('[{"a": 1}, {"a": ')], ['broken.parquet', parquet]] as const) {
      const response = await wb.send('POST', `/api/upload?name=${name}`, { body });
      expect(response.status, name).toBe(422);
      const { message } = response.json.error;
      expect(message.startsWith(`${name}: `), message).toBe(true);
      expect(message).toMatch(new RegExp(`file ["']${name.replace('.', '\\.')}["']`));
      for (const internal of [tmpdir(), wb.root, '.pulse-staging', 'pulse-upload-']) expect(message).not.toContain(internal);
    }
    expect(await uploadsLeft()).toEqual(uploadsBefore);
  });

  it('refuses an upload announced above 200 MB with 413 before reading it', async () => {
    const response = await wb.send('POST', '/api/upload?name=huge.csv', { body: Buffer.from('a,b\n'), headers: { 'Content-Length': String(201 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('too_large');
  });

  it('refreshes the schema the language service checks against', async () => {
    const cells = ['entity customer = later_table key id'];
    const before = await wb.send('POST', '/api/language/diagnostics', { body: { cells, cell: 0 } });
    expect(before.json.diagnostics.map((d: { message: string }) => d.message).join()).toMatch(/later_table/);
    expect((await wb.send('POST', '/api/upload?name=later_table.csv', { body: Buffer.from('id,x\n1,2\n') })).status).toBe(200);
    const after = await wb.send('POST', '/api/language/diagnostics', { body: { cells, cell: 0 } });
    expect(after.json.diagnostics).toEqual([]);
  });

  it('needs the token', async () => {
    const response = await wb.send('POST', '/api/upload?name=x.csv', { body: Buffer.from(PLANS), headers: { Authorization: null } });
    expect(response.status).toBe(401);
    expect(await readdir(wb.dataDir)).not.toContain('x.csv');
  });
});
