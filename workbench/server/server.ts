import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Session } from '../../engine/session.ts';
import { createApp } from './app.ts';
import { launchToken, type ListenAddress } from './security.ts';

export interface RunningServer {
  /** The URL to open, with the launch token. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * Starts the workbench server on `host` (127.0.0.1 unless told otherwise) and `port`
 * (0: any free port). Every launch has a new token.
 */
export async function startServer(options: { session: Session; host?: string; port?: number; token?: string }): Promise<RunningServer> {
  const address: ListenAddress = { host: options.host ?? '127.0.0.1', port: options.port ?? 0 };
  const token = options.token ?? launchToken();
  const app = createApp({ session: options.session, token, address });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(address.port, address.host, () => resolve(listening));
    listening.once('error', reject);
  });
  address.port = (server.address() as AddressInfo).port;
  return {
    url: `http://${address.host}:${address.port}/?token=${token}`,
    port: address.port,
    token,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
