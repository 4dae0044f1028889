import type { NextFunction, Request, Response } from 'express';
import { PulseError, type PulseErrorCode } from '../../engine/errors.ts';
import { NotebookConflictError } from '../../engine/notebook/store.ts';
import { ServerBusyError } from './run-channels.ts';

const statusByCode: Partial<Record<PulseErrorCode, number>> = {
  file_not_found: 404,
  not_found: 404,
  path_outside_folder: 400,
  bad_table_name: 400,
  bad_argument: 400,
  file_empty: 422,
  file_not_text: 422,
  file_unsupported: 415,
  file_malformed: 422,
  query_failed: 400,
  query_not_allowed: 400,
  query_timeout: 408,
  query_cancelled: 409,
  superseded: 409,
  conflict: 409,
  too_large: 413,
  busy: 429,
};

/** What a client is told of an error Pulse did not expect; the details go to the server log. */
export const INTERNAL_ERROR = { code: 'internal', message: 'Pulse hit an unexpected error; the server log has details.' } as const;

/**
 * Turns errors into JSON responses: a `PulseError` keeps its code, message and place (a
 * notebook conflict adds what is on disk as `current`, a busy server `Retry-After`); a body that is not valid JSON or is
 * too large says so; anything else is a 500 without internals.
 */
export function errorResponses(error: unknown, request: Request, response: Response, _next: NextFunction): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  // A body left unread (refused for its size) cannot be skipped on a kept-alive connection.
  if (!request.complete) response.set('Connection', 'close');
  if (error instanceof PulseError) {
    const current = error instanceof NotebookConflictError && error.current ? { current: error.current } : {};
    if (error instanceof ServerBusyError) response.set('Retry-After', String(error.retryAfterSeconds));
    response.status(statusByCode[error.code] ?? 400).json({ error: error.toJSON(), ...current });
    return;
  }
  const { status, type } = error as { status?: number; type?: string };
  if (status === 413) {
    response.status(413).json({ error: { code: 'too_large', message: 'The request body is larger than the server accepts.' } });
  } else if (type === 'entity.parse.failed') {
    response.status(400).json({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
  } else if (status === 400) {
    response.status(400).json({ error: { code: 'bad_request', message: 'The request is malformed (a path or body that cannot be decoded).' } });
  } else {
    console.error(error);
    response.status(500).json({ error: INTERNAL_ERROR });
  }
}
