/**
 * @module main/http-server
 * Binding the Hono app to a Node HTTP server, and closing it gracefully: stop accepting, let
 * requests in flight finish, close idle keep-alive sockets, force the rest after a bound.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { FetchHandler } from '../http/starting-up.js';

export function listen(fetch: FetchHandler, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      resolve();
    }, timeoutMs).unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Idle keep-alive sockets would otherwise hold the close open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

export function boundUrl(server: ServerType, host: string, fallbackPort: number): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : fallbackPort;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
