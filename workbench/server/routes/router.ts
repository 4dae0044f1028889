import { Router } from 'express';

/**
 * A router for API routes that matches paths only as written: case-sensitively (Express's
 * default is not), and with no trailing `/` (`/api/tables/` is not `/api/tables`). Together
 * with the guard's canonical paths (`security.ts`), each route has one spelling.
 */
export function apiRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
