import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import { invoicesTable } from './generator/billing.ts';
import { supportTickets, ticketsTable, trainingsTable, usageEventsTable } from './generator/activity.ts';
import { csatResponsesTable, npsResponsesTable } from './generator/feedback.ts';
import { accountsTable, referralsMade, referralsTable } from './generator/growth.ts';
import { accountMonths, accountTraits, activeMonths, churnEvents } from './generator/lifecycle.ts';
import { defaultSampleParams, generationContext, type SampleParams } from './generator/params.ts';
import { randomMacros } from './generator/random-macros.ts';
import type { GenerationStep, SampleTable } from './generator/step.ts';
import { planChanges, subscriptionSpans, subscriptionsTable } from './generator/subscriptions.ts';

export { defaultSampleParams, type SampleParams } from './generator/params.ts';

/** The working tables, in dependency order. */
const steps: readonly GenerationStep[] = [
  randomMacros, accountTraits, accountMonths, churnEvents, activeMonths,
  planChanges, subscriptionSpans, supportTickets, referralsMade,
];

/** The canonical tables of DESIGN.md §2, each written to `<name>.parquet`. */
export const sampleTables: readonly SampleTable[] = [
  accountsTable, subscriptionsTable, invoicesTable, usageEventsTable, ticketsTable,
  npsResponsesTable, csatResponsesTable, referralsTable, trainingsTable,
];

/** Reports progress: `done` of `total` stages finished, the last one being `label`. */
export type ProgressListener = (done: number, total: number, label: string) => void;

export interface SampleReport {
  readonly params: SampleParams;
  readonly outDir: string;
  readonly tables: readonly { name: string; file: string; rows: number; bytes: number }[];
  readonly elapsedMs: number;
}

/**
 * Generates the sample data set into `outDir` as one Parquet file per canonical table.
 * All work happens inside DuckDB in bulk. Files are written to a temporary folder first and
 * moved into place at the end, so a failed run leaves `outDir` as it was.
 */
export async function generateSample(
  outDir: string,
  params: Partial<SampleParams> = {},
  onProgress: ProgressListener = () => {},
): Promise<SampleReport> {
  const started = performance.now();
  const ctx = generationContext({ ...defaultSampleParams, ...params });
  const target = resolve(outDir);
  await mkdir(target, { recursive: true });
  const staging = await mkdtemp(join(target, '.pulse-sample-'));
  const total = steps.length + sampleTables.length;
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(staging, 'spill') });
  try {
    const connection = await instance.connect();
    let done = 0;
    for (const step of steps) {
      await connection.run(step.sql(ctx));
      onProgress(++done, total, step.label);
    }
    const tables = [];
    for (const table of sampleTables) {
      const file = join(staging, `${table.name}.parquet`);
      const copied = await connection.run(
        `COPY (${table.query(ctx)}) TO ${sql.string(file)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      tables.push({ name: table.name, file: join(target, `${table.name}.parquet`), rows: Number(copied.rowsChanged) });
      onProgress(++done, total, table.name);
    }
    connection.closeSync();
    const written = [];
    for (const table of tables) {
      await rename(join(staging, `${table.name}.parquet`), table.file);
      written.push({ ...table, bytes: (await stat(table.file)).size });
    }
    return { params: ctx, outDir: target, tables: written, elapsedMs: performance.now() - started };
  } finally {
    instance.closeSync();
    await rm(staging, { recursive: true, force: true });
  }
}
