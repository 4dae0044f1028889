import { Router } from 'express';
import { isCalendarDate } from '../../../dsl/check/environment.ts';
import { PulseError } from '../../../engine/errors.ts';
import { runNotebook } from '../../../engine/notebook/run.ts';
import type { Session } from '../../../engine/session.ts';
import { jsonBody, optionalIntegerListField, optionalStringField, stringField } from '../request-body.ts';
import { RunChannels } from '../run-channels.ts';

/** Rows of a `sql` cell's result sent to the page; the rest are not computed. */
export const MAX_RESULT_ROWS = 10_000;

/**
 * `POST /api/run`: runs cells of a notebook text and the cells that depend on them
 * (`engine/notebook/run.ts`). A new run on the same `channel` aborts the previous one, which
 * answers 409 `superseded`; `POST /api/run/cancel` aborts a channel's run (409
 * `query_cancelled`). A client that goes away aborts its run too.
 */
export function runRoutes(session: Session, channels = new RunChannels()): Router {
  const router = Router();

  router.post('/api/run', async (request, response) => {
    const body = jsonBody(request);
    const text = stringField(body, 'text');
    const cells = optionalIntegerListField(body, 'cells');
    const asof = optionalStringField(body, 'asof');
    if (asof !== undefined && !isCalendarDate(asof)) {
      throw new PulseError('bad_argument', `"asof" must be a calendar date written YYYY-MM-DD, not "${asof}".`, {}, 'For example: 2025-06-30');
    }
    const channel = optionalStringField(body, 'channel');
    const run = channels.start(channel);
    const onClose = () => {
      if (!response.writableFinished) run.abort(new Error('The client closed the connection.'));
    };
    response.on('close', onClose);
    try {
      const result = await runNotebook(session, text, { cells, asof, signal: run.signal, maxRows: MAX_RESULT_ROWS });
      if (run.signal.aborted) throw run.signal.reason;
      response.json(result);
    } catch (error) {
      throw run.signal.aborted ? run.signal.reason : error;
    } finally {
      response.off('close', onClose);
      channels.finish(channel, run);
    }
  });

  router.post('/api/run/cancel', (request, response) => {
    const channel = stringField(jsonBody(request), 'channel');
    response.json({ cancelled: channels.cancel(channel) });
  });

  return router;
}
