/**
 * The bare endpoint `bench:verify` compares the hub with, run as its own process by the bench: Hono
 * on @hono/node-server like the hub, the hub's PostgreSQL client settings and pool size
 * (`openDatabase`), and nothing but the point lookup of a licence's narrow row — what a verification
 * needs to decide (status, validity, type, issuer, seal serial, digest, holder), not the JWS nor the
 * payload. No authentication, no signature, no audit: the ratio hub ÷ this is what the hub's own
 * work costs on top of the lookup, on the same machine in the same run.
 *
 * Env: DATABASE_URL, DATABASE_POOL_MAX. Prints the bound port on stdout, stops on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { silentLogger } from '../../src/core/ports/logger.js';
import { openDatabase } from '../../src/postgres/database.js';

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL as string,
  dataDir: '',
  poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
  logger: silentLogger,
});

const app = new Hono();
app.post('/lookup', async (c) => {
  const { licenseId } = await c.req.json<{ licenseId: string }>();
  const [row] = await db.sql`select id, type_code, issuer, number, status, holder_id_type, holder_id,
      valid_from::text, valid_until::text, digest, seal_serial, replaced_by
    from licenses where id = ${licenseId}`;
  return row ? c.json(row) : c.json({ error: 'not found' }, 404);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.stdout.write(`${info.port}\n`));
process.once('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
