import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { createMetricsFixture } from '../metrics/fixture.ts';

/** The evaluation date of the metrics fixture. */
export const ASOF = '2024-06-30';

/**
 * A session with the hand-made metrics fixture (../metrics/fixture.ts) and, unless told
 * otherwise, a hand-made `scores` table as a model would have left it:
 *
 *   account  health  health_grade  at_risk  champions  engagement (a number without grades)
 *   1        82.5    green         false    true       0.9
 *   2        null    null          false    false      null     (every component missing)
 *   3        55      yellow        true     false      0.4
 *   4        12      red           true     false      0.1
 *   5        97.5    green         false    true       0.7
 */
export async function chartSession(options: { scores?: boolean } = {}): Promise<ScratchSession> {
  const scratch = await openScratchSession('pulse-charts-');
  const { session } = scratch;
  await createMetricsFixture(session);
  if (options.scores ?? true) {
    await session.execute(`CREATE TABLE scores AS SELECT account_id::BIGINT AS account_id, health::DOUBLE AS health, health_grade,
      at_risk, champions, engagement::DOUBLE AS engagement FROM (VALUES
        (1, 82.5, 'green', false, true, 0.9), (2, NULL, NULL, false, false, NULL), (3, 55, 'yellow', true, false, 0.4),
        (4, 12, 'red', true, false, 0.1), (5, 97.5, 'green', false, true, 0.7)
      ) t(account_id, health, health_grade, at_risk, champions, engagement)`);
  }
  return scratch;
}
