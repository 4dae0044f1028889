import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNotebookName, notebookTemplate, notebookTitle, notebookVersion, removeInterruptedSaves } from '../../../engine/notebook/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('notebook store helpers', () => {
  it('takes the title from the first level-1 heading of the prose', () => {
    expect(notebookTitle('# Q3 review\n\n## Data\n')).toBe('Q3 review');
    expect(notebookTitle('Intro\n\n## Sub\n\n# Main #\n')).toBe('Main');
    expect(notebookTitle('```pulse\n# a rules comment\n```\n\n# Real\n')).toBe('Real');
    expect(notebookTitle('```bash\n# a shell comment\n```\n# Real\n')).toBe('Real');
    expect(notebookTitle('#hashtag\n    # indented code\n')).toBeUndefined();
    expect(notebookTitle('')).toBeUndefined();
  });

  it('versions bytes by their SHA-256', () => {
    expect(notebookVersion('')).toBe('e3b0c44298fc1c14');
    expect(notebookVersion(Buffer.from('# A\n'))).toBe(notebookVersion('# A\n'));
    expect(notebookVersion('# A\n')).not.toBe(notebookVersion('# A\r\n'));
  });

  it('knows a notebook name', () => {
    expect(['a.pulse.md', 'A.PULSE.MD'].map(isNotebookName)).toEqual([true, true]);
    expect(['.pulse.md', '.a.pulse.md', 'a.md', '.a.pulse.md.1f2e.tmp', 'a.pulse'].map(isNotebookName)).toEqual([false, false, false, false, false]);
  });

  it('starts a new notebook with its title', () => {
    expect(notebookTitle(notebookTemplate('Churn deep dive'))).toBe('Churn deep dive');
  });

  it('sweeps the temporary files of interrupted saves once they are a minute old, and nothing else', async () => {
    const folder = await tempDir();
    try {
      await mkdir(join(folder.path, 'team'));
      const files = ['a.pulse.md', '.a.pulse.md.0123456789ab.tmp', 'team/.b.pulse.md.ba9876543210.tmp', '.c.pulse.md.0123456789ab.tmp', '.notes.tmp', '.a.pulse.md.xyz.tmp'];
      for (const file of files) await writeFile(join(folder.path, file), 'x');
      const twoMinutesAgo = new Date(Date.now() - 120_000);
      for (const file of files.filter((name) => name !== '.c.pulse.md.0123456789ab.tmp')) await utimes(join(folder.path, file), twoMinutesAgo, twoMinutesAgo);
      // .c… is fresh: a save may be writing it right now.
      expect((await removeInterruptedSaves(folder.path)).sort()).toEqual(['.a.pulse.md.0123456789ab.tmp', 'team/.b.pulse.md.ba9876543210.tmp']);
      expect((await readdir(folder.path)).sort()).toEqual(['.a.pulse.md.xyz.tmp', '.c.pulse.md.0123456789ab.tmp', '.notes.tmp', 'a.pulse.md', 'team']);
      expect(await readdir(join(folder.path, 'team'))).toEqual([]);
    } finally {
      await folder.remove();
    }
  });
});
