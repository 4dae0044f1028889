import express from 'express';
import type { Session } from '../../engine/session.ts';
import { errorResponses } from './errors.ts';
import { languageRoutes } from './routes/language.ts';
import { notebooksRoutes } from './routes/notebooks.ts';
import { runRoutes } from './routes/run.ts';
import { tablesRoutes } from './routes/tables.ts';
import { uploadRoutes } from './routes/upload.ts';
import { validateRoutes } from './routes/validate.ts';
import { pageFiles } from './page.ts';
import { securityChecks, type ListenAddress } from './security.ts';

/**
 * The Express application: the security headers, then the one guard (`security.ts`), which
 * serves the page's own files and lets nothing else past without the token, then the API
 * routes (docs/workbench-api.md). Notebooks live in `notebooksDir` (default: the session's
 * notebooks folder).
 */
export function createApp(options: { session: Session; token: string; address: ListenAddress; notebooksDir?: string }): express.Express {
  const { session } = options;
  const app = express();
  app.disable('x-powered-by');
  // Routes match only as written (the routers say so too: `routes/router.ts`).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.use((_request, response, next) => {
    response.set({
      // 'unsafe-eval': Arquero (the table view) compiles its sort and filter functions with `new Function`.
      // Vega does not need it: charts evaluate expressions with vega-interpreter. Monaco's worker is a file from 'self'.
      'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use(securityChecks(options.address, options.token, pageFiles()));
  // Uploads stream their raw body (up to 200 MB); everything else is JSON of at most 2 MB.
  app.use(uploadRoutes(session));
  app.use(express.json({ limit: '2mb' }));
  app.use(tablesRoutes(session));
  app.use(notebooksRoutes(options.notebooksDir ?? session.notebooksDir));
  app.use(runRoutes(session));
  app.use(languageRoutes(session));
  app.use(validateRoutes(session));
  app.use((_request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: 'No such API route.' } });
  });
  app.use(errorResponses);
  return app;
}
