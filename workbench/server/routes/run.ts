import type { Response, Router } from 'express';
import { isCalendarDate } from '../../../dsl/check/environment.ts';
import { PulseError } from '../../../engine/errors.ts';
import { runNotebook, type CellResult } from '../../../engine/notebook/run.ts';
import type { Session } from '../../../engine/session.ts';
import { jsonBody, optionalIntegerListField, optionalStringField, stringField } from '../request-body.ts';
import { INTERNAL_ERROR } from '../errors.ts';
import { RunChannels } from '../run-channels.ts';
import { apiRouter } from './router.ts';

const NDJSON = 'application/x-ndjson';

/** Rows of a `sql` cell's result sent to the page; the rest are not computed. */
export const MAX_RESULT_ROWS = 10_000;

/**
 * `POST /api/run`: runs cells of a notebook text and the cells that depend on them
 * (`engine/notebook/run.ts`). A new run on the same `channel` aborts the previous one, which
 * answers 409 `superseded`; `POST /api/run/cancel` aborts a channel's run (409
 * `query_cancelled`). A client that goes away aborts its run too. A client that accepts
 * `application/x-ndjson` gets each cell's result as a line as soon as it is known.
 */
export function runRoutes(session: Session, channels = new RunChannels()): Router {
  const router = apiRouter();

  router.post('/api/run', async (request, response) => {
    const body = jsonBody(request);
    const text = stringField(body, 'text');
    const cells = optionalIntegerListField(body, 'cells');
    const asof = optionalStringField(body, 'asof');
    if (asof !== undefined && !isCalendarDate(asof)) {
      throw new PulseError('bad_argument', `"asof" must be a calendar date written YYYY-MM-DD, not "${asof}".`, {}, 'For example: 2025-06-30');
    }
    const channel = optionalStringField(body, 'channel');
    const streamed = request.accepts(['application/json', NDJSON]) === NDJSON;
    const run = channels.start(channel);
    const onClose = () => {
      if (!response.writableFinished) run.abort(new PulseError('query_cancelled', 'The client closed the connection.'));
    };
    response.on('close', onClose);
    try {
      const result = await runNotebook(session, text, {
        cells, asof, signal: run.signal, maxRows: MAX_RESULT_ROWS,
        ...(streamed ? { onResult: (cell: CellResult) => writeLine(response, { type: 'result', result: cell }) } : {}),
      });
      if (run.signal.aborted) throw run.signal.reason;
      if (streamed) {
        writeLine(response, { type: 'done', asof: result.asof });
        response.end();
      } else {
        response.json(result);
      }
    } catch (error) {
      const reason = run.signal.aborted ? run.signal.reason : error;
      if (!streamed || !response.headersSent) throw reason;
      // Once lines have gone out the status is sent: the failure is the stream's last line.
      if (!(reason instanceof PulseError)) console.error(reason);
      writeLine(response, { type: 'error', error: reason instanceof PulseError ? reason.toJSON() : INTERNAL_ERROR });
      response.end();
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

/** One line of a streamed run: the status and headers go out with the first. */
function writeLine(response: Response, line: object): void {
  if (!response.headersSent) response.status(200).type(NDJSON).set('Cache-Control', 'no-store');
  response.write(`${JSON.stringify(line)}\n`);
}
