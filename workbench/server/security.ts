import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isPageRequest } from './page.ts';

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
 * The one guard in front of every request (DESIGN.md §9), in this order:
 * - a `Host` that is not this server's address (DNS rebinding) → 403;
 * - an `Origin`, or a `Sec-Fetch-Site: cross-site`, from anywhere else → 403;
 * - a path not in its one canonical spelling (`canonicalPath`) → 400: the routes, the file
 *   server and this guard then all see the same path;
 * - a `GET`/`HEAD` of one of the page's own files (`isPageRequest`, a closed list) is served
 *   by `page`, which never reaches a route — no token needed, the page holds no data;
 * - anything else needs the launch token (`Authorization: Bearer …`) → 401 without it.
 * A route added later is guarded without being named here.
 */
export function securityChecks(address: ListenAddress, token: string, page: RequestHandler) {
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
    const path = canonicalPath(request.originalUrl);
    if (path === null) {
      refuse(response, 400, 'bad_request', 'The path is not spelled the one way Pulse knows: no empty, "." or ".." segments, no trailing "/", and %-escapes only for characters that need them (in upper case).');
      return;
    }
    if (isPageRequest(request.method, path)) {
      page(request, response, (error?: unknown) => (error === undefined ? refuse(response, 404, 'not_found', 'No such file.') : next(error)));
      return;
    }
    const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      refuse(response, 401, 'unauthorized', 'Missing or wrong token: open Pulse with the URL it printed when it started.');
      return;
    }
    next();
  };
}

/** Characters of a path segment (RFC 3986 `pchar`), or a %-escape with upper-case hex digits. */
const SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})+$/;
/** Characters that never need a %-escape (RFC 3986 `unreserved`): escaping them is a second spelling. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * The path of a request target (before `?`) when it is in canonical form, else null. Canonical:
 * it starts with `/` (not the absolute form `http://…`, not `*`); it is `/` or segments that are
 * neither empty (`//`, a trailing `/`), nor `.` or `..`; and each segment holds only the
 * characters a path may hold as they are, with %-escapes (upper-case hex) only for characters
 * that are not unreserved (`%2F` in a notebook path, never `%61` for `a` or `%2E` for `.`).
 * Letters keep their case: routes are matched case-sensitively.
 */
export function canonicalPath(target: string): string | null {
  const path = target.split('?', 1)[0]!;
  if (path === '/') return path;
  if (!path.startsWith('/')) return null;
  for (const segment of path.slice(1).split('/')) {
    if (segment === '.' || segment === '..' || !SEGMENT.test(segment)) return null;
    for (const [, hex] of segment.matchAll(/%([0-9A-F]{2})/g)) {
      if (UNRESERVED.test(String.fromCharCode(parseInt(hex!, 16)))) return null;
    }
  }
  return path;
}

function ownHosts({ host, port }: ListenAddress): Set<string> {
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  return new Set(names.map((name) => `${name}:${port}`));
}

function refuse(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ error: { code, message } });
}
