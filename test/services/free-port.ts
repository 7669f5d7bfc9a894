/**
 * @module test/services/free-port
 * Free TCP ports on loopback for the throwaway servers the test harness starts.
 */
import { createServer, type Server } from 'node:net';

/**
 * Asks the kernel for `count` distinct free ports on 127.0.0.1. All listeners stay open until every
 * port is known, so one call never returns the same port twice (Kafka needs two at once).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, listenOnAnyPort));
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('loopback listener has no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
