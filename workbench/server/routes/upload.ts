import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Router } from 'express';
import { PulseError } from '../../../engine/errors.ts';
import { loadFile } from '../../../engine/load.ts';
import type { Session } from '../../../engine/session.ts';
import { apiRouter } from './router.ts';

/** The largest file an upload may send. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * `POST /api/upload?name=<file name>`: the raw body is the file. It is written to a temporary
 * folder under the file's own (sanitised) name, loaded with `loadFile` — which checks it
 * completely and copies it into the data folder, or changes nothing — and deleted. Register
 * this before the JSON body parser: the body is streamed, never parsed.
 */
export function uploadRoutes(session: Session): Router {
  const router = apiRouter();
  router.post('/api/upload', async (request, response) => {
    const name = uploadName(request.query.name);
    if (Number(request.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
    const folder = await mkdtemp(join(tmpdir(), 'pulse-upload-'));
    try {
      const file = join(folder, name);
      await pipeline(request, byteLimit(MAX_UPLOAD_BYTES), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      const table = await loadFile(session, file, { shownAs: name });
      response.json({ table });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  return router;
}

/** The file name from the query, without folders or characters that do not belong in a file name. */
export function uploadName(raw: unknown): string {
  const given = typeof raw === 'string' ? raw : '';
  const name = (given.split(/[\\/]/).pop() ?? '')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^[. ]+/, '')
    .trim()
    .slice(-200);
  if (name === '') {
    throw new PulseError('bad_argument', 'An upload needs the file name: POST /api/upload?name=<file name>.', {}, 'For example: ?name=accounts.csv');
  }
  return name;
}

function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge() : null, chunk);
    },
  });
}

function tooLarge(): PulseError {
  return new PulseError('too_large', `The file is larger than the ${MAX_UPLOAD_BYTES / 1024 / 1024} MB an upload may be.`, {},
    'Put large files into the data folder instead; Pulse loads them on start.');
}
