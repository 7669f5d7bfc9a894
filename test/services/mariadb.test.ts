/**
 * @module test/services/mariadb.test
 * Proves the MariaDB part of the harness: the injected server is a real MariaDB with transactional
 * InnoDB tables, and a server started by startMariadb() is gone, directory and port, once stopped.
 */
import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { describe, expect, inject, it } from 'vitest';
import { startMariadb } from './mariadb.js';
import { pingMariadb } from './probe.js';

describe('injected MariaDB', () => {
  it('is a MariaDB server listening where the URL says, with InnoDB as the default engine', async () => {
    const url = inject('mariadbUrl');
    const connection = await createConnection({ uri: url });
    try {
      const [rows] = await connection.query('select version() as version, @@port as port, @@default_storage_engine as engine');
      const [row] = rows as { version: string; port: number; engine: string }[];
      expect(row?.version).toMatch(/MariaDB/);
      expect(row?.port).toBe(Number(new URL(url).port || 3306));
      expect(row?.engine).toBe('InnoDB');
    } finally {
      await connection.end();
    }
  });
});

describe('startMariadb()', () => {
  it('serves a fresh server on its own port and stops it completely', async () => {
    const server = await startMariadb();
    const port = Number(new URL(server.url).port);
    const connection = await createConnection({ uri: server.url });
    const [rows] = await connection.query('select @@port as port, @@datadir as datadir');
    await connection.end();
    const [row] = rows as { port: number; datadir: string }[];
    expect(row?.port).toBe(port);
    expect(existsSync(row?.datadir ?? '/nonexistent')).toBe(true);
    await server.stop();
    expect(existsSync(row?.datadir ?? '/')).toBe(false);
    await expect(pingMariadb(server.url)).rejects.toThrow();
  });
});
