import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../dsl/index.ts';
import { defaultAsof } from '../../engine/evaluate-model.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { openScratchSession, type ScratchSession } from '../helpers/scratch-session.ts';

describe('the default evaluation date', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await session.execute(`
      CREATE TABLE accounts AS SELECT * FROM (VALUES (1), (2)) t(account_id);
      CREATE TABLE logins AS SELECT * FROM (VALUES (1, TIMESTAMP '2025-03-10 08:00:00'), (2, TIMESTAMP '2025-01-02 17:30:00')) t(account_id, logged_at)`);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('is the latest date of the sources, remembered until the data changes', async () => {
    const text = 'entity account = accounts key account_id\nsource logins time logged_at\nmeasure n = count(logins during last 30 days)';
    const model = analyze(text, await modelSchema(session)).model!;
    expect(await defaultAsof(session, model)).toBe('2025-03-10');
    // A row added behind Pulse's back is not seen: the date is remembered for this data version…
    await session.execute(`INSERT INTO logins VALUES (1, TIMESTAMP '2025-04-01 09:00:00')`);
    expect(await defaultAsof(session, model)).toBe('2025-03-10');
    // …and read again once the session is told its data changed (loading a file tells it).
    session.noteDataChanged();
    expect(await defaultAsof(session, model)).toBe('2025-04-01');
    // A model's own `asof` wins.
    expect(await defaultAsof(session, analyze(`asof 2024-12-31\n${text}`, await modelSchema(session)).model!)).toBe('2024-12-31');
  });
});
