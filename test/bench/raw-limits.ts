/**
 * The raw limits of this machine, measured in the same run as the benchmark (DESIGN §6): how many
 * ES256 (P-256) seal signatures one core verifies per second through node:crypto — the hub's own
 * verification path — and how many primary-key lookups PostgreSQL answers per second.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import postgres from 'postgres';

const WINDOW_MS = 2_000;

/** Verifications per second of a licence-sized signing input, on this thread (one core). */
export function es256VerifyRate(signingInput: Buffer): number {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signature = sign('sha256', signingInput, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < WINDOW_MS) {
    for (let i = 0; i < 100; i++) verify('sha256', signingInput, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Point lookups per second over `connections` connections, each awaiting its answer before the next. */
export async function postgresLookupRate(url: string, connections = 8): Promise<number> {
  const sql = postgres(url, { max: connections, onnotice: () => {} });
  try {
    const [{ uscc } = { uscc: '' }] = await sql<{ uscc: string }[]>`select uscc from departments limit 1`;
    const deadline = performance.now() + WINDOW_MS;
    const started = performance.now();
    let count = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          await sql`select name from departments where uscc = ${uscc}`;
          count += 1;
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
