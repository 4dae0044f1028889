import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Session } from '../../engine/session.ts';
import { errorResponses } from './errors.ts';
import { tablesRoutes } from './routes/tables.ts';
import { securityChecks, type ListenAddress } from './security.ts';

const clientDir = fileURLToPath(new URL('../client/', import.meta.url));

/** The Express application: security checks first, then the API routes and the page. */
export function createApp(options: { session: Session; token: string; address: ListenAddress }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityChecks(options.address, options.token));
  app.use((_request, response, next) => {
    response.set({
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use(express.json({ limit: '2mb' }));
  app.use(tablesRoutes(options.session));
  app.use('/api', (_request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: 'No such API route.' } });
  });
  app.use(express.static(clientDir, { index: 'index.html' }));
  app.use(errorResponses);
  return app;
}
