/**
 * Webhook delivery on real PostgreSQL with a real HTTP receiver on loopback. The clock is injected,
 * so five days of retry schedule run in seconds; waits are on conditions, never fixed sleeps.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createInMemoryBus } from '../../src/kafka/in-memory-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
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
import { until } from '../support/until.js';
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
    // Each test starts with no subscriptions: the fan-out serves every subscription there is.
    await db.sql`delete from webhook_attempts`;
    await db.sql`delete from webhook_deliveries`;
    await db.sql`delete from webhook_subscriptions`;
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
      transport: createStandardWebhookTransport({ signer, timeoutMs: 20_000 }),
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

  /** The admin use cases over `store`; the department may read food licences. */
  const serviceFor = (store: PostgresWebhookStore) =>
    createWebhookService({
      store,
      assertActiveDepartment: async () => undefined,
      rights: { holders: async (right, code) => (right === 'read' && code === FOOD ? [DEPARTMENT] : []) },
      onRedeliver: () => undefined,
      now,
    });

  async function subscribe(store: PostgresWebhookStore): Promise<string> {
    receiver = await startWebhookReceiver();
    const service = serviceFor(store);
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
    await until(
      'the delivery to be recorded',
      async () => (await store.listDeliveries(subscription, { limit: 10 }))[0]?.status === 'delivered',
      30_000,
    );
    const [delivery] = await store.listDeliveries(subscription, { limit: 10 });
    expect(delivery).toMatchObject({ id: request!.headers['webhook-id'], status: 'delivered', attempts: 1 });
  });

  it('is driven from licenses.events through the MessageBus port (here the in-process bus)', async () => {
    const store = instanceStore();
    await subscribe(store);
    const sender = dispatcher(store);
    sender.start();
    const bus = createInMemoryBus({ logger: silentLogger, deadLetters: testDeadLetterSealer() });
    running.push({ stop: () => bus.close() });
    await bus.ensureTopics([{ name: 'licenses.events', partitions: 2 }]);
    await bus.subscribe({
      topic: 'licenses.events',
      groupId: 'hub.webhooks',
      handleBatch: createWebhookFanout({ store, onEnqueued: () => sender.wake(), now }),
    });
    const published = [event(), event('cancelled')];
    await bus.publish(
      'licenses.events',
      published.map((m) => ({ key: m.key, value: m.value })),
    );
    await until('both events delivered', () => effects(receiver).length === 2, 30_000);
    expect(effects(receiver).sort()).toEqual(published.map(eventIdOf).sort());
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
    const log = () => store.listDeliveries(subscription, { limit: 10 });
    await until('both recorded as delivered', async () => (await log()).every((d) => d.status === 'delivered'), 30_000);

    expect(receiver.received.every((r) => signatureVerifies(r, signer.key.publicKey))).toBe(true);
    expect(new Set(ids()).size).toBe(2);
    expect(effects(receiver).sort()).toEqual(events.map(eventIdOf).sort());
    expect((await log()).map((d) => [d.status, d.attempts, d.lastAttempts.map((a) => a.status)])).toEqual([
      ['delivered', 3, [503, 503, 204]],
      ['delivered', 3, [503, 503, 204]],
    ]);
    // Another pass finds nothing left to send.
    expect(await sender.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(6);
    // The log keeps them for 30 days, then the hourly sweep removes them.
    advance(29 * DAY, sender);
    await sender.runOnce();
    expect(await log()).toHaveLength(2);
    advance(2 * DAY, sender);
    await until('the sweep', async () => (await log()).length === 0, 30_000);
  });

  it('loses nothing across a restart mid-retry, nor when an instance dies holding a lease', async () => {
    const first = instanceStore();
    const subscription = await subscribe(first);
    receiver.respond = () => 503;
    const before = dispatcher(first);
    await feed(first, [event()]);
    expect(await before.runOnce()).toBe(1);
    await before.stop();

    // A new instance on its own connections after the first stopped with the retry pending.
    receiver.respond = () => 204;
    const after = dispatcher(instanceStore());
    expect(await after.runOnce()).toBe(0); // not due yet: the retry is 5 s out
    advance(7 * SECOND);
    expect(await after.runOnce()).toBe(1);
    expect(new Set(ids()).size).toBe(1);
    expect(receiver.received.map((r) => r.answered)).toEqual([503, 204]);

    // An instance that claimed a delivery and died before sending it: its lease runs out, then the
    // delivery goes out with its own webhook-id.
    const dead = instanceStore();
    await feed(dead, [event()]);
    const [claimed] = await dead.claimDue(now(), new Date(clock + MINUTE), 10);
    expect(claimed).toBeDefined();
    expect(await after.runOnce()).toBe(0);
    advance(MINUTE + SECOND);
    expect(await after.runOnce()).toBe(1);
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(claimed!.id);
    const log = await after.runOnce().then(() => first.listDeliveries(subscription, { limit: 10 }));
    expect(log.map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('several instances never send one delivery twice', async () => {
    const store = instanceStore();
    await subscribe(store);
    const instances = [dispatcher(instanceStore()), dispatcher(instanceStore()), dispatcher(instanceStore())];
    const events = Array.from({ length: 40 }, () => event());
    await feed(store, events);
    instances.forEach((d) => d.start());
    await until('every event delivered', () => receiver.received.length >= 40, 30_000);
    // Let every instance look again: nothing is left for any of them.
    await Promise.all(instances.map((d) => d.runOnce()));
    expect(receiver.received).toHaveLength(40);
    expect(new Set(ids()).size).toBe(40);
    expect(effects(receiver).sort()).toEqual(events.map(eventIdOf).sort());
  });

  it('opens the breaker after 5 straight failures, probes after the cool-down, and closes on success', async () => {
    const store = instanceStore();
    const subscription = await subscribe(store);
    receiver.respond = () => 500;
    const sender = dispatcher(store);
    await feed(
      store,
      Array.from({ length: 8 }, () => event()),
    );
    expect(await sender.runOnce()).toBe(5); // the fifth failure opens it; three are held back unsent
    expect(receiver.received).toHaveLength(5);
    const open = await store.findSubscription(subscription);
    expect(open?.health.openUntil?.getTime()).toBe(clock + MINUTE);
    advance(30 * SECOND);
    expect(await sender.runOnce()).toBe(0);

    advance(31 * SECOND);
    await sender.runOnce(); // one probe, which fails: open again, for twice as long
    expect(receiver.received).toHaveLength(6);
    expect((await store.findSubscription(subscription))?.health.openUntil?.getTime()).toBe(clock + 2 * MINUTE);

    receiver.respond = () => 204;
    advance(2 * MINUTE);
    await sender.runOnce(); // the probe succeeds, the breaker closes, everything due goes out
    const statuses = async () => (await store.listDeliveries(subscription, { limit: 10 })).map((d) => d.status).sort();
    // …except the failed probe, which keeps its own schedule (5 min after its second attempt).
    expect(await statuses()).toEqual([...Array(7).fill('delivered'), 'pending']);
    expect((await store.findSubscription(subscription))?.health).toEqual({
      consecutiveFailures: 0,
      openUntil: undefined,
      failingSince: undefined,
    });
    advance(7 * MINUTE);
    await sender.runOnce();
    expect(await statuses()).toEqual(Array(8).fill('delivered'));
    // Held-back deliveries spent no attempt while the breaker was open.
    const attempts = (await store.listDeliveries(subscription, { limit: 10 })).map((d) => d.attempts).sort();
    expect(attempts).toEqual([1, 1, 1, 2, 2, 2, 2, 3]);
    expect(receiver.received).toHaveLength(14); // the sum of the attempts
  });

  it('disables an endpoint that failed for 5 days, tells the admins, keeps collecting, and redelivery brings it back', async () => {
    const store = instanceStore();
    const subscription = await subscribe(store);
    receiver.respond = () => 500;
    const disabled: string[] = [];
    const sender = dispatcher(store, (id) => disabled.push(id));
    const started = clock;
    // A new event every 12 hours; the hub looks every 10 minutes.
    for (let step = 0; step <= 6 * 24 * 6 && disabled.length === 0; step++) {
      if (step % 72 === 0) await feed(store, [event()]);
      await sender.runOnce();
      advance(10 * MINUTE);
    }
    expect(disabled).toEqual([subscription]);
    const endpoint = await store.findSubscription(subscription);
    expect(endpoint?.status).toBe('disabled');
    const disabledAfter = (endpoint?.disabledAt?.getTime() ?? 0) - started;
    expect(disabledAfter).toBeGreaterThanOrEqual(5 * DAY);
    expect(disabledAfter).toBeLessThan(5 * DAY + 2 * HOUR);
    const [audit] = await db.sql`select action, target, result, details from audit_log where action = 'webhook.disable'`;
    expect(audit).toMatchObject({
      action: 'webhook.disable',
      target: subscription,
      result: 'error',
      details: { department: DEPARTMENT, url: receiver.url },
    });
    expect(await store.counts()).toMatchObject({ disabledSubscriptions: 1 });

    // Disabled: events are still recorded, nothing is sent.
    const sent = receiver.received.length;
    const whileDisabled = event();
    await feed(store, [whileDisabled]);
    advance(DAY);
    expect(await sender.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(sent);

    // The department fixes its endpoint; an admin asks for redelivery.
    receiver.respond = () => 204;
    const service = serviceFor(store);
    const admin = { actor: 'token:admin', role: 'security-admin' as const, department: undefined };
    const { redelivered } = await service.redeliver(admin, subscription);
    expect(redelivered).toBeGreaterThan(0);
    expect((await store.findSubscription(subscription))?.status).toBe('active');
    while ((await sender.runOnce()) > 0);
    const log = await store.listDeliveries(subscription, { limit: 100 });
    expect(log.every((d) => d.status === 'delivered')).toBe(true);
    expect(effects(receiver)).toContain(eventIdOf(whileDisabled));
    expect(new Set(effects(receiver)).size).toBe(effects(receiver).length);
    const [redeliveryAudit] = await db.sql`select actor from audit_log where action = 'webhook.redeliver'`;
    expect(redeliveryAudit).toEqual({ actor: 'token:admin' });
  });
});
