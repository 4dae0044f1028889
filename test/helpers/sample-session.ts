import { join } from 'node:path';
import { expect } from 'vitest';
import { loadDataFolder } from '../../engine/load.ts';
import { Session } from '../../engine/session.ts';
import { generateSample, type SampleReport } from '../../samples/generate.ts';
import { tempDir } from './temp-dir.ts';

/** A session over a freshly generated sample, in a temporary folder that `close` removes. */
export interface SampleSession {
  readonly session: Session;
  readonly dataDir: string;
  /** What the generator reports: its parameters (the data's date range) and row counts. */
  readonly sample: SampleReport;
  close(): Promise<void>;
}

/** Generates the sample data for `accounts` accounts (default seed) and opens a session with every table loaded. */
export async function openSampleSession(accounts: number): Promise<SampleSession> {
  const folder = await tempDir();
  const dataDir = join(folder.path, 'data');
  const sample = await generateSample(dataDir, { accounts });
  const session = await Session.open({ dataDir });
  expect((await loadDataFolder(session)).failed).toEqual([]);
  return {
    session, dataDir, sample,
    async close() {
      session.close();
      await folder.remove();
    },
  };
}
