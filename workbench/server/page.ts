import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

/** The built page (`workbench/client/build.ts` writes it). */
const clientDir = fileURLToPath(new URL('../client/dist/', import.meta.url));

/**
 * The paths of the page's own files, the only ones a request without the launch token may
 * ask for: the start page, the files `client/build.ts` writes by name, and the chunks and
 * assets esbuild names `chunks/<name>-<hash>.js` and `assets/<name>-<hash>.<ext>`. A closed
 * list: a path that is not one of these needs the token, whatever a route or a file server
 * would make of it. Hidden files of the build (`.built`, `.inputs`) are not among them.
 */
const PAGE_FILE = /^\/(?:index\.html|favicon\.svg|app\.js|app\.css|editor\.worker\.js|chunks\/[A-Za-z0-9_-]+\.js|assets\/[A-Za-z0-9_-]+\.(?:ttf|woff2?|svg|png))?$/;

/** True when the request asks for a file of the page (`GET` or `HEAD` of one of its paths). */
export function isPageRequest(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && PAGE_FILE.test(path);
}

/** Serves the page's files from the build; a missing one falls through to `next`. */
export function pageFiles(): RequestHandler {
  return express.static(clientDir, { index: 'index.html', redirect: false, dotfiles: 'ignore' });
}
