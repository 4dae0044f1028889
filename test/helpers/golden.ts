import { readFile, rm, writeFile } from 'node:fs/promises';
import { expect } from 'vitest';

/**
 * Compares `actual` with the golden file at `path`. On a mismatch it writes `actual` next to
 * it as `<name>-changed.<ext>` for review, then fails; on a match it removes a stale
 * `-changed` file. A missing golden file is a failure too (write it by reviewing the `-changed` file).
 */
export async function expectGolden(path: string, actual: string): Promise<void> {
  const changed = path.replace(/(\.[^./]+)$/, '-changed$1');
  const expected = await readFile(path, 'utf8').catch(() => undefined);
  if (expected === actual) {
    await rm(changed, { force: true });
    return;
  }
  await writeFile(changed, actual);
  expect(actual, `golden file ${path} differs; review ${changed} and copy it over the golden file if it is right`).toBe(expected);
}
