/**
 * Webhooks end to end through a hub on real PostgreSQL and Kafka: the market-regulation bureau
 * publishes and revokes a food licence; civil affairs, which has no Kafka, subscribed two endpoints
 * through the admin API. One is the SDK's `receiveWebhook` and answers at once; the other fails twice
 * and then recovers. Both check every delivery's signature with the key the hub publishes, and
 * deduplicate on webhook-id.
 */
import { receiveWebhook } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { effects, signatureVerifies, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { BUSINESS_LICENSE, examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { until } from '../support/until.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const CIVIL = { uscc: '91350100M000100Y43', name: '新化县民政局' };

interface Subscription {
  id: string;
  department: string;
  status: string;
  signingKey: { publicKey: string; jwk: { x: string } };
}
interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: number;
  lastAttempts: { status?: number }[];
}

describe('webhook deliveries through the hub (PostgreSQL + Kafka)', () => {
  let fixture: HubFixture;
  let probe: KafkaProbe;
  let samr: EnrolledDepartment;
  let civilAdmin: string;
  let samrAdmin: string;
  let steady: WebhookReceiver;
  let flaky: WebhookReceiver;
  let publicKey: string;
  const subscriptions: Record<'steady' | 'flaky', Subscription> = {} as never;

  beforeAll(async () => {
    probe = await createKafkaProbe(['licenses.events']);
    fixture = await startHubFixture({
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: `${probe.prefix}hub`,
      // The standard schedule's second retry is 5 minutes out; here every retry is 300 ms out.
      ZZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300,300,300,300,300',
    });
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(CIVIL.uscc, CIVIL.name);
    expect((await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: CIVIL.uscc })).status).toBe(201);
    civilAdmin = await fixture.mintToken('dept-admin', CIVIL.uscc);
    samrAdmin = await fixture.mintToken('dept-admin', SAMR.uscc);
    steady = await startWebhookReceiver();
    // The steady endpoint is the SDK's receiver, as the SDK README builds it: 204 when the check passes.
    steady.respond = (request) => {
      try {
        receiveWebhook(request.body, request.headers, { publicKey });
        return 204;
      } catch {
        return 400;
      }
    };
    flaky = await startWebhookReceiver();
    const attemptsById = new Map<string, number>();
    flaky.respond = (request) => {
      const id = String(request.headers['webhook-id']);
      attemptsById.set(id, (attemptsById.get(id) ?? 0) + 1);
      return (attemptsById.get(id) ?? 0) <= 2 ? 503 : 200;
    };
    await waitUntilReady(fixture.hub.url);
  });
  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
    await steady?.close();
    await flaky?.close();
  });

  const json = async <T>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as T;
  };

  it('publishes the signing key to anyone', async () => {
    const key = await json<{ publicKey: string; scheme: string; jwk: { kty: string; crv: string } }>(
      await fetch(`${fixture.hub.url}/v1/webhooks/signing-key`),
      200,
    );
    expect(key).toMatchObject({ scheme: 'v1a', jwk: { kty: 'OKP', crv: 'Ed25519' } });
    expect(key.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    publicKey = key.publicKey;
  });

  it('lets a department admin subscribe its own department to a type it may read, audited', async () => {
    for (const name of ['steady', 'flaky'] as const) {
      const url = (name === 'steady' ? steady : flaky).url;
      const created = await json<Subscription>(
        await fixture.call('POST', '/v1/webhooks/subscriptions', { url, typeCodes: [FOOD_LICENSE], issuers: [SAMR.uscc] }, civilAdmin),
        201,
      );
      expect(created).toMatchObject({ department: CIVIL.uscc, status: 'active', signingKey: { publicKey } });
      subscriptions[name] = created;
    }
    const listed = await json<{ items: Subscription[] }>(
      await fixture.call('GET', '/v1/webhooks/subscriptions', undefined, civilAdmin),
      200,
    );
    expect(listed.items.map((s) => s.id).sort()).toEqual([subscriptions.steady.id, subscriptions.flaky.id].sort());
    const audit = await fixture.db.sql`select actor, department, target from audit_log where action = 'webhook.subscribe'`;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ department: CIVIL.uscc, target: CIVIL.uscc });
  });

  it('refuses other departments, unentitled types, bad URLs and other roles with stable codes', async () => {
    const cases: [unknown, string, number, string][] = [
      [{ department: CIVIL.uscc, url: steady.url, typeCodes: [FOOD_LICENSE] }, samrAdmin, 403, 'ERR_FORBIDDEN'],
      [{ url: steady.url, typeCodes: [BUSINESS_LICENSE] }, civilAdmin, 403, 'ERR_WEBHOOK_TYPE_NOT_ENTITLED'],
      [{ url: 'ftp://example.org/hook', typeCodes: [FOOD_LICENSE] }, civilAdmin, 422, 'ERR_WEBHOOK_URL_INVALID'],
      [{ url: 'https://user:pw@example.org/hook', typeCodes: [FOOD_LICENSE] }, civilAdmin, 422, 'ERR_WEBHOOK_URL_INVALID'],
      [{ url: steady.url, typeCodes: [] }, civilAdmin, 422, 'ERR_VALIDATION'],
      [{ url: steady.url, typeCodes: [FOOD_LICENSE] }, await fixture.mintToken('clerk', CIVIL.uscc), 403, 'ERR_FORBIDDEN'],
    ];
    for (const [body, token, status, code] of cases) {
      const response = await fixture.call('POST', '/v1/webhooks/subscriptions', body, token);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([status, code]);
    }
    // Another department's subscription does not exist for SAMR's admin.
    const foreign = await fixture.call('GET', `/v1/webhooks/subscriptions/${subscriptions.steady.id}/deliveries`, undefined, samrAdmin);
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, 'ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND']);
    expect(
      (await json<{ items: unknown[] }>(await fixture.call('GET', '/v1/webhooks/subscriptions', undefined, samrAdmin), 200)).items,
    ).toEqual([]);
  });

  it('brings the issue and the revocation to both endpoints, each event once in effect, signatures valid', async () => {
    const post = (path: string, jws: string) =>
      fetch(`${fixture.hub.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
        body: jws,
      });
    const published = await json<{ id: string }>(
      await post('/v1/licenses', samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220009001'))),
      201,
    );
    const revocation = samr.seal(
      { licenseId: published.id, status: 'revoked', reason: '违法经营，依法吊销', effectiveAt: new Date().toISOString() },
      'zz-license-status+jws',
    );
    await json(await post(`/v1/licenses/${published.id}/status`, revocation), 200);

    await until('both events at the steady endpoint', () => effects(steady).length === 2, 60_000);
    await until('both events at the flaky endpoint', () => effects(flaky).length === 2, 60_000);

    for (const receiver of [steady, flaky]) {
      expect(receiver.received.every((r) => signatureVerifies(r, publicKey))).toBe(true);
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
      const revoked = bodies.find((b) => b.type === 'license.status-changed');
      expect(revoked?.data).toMatchObject({
        licenseId: published.id,
        status: 'revoked',
        nationalStatusCode: '07',
        issuer: { uscc: SAMR.uscc },
      });
      expect(new Set(effects(receiver)).size).toBe(2);
    }
    expect(steady.received.map((r) => r.answered)).toEqual([204, 204]); // the SDK's check passed
    // The flaky endpoint saw each event three times under one webhook-id: 503, 503, then 200.
    const byId = new Map<string, (number | undefined)[]>();
    for (const r of flaky.received)
      byId.set(String(r.headers['webhook-id']), [...(byId.get(String(r.headers['webhook-id'])) ?? []), r.answered]);
    expect([...byId.values()]).toEqual([
      [503, 503, 200],
      [503, 503, 200],
    ]);
    // The events went over Kafka.
    const onKafka = await probe.waitFor('licenses.events', (all) => all.length >= 2, 30_000);
    expect(onKafka.map((m) => JSON.parse(m.value).eventId).sort()).toEqual(effects(steady).sort());
  });

  it('keeps a delivery log per endpoint and redelivers on request under the same webhook-id', async () => {
    const log = () =>
      fixture
        .call('GET', `/v1/webhooks/subscriptions/${subscriptions.flaky.id}/deliveries`, undefined, civilAdmin)
        .then((r) => json<{ items: Delivery[] }>(r, 200));
    await until('the flaky log to show both delivered', async () => (await log()).items.every((d) => d.status === 'delivered'), 30_000);
    const { items } = await log();
    expect(items.map((d) => [d.status, d.attempts, d.lastAttempts.map((a) => a.status)])).toEqual([
      ['delivered', 3, [503, 503, 200]],
      ['delivered', 3, [503, 503, 200]],
    ]);

    const steadyLog = await json<{ items: Delivery[] }>(
      await fixture.call(
        'GET',
        `/v1/webhooks/subscriptions/${subscriptions.steady.id}/deliveries?status=delivered&limit=1`,
        undefined,
        civilAdmin,
      ),
      200,
    );
    expect(steadyLog.items).toHaveLength(1);
    const [again] = steadyLog.items;
    const asked = await json<{ redelivered: number }>(
      await fixture.call(
        'POST',
        `/v1/webhooks/subscriptions/${subscriptions.steady.id}/redeliver`,
        { deliveryIds: [again!.id] },
        civilAdmin,
      ),
      202,
    );
    expect(asked).toEqual({ redelivered: 1 });
    await until('the redelivery', () => steady.received.length === 3, 30_000);
    expect(steady.received[2]?.headers['webhook-id']).toBe(again!.id);
    expect(signatureVerifies(steady.received[2]!, publicKey)).toBe(true);
    expect(effects(steady)).toHaveLength(2); // a receiver that dedupes acts on it once
    const audit = await fixture.db.sql`select actor from audit_log where action = 'webhook.redeliver'`;
    expect(audit).toHaveLength(1);
    const badFilter = await fixture.call(
      'GET',
      `/v1/webhooks/subscriptions/${subscriptions.steady.id}/deliveries?status=lost`,
      undefined,
      civilAdmin,
    );
    expect([badFilter.status, ((await badFilter.json()) as { code: string }).code]).toEqual([422, 'ERR_VALIDATION']);
    // Operators see the backlog and disabled endpoints on /metrics.
    const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^zz_webhook_subscriptions_disabled(\{[^}]*\})? 0$/m);
    expect(metrics).toMatch(/^zz_webhook_deliveries_pending(\{[^}]*\})? \d+$/m);
  });
});
