import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseError } from '../../engine/errors.ts';
import { resolveInside } from '../../engine/paths.ts';
import { tempDir } from '../helpers/temp-dir.ts';

describe('resolveInside', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let root: string;

  beforeAll(async () => {
    folder = await tempDir();
    root = join(folder.path, 'notebooks');
    await mkdir(join(root, 'team'), { recursive: true });
    await writeFile(join(folder.path, 'secret.txt'), 'x');
    await symlink(folder.path, join(root, 'escape'));
    await symlink(join(folder.path, 'secret.txt'), join(root, 'secret.pulse.md'));
  });

  afterAll(() => folder.remove());

  it('accepts plain relative names, existing or not', async () => {
    expect(await resolveInside(root, 'q3.pulse.md')).toBe(join(root, 'q3.pulse.md'));
    expect(await resolveInside(root, 'team/new.pulse.md')).toBe(join(root, 'team', 'new.pulse.md'));
  });

  it.each([
    ['a parent reference', '../secret.txt'],
    ['a parent reference in the middle', 'team/../../secret.txt'],
    ['an absolute path', '/etc/passwd'],
    ['a Windows-style parent', '..\\secret.txt'],
    ['a link out of the folder', 'escape/secret.txt'],
    ['a file link out of the folder', 'secret.pulse.md'],
    ['a NUL byte', 'a\0b'],
    ['nothing', ''],
  ])('refuses %s', async (_what, requested) => {
    const error = await resolveInside(root, requested).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PulseError);
    expect((error as PulseError).code).toBe('path_outside_folder');
  });
});
