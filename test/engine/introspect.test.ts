import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTables } from '../../engine/introspect.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { openScratchSession, type ScratchSession } from '../helpers/scratch-session.ts';

describe('listing the tables, once per change', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  /** How many times the session read the catalog. */
  let catalogReads = 0;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    const query = session.query.bind(session);
    session.query = (text, options) => {
      if (text.includes('duckdb_columns()')) catalogReads++;
      return query(text, options);
    };
    await session.execute(`CREATE TABLE accounts AS SELECT * FROM (VALUES (1, 'Acme'), (2, 'Birch')) t(account_id, name)`);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  const names = async () => (await listTables(session, { rows: false })).map((table) => table.name);

  it('reads the catalog again only after DDL, and hides Pulse\'s working tables', async () => {
    const before = catalogReads;
    expect(await names()).toEqual(['accounts']);
    expect(await names()).toEqual(['accounts']);
    expect(catalogReads - before).toBe(1);
    await session.execute(`CREATE TABLE "__pulse_pass_x" AS SELECT 1 AS a; CREATE TABLE scores AS SELECT 1 AS account_id, 0.5 AS health`);
    expect(await names()).toEqual(['accounts', 'scores']);
    expect((await listTables(session)).map((table) => [table.name, table.rows])).toEqual([['accounts', 2], ['scores', 1]]);
    expect(catalogReads - before).toBe(2);
    await session.execute('DROP TABLE scores');
    expect(await names()).toEqual(['accounts']);
    expect(catalogReads - before).toBe(3);
  });

  it('gives the rules language the tables as they are now, without `scores`', async () => {
    await session.execute('CREATE TABLE scores AS SELECT 1 AS account_id');
    expect((await modelSchema(session)).tables.map((table) => table.name)).toEqual(['accounts']);
    await session.execute(`CREATE TABLE tickets AS SELECT 1 AS account_id, DATE '2025-01-01' AS opened_on`);
    const second = await modelSchema(session);
    expect(second.tables.map((table) => [table.name, table.columns.map((column) => `${column.name}:${column.type}`)]))
      .toEqual([['accounts', ['account_id:number', 'name:text']], ['tickets', ['account_id:number', 'opened_on:date']]]);
  });
});
