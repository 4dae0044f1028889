import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataFolder } from '../../engine/load.ts';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';

/**
 * A session over the sample data at `accounts` accounts, generated once into the system temp
 * folder and reused by later benchmark runs (the generator is deterministic).
 */
export async function benchSession(accounts: number): Promise<Session> {
  const dataDir = join(tmpdir(), `pulse-bench-data-${accounts}`);
  const ready = await stat(join(dataDir, 'usage_events.parquet')).then(() => true, () => false);
  if (!ready) await generateSample(dataDir, { accounts });
  const session = await Session.open({ dataDir, queryTimeoutMs: 600_000 });
  await loadDataFolder(session);
  return session;
}

/** The median of some timings, in milliseconds. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Times `run` `times` times and returns each duration in milliseconds. */
export async function time(times: number, run: () => Promise<unknown> | unknown): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return durations;
}
