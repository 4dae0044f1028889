import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, ASOF_COLUMN, compileModel, compileModelForDates, type ModelIR } from '../../dsl/index.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { rowsOf } from '../helpers/rows.ts';
import { openSampleSession, type SampleSession } from '../helpers/sample-session.ts';

const DATES = ['2024-01-31', '2024-04-30', '2024-07-31', '2024-10-31', '2025-01-31', '2025-06-30'];

/** Equal, numbers within a relative 1e-9. */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

describe('evaluating a model as of many dates in one query', () => {
  let sample: SampleSession;
  let session: Session;
  let model: ModelIR;

  beforeAll(async () => {
    sample = await openSampleSession(500);
    session = sample.session;
    const text = await readFile(new URL('../../samples/models/health.pulse', import.meta.url), 'utf8');
    model = analyze(text, await modelSchema(session)).model!;
  });

  afterAll(() => sample.close());

  it('gives, date by date, exactly what evaluating each date alone gives', async () => {
    const many = rowsOf(await session.query(compileModelForDates(model, DATES).sql));
    expect(many).toHaveLength(500 * DATES.length);
    for (const date of DATES) {
      const alone = rowsOf(await session.query(compileModel(model, date).sql));
      const together = many.filter((row) => row[ASOF_COLUMN] === date).map(({ [ASOF_COLUMN]: _asof, ...row }) => row);
      expect(together).toHaveLength(alone.length);
      const mismatches = alone.flatMap((row, index) => Object.entries(row)
        .filter(([column, value]) => !close(value, together[index]![column]))
        .map(([column, value]) => `${date} account ${String(row.account_id)} ${column}: ${String(value)} vs ${String(together[index]![column])}`));
      expect(mismatches).toEqual([]);
    }
  });

  it('still scans each source table once', async () => {
    const explained = await session.query(`EXPLAIN (FORMAT json) ${compileModelForDates(model, DATES).sql}`);
    const scans: string[] = [];
    const walk = (node: { name: string; children: unknown[]; extra_info?: Record<string, unknown> }) => {
      if (node.name.includes('SCAN') || node.name.includes('READ_PARQUET')) scans.push(String(node.extra_info?.Function ?? node.name));
      for (const child of node.children) walk(child as typeof node);
    };
    for (const root of JSON.parse(String(explained.data[1]?.[0])) as Parameters<typeof walk>[0][]) walk(root);
    // Five sources and the entity, each read once (parquet views), plus the list of dates.
    expect(scans.filter((scan) => scan === 'READ_PARQUET')).toHaveLength(6);
  });
});
