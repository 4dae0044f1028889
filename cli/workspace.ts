import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PulseError } from '../engine/errors.ts';
import { loadDataFolder, type FolderLoad } from '../engine/load.ts';
import { removeInterruptedSaves, seedNotebooks } from '../engine/notebook/store.ts';
import { Session } from '../engine/session.ts';
import { fileFormatOf } from '../engine/table-names.ts';
import { generateSample, type ProgressListener } from '../samples/generate.ts';
import { checkFolderOption } from './folders.ts';

export interface Workspace {
  readonly session: Session;
  readonly load: FolderLoad;
  /** True when the sample data was generated because the data folder had none (only with `sample`). */
  readonly generatedSample: boolean;
  /** The sample notebooks copied into the notebooks folder because it had none (paths relative to it). */
  readonly seededNotebooks: readonly string[];
}

/** The sample notebooks, copied into an empty notebooks folder. */
export const SAMPLE_NOTEBOOKS_DIR = fileURLToPath(new URL('../samples/notebooks/', import.meta.url));

/**
 * Opens the data folder as a session and loads every file in it. A data folder that is
 * missing or holds no data file is refused, naming it — unless `sample` is set (only
 * `pulse serve` on the default folder sets it: the first run), which generates the sample
 * data there first. A notebooks folder without any notebook gets copies of the sample
 * notebooks (`samples/notebooks/`).
 */
export async function openWorkspace(options: {
  dataDir: string;
  notebooksDir: string;
  /** Further folders SQL may write to, e.g. the output folder of `pulse run`. */
  extraDirs?: readonly string[];
  queryTimeoutMs?: number;
  /** Generate the sample data into a missing or empty data folder instead of refusing it. */
  sample?: boolean;
  onSampleProgress?: ProgressListener;
  /** Where the sample notebooks come from (default `samples/notebooks/`; tests point elsewhere). */
  sampleNotebooksDir?: string;
}): Promise<Workspace> {
  await checkFolderOption('--data', options.dataDir);
  await checkFolderOption('--notebooks', options.notebooksDir);
  const generatedSample = !(await hasDataFiles(options.dataDir));
  if (generatedSample && !options.sample) throw noData(options.dataDir);
  if (generatedSample) await generateSample(options.dataDir, {}, options.onSampleProgress);
  const session = await Session.open(options);
  try {
    if (session.notebooksDir !== undefined) await removeInterruptedSaves(session.notebooksDir);
    const seededNotebooks = session.notebooksDir === undefined ? [] : await seedNotebooks(options.sampleNotebooksDir ?? SAMPLE_NOTEBOOKS_DIR, session.notebooksDir);
    return { session, load: await loadDataFolder(session), generatedSample, seededNotebooks };
  } catch (error) {
    session.close();
    throw error;
  }
}

function noData(folder: string): PulseError {
  return new PulseError('file_not_found', `${folder}${existsSync(folder) ? ' holds no CSV, Parquet or JSON file.' : ': no such folder.'}`, { file: folder },
    `Give --data the folder that holds your CSV, Parquet or JSON files, or write the sample data into it first: pulse sample --out ${folder}`);
}

async function hasDataFiles(folder: string): Promise<boolean> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.some((entry) => entry.isFile() && !entry.name.startsWith('.') && fileFormatOf(entry.name) !== undefined);
}
