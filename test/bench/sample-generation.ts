import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../../samples/generate.ts';
import { markdownTable } from './machine.ts';

/**
 * Times sample generation at each size: wall time, rows written per second (all tables),
 * usage events, and the process's peak memory.
 */
export async function benchSampleGeneration(sizes: readonly number[]): Promise<string> {
  const rows: string[][] = [];
  for (const accounts of sizes) {
    const out = join(tmpdir(), `pulse-bench-sample-${accounts}`);
    await rm(out, { recursive: true, force: true });
    const report = await generateSample(out, { accounts });
    const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
    const events = report.tables.find((table) => table.name === 'usage_events')?.rows ?? 0;
    const bytes = report.tables.reduce((sum, table) => sum + table.bytes, 0);
    const seconds = report.elapsedMs / 1000;
    rows.push([
      accounts.toLocaleString('en-US'), seconds.toFixed(1), total.toLocaleString('en-US'), events.toLocaleString('en-US'),
      Math.round(total / seconds).toLocaleString('en-US'), `${(bytes / 2 ** 20).toFixed(0)} MiB`,
      `${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(1)} GiB`,
    ]);
    await rm(out, { recursive: true, force: true });
  }
  return `### Sample generation\n\n${markdownTable(
    ['accounts', 'seconds', 'rows (all tables)', 'usage events', 'rows / s', 'Parquet size', 'peak RSS so far'], rows)}`;
}
