/**
 * Sessions and the back-off store on real PostgreSQL with a controlled clock: the 30-minute idle
 * and 8-hour absolute limits, invalidation by password change and disabling, and failure counting
 * that loses nothing under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createLoginService } from '../../src/core/users/login-service.js';
import { hashPassword } from '../../src/core/users/password-hash.js';
import { createSessionAuthenticator } from '../../src/core/users/session-authenticator.js';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresLoginFailureRepository } from '../../src/postgres/postgres-login-failure-repository.js';
import { PostgresSessionRepository } from '../../src/postgres/postgres-session-repository.js';
import { PostgresUserRepository } from '../../src/postgres/postgres-user-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { InMemoryAuditWriter } from '../../src/core/audit/in-memory-audit-writer.js';

const MINUTE = 60_000;

describe('session and back-off store', () => {
  let db: TestDatabase;
  let users: PostgresUserRepository;
  let sessions: PostgresSessionRepository;
  let failures: PostgresLoginFailureRepository;
  let authenticator: ReturnType<typeof createSessionAuthenticator>;
  let clock = new Date('2025-03-03T08:00:00Z').getTime();
  const now = () => new Date(clock);

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
    users = new PostgresUserRepository(db.sql);
    sessions = new PostgresSessionRepository(db.sql);
    failures = new PostgresLoginFailureRepository(db.sql);
    authenticator = createSessionAuthenticator({ sessions, now });
    for (const username of ['idle.user', 'long.day', 'reset.me', 'gone.soon']) {
      await users.insert({
        username,
        role: 'auditor',
        department: undefined,
        passwordHash: await hashPassword('pw-of-' + username),
        createdBy: 'test',
      });
    }
  });
  afterAll(async () => db?.drop());

  const login = () => createLoginService({ users, sessions, failures, audit: new InMemoryAuditWriter(), logger: silentLogger, now });

  it('ends a session idle for 30 minutes, while activity keeps it alive', async () => {
    const { sessionId } = await login().logIn({ username: 'idle.user', password: 'pw-of-idle.user', clientAddress: 'test' });
    clock += 29 * MINUTE;
    expect((await authenticator.find(sessionId))?.username).toBe('idle.user');
    clock += 29 * MINUTE; // 58 minutes after sign-in, 29 after the last use
    expect((await authenticator.find(sessionId))?.principal).toEqual({ actor: 'user:idle.user', role: 'auditor', department: undefined });
    clock += 31 * MINUTE;
    expect(await authenticator.find(sessionId)).toBeUndefined();
  });

  it('ends a session 8 hours after sign-in however busy it was', async () => {
    const started = clock;
    const { sessionId, expiresAt } = await login().logIn({ username: 'long.day', password: 'pw-of-long.day', clientAddress: 'test' });
    expect(expiresAt.getTime() - started).toBe(8 * 60 * MINUTE);
    while (clock < started + 8 * 60 * MINUTE - 20 * MINUTE) {
      clock += 20 * MINUTE;
      expect(await authenticator.find(sessionId), new Date(clock).toISOString()).toBeDefined();
    }
    clock = started + 8 * 60 * MINUTE;
    expect(await authenticator.find(sessionId)).toBeUndefined();
  });

  it('invalidates sessions begun before a password change, and those of a disabled account', async () => {
    const a = await login().logIn({ username: 'reset.me', password: 'pw-of-reset.me', clientAddress: 'test' });
    clock += MINUTE;
    await users.setPasswordHash('reset.me', await hashPassword('new-pw'));
    expect(await authenticator.find(a.sessionId)).toBeUndefined();
    const b = await login().logIn({ username: 'reset.me', password: 'new-pw', clientAddress: 'test' });
    expect(await authenticator.find(b.sessionId)).toBeDefined();

    const c = await login().logIn({ username: 'gone.soon', password: 'pw-of-gone.soon', clientAddress: 'test' });
    await users.disable('gone.soon', now());
    expect(await authenticator.find(c.sessionId)).toBeUndefined();
  });

  it('ignores malformed session ids without a query failing', async () => {
    for (const id of ['', 'short', 'x'.repeat(43) + "'; drop table sessions; --", '%'.repeat(43)]) {
      expect(await authenticator.find(id)).toBeUndefined();
    }
    expect((await db.sql`select count(*)::int as n from sessions`)[0]?.n).toBeGreaterThan(0);
  });

  it('counts concurrent failures without losing one, and keeps the longer lock', async () => {
    const at = now();
    const forget = new Date(clock - 3600_000);
    const counts = await Promise.all(
      Array.from({ length: 12 }, () =>
        failures.recordFailure('ip:10.1.2.3', at, forget, (n) => (n >= 5 ? new Date(clock + n * 1000) : undefined)),
      ),
    );
    expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await failures.lockedUntil(['user:x', 'ip:10.1.2.3'], at))?.getTime()).toBe(clock + 12_000);
    expect(await failures.lockedUntil(['ip:10.1.2.3'], new Date(clock + 12_000))).toBeUndefined();
  });

  it('starts counting again after the quiet period and prunes forgotten counters', async () => {
    const start = clock;
    await failures.recordFailure('user:forgotten', new Date(start), new Date(start - 3600_000), () => undefined);
    expect(await failures.recordFailure('user:again', new Date(start), new Date(start - 3600_000), () => undefined)).toBe(1);
    expect(await failures.recordFailure('user:again', new Date(start + 1000), new Date(start + 1000 - 3600_000), () => undefined)).toBe(2);
    clock = start + 2 * 3600_000;
    expect(await failures.recordFailure('user:again', now(), new Date(clock - 3600_000), () => undefined)).toBe(1);
    expect((await db.sql`select key from login_failures where key = 'user:forgotten'`).length).toBe(0);
  });
});
