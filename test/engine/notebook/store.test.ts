import { describe, expect, it } from 'vitest';
import { isNotebookName, notebookTemplate, notebookTitle, notebookVersion } from '../../../engine/notebook/store.ts';

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
});
