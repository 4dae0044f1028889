import { join } from 'node:path';
import { Session } from '../../engine/session.ts';
import { tempDir } from './temp-dir.ts';

/** A session over an empty data folder, for tests that create their own tables. */
export interface ScratchSession {
  readonly session: Session;
  /** Closes the session and removes its folder. */
  close(): Promise<void>;
}

/** Opens a session over an empty data folder in a new temporary folder. */
export async function openScratchSession(prefix?: string): Promise<ScratchSession> {
  const folder = await tempDir(prefix);
  const session = await Session.open({ dataDir: join(folder.path, 'data') });
  return {
    session,
    async close() {
      session.close();
      await folder.remove();
    },
  };
}
