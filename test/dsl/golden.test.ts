import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../../dsl/index.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { expectGolden } from '../helpers/golden.ts';
import { openSampleSession, type SampleSession } from '../helpers/sample-session.ts';

const models = [
  { name: 'health', file: new URL('../../samples/models/health.pulse', import.meta.url).pathname },
  { name: 'design-example', file: new URL('../fixtures/design-example.pulse', import.meta.url).pathname },
];

/** Each sample model → its SQL, reviewed by hand once and pinned; the SQL also runs on DuckDB. */
describe('golden: sample models compile to the reviewed SQL', () => {
  let sample: SampleSession;
  let session: Session;

  beforeAll(async () => {
    sample = await openSampleSession(400);
    session = sample.session;
  });

  afterAll(() => sample.close());

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
