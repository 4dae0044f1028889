import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../../dsl/index.ts';
import { loadDataFolder } from '../../engine/load.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';
import { expectGolden } from '../helpers/golden.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const models = [
  { name: 'health', file: new URL('../../samples/models/health.pulse', import.meta.url).pathname },
  { name: 'design-example', file: new URL('../fixtures/design-example.pulse', import.meta.url).pathname },
];

/** Each sample model → its SQL, reviewed by hand once and pinned; the SQL also runs on DuckDB. */
describe('golden: sample models compile to the reviewed SQL', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let session: Session;

  beforeAll(async () => {
    folder = await tempDir();
    await generateSample(join(folder.path, 'data'), { accounts: 400 });
    session = await Session.open({ dataDir: join(folder.path, 'data') });
    await loadDataFolder(session);
  });

  afterAll(async () => {
    session.close();
    await folder.remove();
  });

  it.each(models)('$name', async ({ name, file }) => {
    const analysis = analyze(await readFile(file, 'utf8'), await modelSchema(session));
    expect(analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const compiled = compileModel(analysis.model!, '2025-06-30');
    await expectGolden(new URL(`golden/${name}.sql`, import.meta.url).pathname, `${compiled.sql}\n`);
    const result = await session.query(compiled.sql);
    expect(result.rowCount).toBe(400);
    expect(result.columns.map((column) => column.name)).toEqual(compiled.columns);
  });
});
