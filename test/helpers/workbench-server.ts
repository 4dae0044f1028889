import { request } from 'node:http';
import { join } from 'node:path';
import { Session } from '../../engine/session.ts';
import { startServer, type RunningServer } from '../../workbench/server/server.ts';
import { tempDir } from './temp-dir.ts';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any;
  /** How long the answer took, in milliseconds. */
  readonly ms: number;
}

export interface SendOptions {
  /** A JSON body, or raw bytes (sent as application/octet-stream). */
  readonly body?: unknown;
  /** Extra headers, or `null` to leave out a default one (e.g. `{ Authorization: null }`). */
  readonly headers?: Record<string, string | null>;
}

/** A session over fresh data and notebook folders, and the workbench server on a free port. */
export interface ApiServer {
  readonly root: string;
  readonly dataDir: string;
  readonly notebooksDir: string;
  readonly session: Session;
  readonly server: RunningServer;
  /** A real HTTP request to the server, with its Host and the launch token unless told otherwise. */
  send(method: string, path: string, options?: SendOptions): Promise<ApiResponse>;
  /** The same request, with the first chunk of the answer's body as soon as it arrives. */
  stream(method: string, path: string, options?: SendOptions): { firstChunk: Promise<string>; done: Promise<ApiResponse> };
  close(): Promise<void>;
}

export async function startApiServer(options: { queryTimeoutMs?: number } = {}): Promise<ApiServer> {
  const folder = await tempDir('pulse-workbench-');
  const session = await Session.open({
    dataDir: join(folder.path, 'data'), notebooksDir: join(folder.path, 'notebooks'),
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
  });
  const server = await startServer({ session, port: 0 });
  return {
    root: folder.path,
    dataDir: session.dataDir,
    notebooksDir: session.notebooksDir!,
    session,
    server,
    send: (method, path, sendOptions = {}) => sendTo(server, method, path, sendOptions),
    stream(method, path, sendOptions = {}) {
      let first: (chunk: string) => void = () => {};
      const firstChunk = new Promise<string>((resolve) => {
        first = resolve;
      });
      return { firstChunk, done: sendTo(server, method, path, sendOptions, (chunk) => first(chunk)) };
    },
    async close() {
      await server.close();
      session.close();
      await folder.remove();
    },
  };
}

/** A real HTTP request to a running workbench server, with its Host and launch token unless told otherwise. */
export function sendTo(server: RunningServer, method: string, path: string, options: SendOptions = {}, onChunk?: (chunk: string) => void): Promise<ApiResponse> {
  const raw = options.body instanceof Uint8Array;
  const payload = options.body === undefined ? undefined : raw ? (options.body as Uint8Array) : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${server.port}`,
    Authorization: `Bearer ${server.token}`,
    ...(payload ? { 'Content-Type': raw ? 'application/octet-stream' : 'application/json', 'Content-Length': String(payload.length) } : {}),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // A connection per request: a kept-alive one may be closed by the server just as it is reused.
    const outgoing = request({ host: '127.0.0.1', port: server.port, method, path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        onChunk?.(chunk.toString());
      });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json, ms: performance.now() - started });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
