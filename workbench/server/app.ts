import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Session } from '../../engine/session.ts';
import { errorResponses } from './errors.ts';
import { languageRoutes } from './routes/language.ts';
import { notebooksRoutes } from './routes/notebooks.ts';
import { runRoutes } from './routes/run.ts';
import { tablesRoutes } from './routes/tables.ts';
import { uploadRoutes } from './routes/upload.ts';
import { validateRoutes } from './routes/validate.ts';
import { securityChecks, type ListenAddress } from './security.ts';

const clientDir = fileURLToPath(new URL('../client/dist/', import.meta.url));

/**
 * The Express application: security checks first, then the API routes (docs/workbench-api.md)
 * and the page. Notebooks live in `notebooksDir` (default: the session's notebooks folder).
 */
export function createApp(options: { session: Session; token: string; address: ListenAddress; notebooksDir?: string }): express.Express {
  const { session } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityChecks(options.address, options.token));
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
  // Uploads stream their raw body (up to 200 MB); everything else is JSON of at most 2 MB.
  app.use(uploadRoutes(session));
  app.use(express.json({ limit: '2mb' }));
  app.use(tablesRoutes(session));
  app.use(notebooksRoutes(options.notebooksDir ?? session.notebooksDir));
  app.use(runRoutes(session));
  app.use(languageRoutes(session));
  app.use(validateRoutes(session));
  app.use('/api', (_request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: 'No such API route.' } });
  });
  app.use(express.static(clientDir, { index: 'index.html' }));
  app.use(errorResponses);
  return app;
}
