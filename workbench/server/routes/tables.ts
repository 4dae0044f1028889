import type { Router } from 'express';
import { listTables } from '../../../engine/introspect.ts';
import type { Session } from '../../../engine/session.ts';
import { apiRouter } from './router.ts';

/** `GET /api/tables`: every table with its row count and typed columns. */
export function tablesRoutes(session: Session): Router {
  const router = apiRouter();
  router.get('/api/tables', async (_request, response) => {
    response.json({ tables: await listTables(session) });
  });
  return router;
}
