import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, SAMPLE_NOTEBOOKS_DIR } from '../../cli/workspace.ts';
import { listNotebooks } from '../../engine/notebook/store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('openWorkspace seeds an empty notebooks folder with the sample notebooks', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let notebooksDir: string;

  beforeEach(async () => {
    folder = await tempDir();
    dataDir = join(folder.path, 'data');
    notebooksDir = join(folder.path, 'notebooks');
    // A data file, so that no sample data is generated.
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'plans.csv'), 'id,name\n1,basic\n');
  });

  afterEach(() => folder.remove());

  async function open(options: { sampleNotebooksDir?: string } = {}) {
    const workspace = await openWorkspace({ dataDir, notebooksDir, ...options });
    workspace.session.close();
    return workspace;
  }

  it('copies every sample notebook, byte for byte, once', async () => {
    const samples = (await listNotebooks(SAMPLE_NOTEBOOKS_DIR).catch(() => [])).map((notebook) => notebook.path);
    const first = await open();
    expect(first.generatedSample).toBe(false);
    expect(first.seededNotebooks).toEqual(samples);
    for (const path of samples) {
      expect(await readFile(join(notebooksDir, path), 'utf8')).toBe(await readFile(join(SAMPLE_NOTEBOOKS_DIR, path), 'utf8'));
    }
    const second = await open();
    expect(second.seededNotebooks).toEqual([]);
  });

  it('copies nothing into a folder that has a notebook, even in a subfolder', async () => {
    await mkdir(join(notebooksDir, 'team'), { recursive: true });
    await writeFile(join(notebooksDir, 'team', 'mine.pulse.md'), '# Mine\n');
    expect((await open()).seededNotebooks).toEqual([]);
    expect(await readdir(notebooksDir)).toEqual(['team']);
  });

  it('copies nothing when there are no sample notebooks', async () => {
    expect((await open({ sampleNotebooksDir: join(folder.path, 'no-such-folder') })).seededNotebooks).toEqual([]);
    expect(await readdir(notebooksDir)).toEqual([]);
  });

  it('copies the notebooks of another folder, keeping subfolders and skipping other files', async () => {
    const samples = join(folder.path, 'samples');
    await mkdir(join(samples, 'deep'), { recursive: true });
    await writeFile(join(samples, 'one.pulse.md'), '# One\n');
    await writeFile(join(samples, 'deep', 'two.pulse.md'), '# Two\n');
    await writeFile(join(samples, 'README.md'), '# not a notebook\n');
    expect((await open({ sampleNotebooksDir: samples })).seededNotebooks).toEqual(['deep/two.pulse.md', 'one.pulse.md']);
    expect((await listNotebooks(notebooksDir)).map((notebook) => [notebook.path, notebook.title])).toEqual([['deep/two.pulse.md', 'Two'], ['one.pulse.md', 'One']]);
  });
});
