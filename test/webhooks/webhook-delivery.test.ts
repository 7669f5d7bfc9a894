/**
 * Webhook delivery on real PostgreSQL with a real HTTP receiver on loopback. The clock is injected,
 * so five days of retry schedule run in seconds; waits are on conditions, never fixed sleeps.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { InboundMessage } from '../../src/core/ports/message-bus.js';
import { createCircuitBreaker } from '../../src/core/webhooks/circuit-breaker.js';
import { createRetrySchedule } from '../../src/core/webhooks/retry-schedule.js';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../src/core/webhooks/webhook-dispatcher.js';
import { createWebhookFanout } from '../../src/core/webhooks/webhook-fanout.js';
import { createWebhookService } from '../../src/core/webhooks/webhook-service.js';
import { FileSigner } from '../../src/pki/keys/file-signer.js';
import { migrate } from '../../src/postgres/migrate.js';
import { auditAppender, openAuditChain } from '../../src/postgres/postgres-audit-log.js';
import { PostgresWebhookStore } from '../../src/postgres/postgres-webhook-store.js';
import { createStandardWebhookSigner } from '../../src/webhooks/standard-webhook-signature.js';
import { createStandardWebhookTransport } from '../../src/webhooks/standard-webhook-transport.js';
import { until } from '../licenses/reliability-support.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { effects, signatureVerifies, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const DEPARTMENT = '91350100M000100Y43';
const ISSUER = '114313220061234566';
const FOOD = '11100000000013338W011';
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CHAIN = 'test/webhooks';

describe('webhook delivery on real PostgreSQL', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let clock = Date.parse('2026-12-07T00:00:00Z');
  const now = () => new Date(clock);
  const signer = createStandardWebhookSigner(FileSigner.generate('EdDSA'));
  const running: { stop(): Promise<void> }[] = [];
  const pools: postgres.Sql[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
    await db.sql`insert into departments (uscc, name, level, active) values (${DEPARTMENT}, '新化县民政局', 'county', true)`;
    await openAuditChain(db.sql, CHAIN);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    await receiver?.close();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
    await db?.drop();
  });

  /** A store on its own connection pool, as another hub instance (or the same after a restart) has. */
  function instanceStore(): PostgresWebhookStore {
    const sql = postgres(db.url, { max: 4, onnotice: () => {} });
    pools.push(sql);
    return new PostgresWebhookStore(sql, auditAppender(CHAIN));
  }

  function dispatcher(store: PostgresWebhookStore, onDisabled?: (id: string) => void): WebhookDispatcher {
    const created = createWebhookDispatcher({
      store,
      transport: createStandardWebhookTransport({ signer, timeoutMs: 5_000 }),
      schedule: createRetrySchedule(),
      breaker: createCircuitBreaker(),
      logger: silentLogger,
      now,
      onDisabled,
      idleIntervalMs: 10,
    });
    running.push(created);
    return created;
  }

  async function subscribe(store: PostgresWebhookStore): Promise<string> {
    receiver = await startWebhookReceiver();
    const service = createWebhookService({
      store,
      assertActiveDepartment: async () => undefined,
      mayReceive: async () => true,
      onRedeliver: () => undefined,
      now,
    });
    const admin = { actor: 'token:admin', role: 'dept-admin' as const, department: DEPARTMENT };
    return (await service.subscribe(admin, { url: receiver.url, typeCodes: [FOOD] })).id;
  }

  /** A licence event as the outbox puts it on `licenses.events`. */
  function event(status = 'revoked'): InboundMessage {
    const value = {
      eventId: randomUUID(),
      type: 'license.status-changed',
      licenseId: `1.2.156.3005.2.${FOOD}.${ISSUER}.JY${clock}.001.2`,
      version: 2,
      status,
      previousStatus: 'valid',
      occurredAt: now().toISOString(),
      issuer: { uscc: ISSUER, name: '新化县市场监督管理局' },
      typeCode: FOOD,
    };
    return {
      topic: 'licenses.events',
      partition: 0,
      offset: '0',
      key: value.licenseId,
      value: Buffer.from(JSON.stringify(value)),
      headers: {},
      timestamp: clock,
    };
  }

  async function feed(store: PostgresWebhookStore, messages: InboundMessage[], wake?: WebhookDispatcher): Promise<void> {
    const results = await createWebhookFanout({ store, onEnqueued: () => wake?.wake(), now })(messages);
    expect((results ?? []).every((r) => r === undefined)).toBe(true);
  }

  const advance = (ms: number, ...dispatchers: WebhookDispatcher[]) => {
    clock += ms;
    dispatchers.forEach((d) => d.wake());
  };
  const eventIdOf = (m: InboundMessage) => (JSON.parse(m.value.toString()) as { eventId: string }).eventId;
  const ids = () => receiver.received.map((r) => String(r.headers['webhook-id']));

  it('delivers a revocation signed so that the published key verifies it, in the Standard Webhooks shape', async () => {
    const store = instanceStore();
    const subscription = await subscribe(store);
    const sender = dispatcher(store);
    sender.start();
    const revoked = event();
    await feed(store, [revoked], sender);
    await until('the delivery', () => receiver.received.length === 1, 30_000);

    const [request] = receiver.received;
    expect(signatureVerifies(request!, signer.key.publicKey)).toBe(true);
    expect(signatureVerifies({ ...request!, body: request!.body.replace('revoked', 'valid') }, signer.key.publicKey)).toBe(false);
    expect(request!.headers['webhook-timestamp']).toBe(String(Math.floor(clock / 1000)));
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ type: 'license.status-changed', timestamp: body.data.occurredAt, data: JSON.parse(revoked.value.toString()) });
    const [delivery] = await store.listDeliveries(subscription, { limit: 10 });
    expect(delivery).toMatchObject({ id: request!.headers['webhook-id'], status: 'delivered', attempts: 1 });
  });

  it('redelivers the same event twice from the bus as one delivery', async () => {
    const store = instanceStore();
    const subscription = await subscribe(store);
    const once = event();
    await feed(store, [once, once]);
    await feed(store, [once]);
    expect(await store.listDeliveries(subscription, { limit: 10 })).toHaveLength(1);
  });

  it('a receiver failing twice then recovering gets every event once in effect, with one webhook-id per event', async () => {
    const store = instanceStore();
    const subscription = await subscribe(store);
    const seen = new Map<string, number>();
    // Each delivery fails on its first two attempts (HTTP 503), then succeeds.
    receiver.respond = (request) => {
      const id = String(request.headers['webhook-id']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      return (seen.get(id) ?? 0) <= 2 ? 503 : 204;
    };
    const sender = dispatcher(store);
    sender.start();
    const events = [event(), event('suspended')];
    await feed(store, events, sender);
    await until('the first attempts', () => receiver.received.length === 2, 30_000);
    advance(7 * SECOND, sender); // past 5 s + 20 % jitter
    await until('the second attempts', () => receiver.received.length === 4, 30_000);
    advance(7 * MINUTE, sender); // past 5 min + 20 % jitter
    await until('the third attempts', () => receiver.received.length === 6, 30_000);

    expect(receiver.received.every((r) => signatureVerifies(r, signer.key.publicKey))).toBe(true);
    expect(new Set(ids()).size).toBe(2);
    expect(effects(receiver).sort()).toEqual(events.map(eventIdOf).sort());
    const log = await store.listDeliveries(subscription, { limit: 10 });
    expect(log.map((d) => [d.status, d.attempts, d.lastAttempts.map((a) => a.status)])).toEqual([
      ['delivered', 3, [503, 503, 204]],
      ['delivered', 3, [503, 503, 204]],
    ]);
    // Another pass finds nothing left to send.
    expect(await sender.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(6);
  });
});
