import type { Request, Router } from 'express';
import { PulseError } from '../../../engine/errors.ts';
import { createNotebook, listNotebooks, readNotebook, renameNotebook, saveNotebook } from '../../../engine/notebook/store.ts';
import { jsonBody, stringField } from '../request-body.ts';
import { apiRouter } from './router.ts';

/**
 * The notebook files (docs/workbench-api.md, "Notebooks"): list, read, save with conflict
 * detection, create, rename — over `engine/notebook/store.ts`. `:path` is the notebook's path
 * relative to the notebooks folder, URL-encoded (`team%2Fq3.pulse.md`).
 */
export function notebooksRoutes(notebooksDir: string | undefined): Router {
  const router = apiRouter();
  const folder = (): string => {
    if (notebooksDir === undefined) throw new PulseError('not_found', 'This workbench was started without a notebooks folder.');
    return notebooksDir;
  };
  const pathOf = (request: Request): string => String(request.params.path);

  router.get('/api/notebooks', async (_request, response) => {
    response.json({ notebooks: await listNotebooks(folder()) });
  });

  router.post('/api/notebooks', async (request, response) => {
    const name = stringField(jsonBody(request), 'name');
    response.status(201).json(await createNotebook(folder(), name));
  });

  router.get('/api/notebooks/:path', async (request, response) => {
    response.json(await readNotebook(folder(), pathOf(request)));
  });

  router.put('/api/notebooks/:path', async (request, response) => {
    const body = jsonBody(request);
    const text = stringField(body, 'text');
    const baseVersion = body.baseVersion;
    if (baseVersion !== null && typeof baseVersion !== 'string') {
      throw new PulseError('bad_argument', '"baseVersion" must be the version the text was based on, or null for a new notebook.');
    }
    const { version } = await saveNotebook(folder(), pathOf(request), text, baseVersion);
    response.json({ version });
  });

  router.post('/api/notebooks/:path/rename', async (request, response) => {
    const to = stringField(jsonBody(request), 'to');
    response.json(await renameNotebook(folder(), pathOf(request), to));
  });

  return router;
}
