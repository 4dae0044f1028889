import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** A fresh secret for one launch of the server, printed in the URL the user opens. */
export function launchToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Where the server listens, known once it listens (the port may be chosen by the OS). */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Refuses requests that a web page other than Pulse's own could have sent (DESIGN.md §9):
 * - a `Host` that is not this server's address (DNS rebinding) → 403;
 * - an `Origin`, or a `Sec-Fetch-Site: cross-site`, from anywhere else → 403;
 * - an API call without the launch token (`Authorization: Bearer …`) → 401.
 * Static files of the page itself need no token; they hold no data.
 */
export function securityChecks(address: ListenAddress, token: string) {
  const expected = Buffer.from(token);
  return (request: Request, response: Response, next: NextFunction): void => {
    const own = ownHosts(address);
    const host = request.headers.host ?? '';
    if (!own.has(host)) {
      refuse(response, 403, 'forbidden_host', `Requests must be addressed to ${address.host}:${address.port}.`);
      return;
    }
    const origin = request.headers.origin;
    if ((origin !== undefined && !own.has(origin.replace(/^http:\/\//, ''))) || request.headers['sec-fetch-site'] === 'cross-site') {
      refuse(response, 403, 'forbidden_origin', 'Requests from other web pages are not allowed.');
      return;
    }
    if (request.path.startsWith('/api/')) {
      const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        refuse(response, 401, 'unauthorized', 'Missing or wrong token: open Pulse with the URL it printed when it started.');
        return;
      }
    }
    next();
  };
}

function ownHosts({ host, port }: ListenAddress): Set<string> {
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  return new Set(names.map((name) => `${name}:${port}`));
}

function refuse(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}
