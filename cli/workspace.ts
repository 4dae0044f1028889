import { readdir } from 'node:fs/promises';
import { loadDataFolder, type FolderLoad } from '../engine/load.ts';
import { Session } from '../engine/session.ts';
import { fileFormatOf } from '../engine/table-names.ts';
import { generateSample, type ProgressListener } from '../samples/generate.ts';

export interface Workspace {
  readonly session: Session;
  readonly load: FolderLoad;
  /** True when the sample data was generated because the data folder had none. */
  readonly generatedSample: boolean;
}

/**
 * Opens the data folder as a session: generates the sample data there first when the folder
 * has no data file at all (the first run), then loads every file in it.
 */
export async function openWorkspace(options: {
  dataDir: string;
  notebooksDir: string;
  /** Further folders SQL may write to, e.g. the output folder of `pulse run`. */
  extraDirs?: readonly string[];
  queryTimeoutMs?: number;
  onSampleProgress?: ProgressListener;
}): Promise<Workspace> {
  const generatedSample = !(await hasDataFiles(options.dataDir));
  if (generatedSample) await generateSample(options.dataDir, {}, options.onSampleProgress);
  const session = await Session.open(options);
  try {
    return { session, load: await loadDataFolder(session), generatedSample };
  } catch (error) {
    session.close();
    throw error;
  }
}

async function hasDataFiles(folder: string): Promise<boolean> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.some((entry) => entry.isFile() && !entry.name.startsWith('.') && fileFormatOf(entry.name) !== undefined);
}
