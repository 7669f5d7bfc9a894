/**
 * Verification over the real Kafka broker: a department system puts the body of
 * `POST /v1/verifications` (or of `…/batch`) on `verifications.requests` with its access token and a
 * message id; the hub answers on the department's own `verifications.<credit code>.results` — made
 * when the department was registered — with the same answer as the HTTP route and a receipt that
 * verifies offline against the hub's published keys (a batch: one Merkle receipt, an inclusion proof
 * per item). A request without a credential is dead-lettered with its code, and a malformed one
 * answered with a coded error.
 */
import { createDataClient, loadConnectorConfig } from '@zhengzhao/sdk';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { enrolDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const APPROVAL = { uscc: '11431322006123480N', name: '新化县行政审批服务局' };
const purpose = { caseNo: 'XH2026120700042', serviceItem: '食品经营许可（变更）' };
const RESULTS = `verifications.${APPROVAL.uscc}.results`;

describe('verification over Kafka', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let system: string;
  let licenseId: string;

  beforeAll(async () => {
    probe = await createKafkaProbe([RESULTS, 'verifications.results', 'dlq']);
    fixture = await startHubFixture({
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: `${probe.prefix}hub`,
    });
    // Ready once its Kafka consumers have joined: waited for, however long a loaded machine takes.
    await waitUntilReady(fixture.hub.url);
    const samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220009001')),
    });
    licenseId = ((await published.json()) as { id: string }).id;
    await fixture.registerDepartment(APPROVAL.uscc, APPROVAL.name);
    system = await fixture.mintToken('system', APPROVAL.uscc);
  });
  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
  });

  const result = async (messageId: string) => {
    const seen = await probe.waitFor(RESULTS, (all) => all.some((m) => m.headers['message-id'] === messageId));
    return JSON.parse(seen.find((m) => m.headers['message-id'] === messageId)?.value ?? '') as {
      messageId: string;
      ok: boolean;
      answer?: { result: string; status: string; checks: Record<string, { ok: boolean }>; receipt: string };
      error?: { code: string };
    };
  };

  it("makes the department's results topic on registration, before its systems ask anything", async () => {
    const admin = new Kafka({ clientId: 'test-admin', brokers: [probe.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await expect.poll(async () => (await admin.listTopics()).includes(probe.prefix + RESULTS), { timeout: 30_000 }).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it("answers on the department's results topic like POST /v1/verifications, with a receipt that verifies offline", async () => {
    await probe.produce('verifications.requests', [
      {
        key: APPROVAL.uscc,
        value: JSON.stringify({ licenseId, purpose }),
        headers: { 'message-id': 'kv-1', authorization: `Bearer ${system}` },
      },
    ]);
    const answer = await result('kv-1');
    expect(answer).toMatchObject({ messageId: 'kv-1', ok: true, answer: { result: 'valid', status: 'valid' } });
    expect(Object.keys(answer.answer?.checks ?? {}).sort()).toEqual(['integrity', 'issuer', 'status']);

    const overHttp = (await (await fixture.call('POST', '/v1/verifications', { licenseId, purpose }, system)).json()) as {
      checks: unknown;
    };
    expect(answer.answer?.checks).toEqual(overHttp.checks);

    const jwks = await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(answer.answer?.receipt ?? '', createLocalJWKSet(jwks as never), {
      algorithms: ['EdDSA'],
      typ: 'zz-receipt+jwt',
    });
    expect(payload).toMatchObject({ result: 'valid' });
  });

  it('answers a request without a case number with a coded error, and dead-letters one without a credential', async () => {
    await probe.produce('verifications.requests', [
      {
        key: APPROVAL.uscc,
        value: JSON.stringify({ licenseId, purpose: {} }),
        headers: { 'message-id': 'kv-2', authorization: `Bearer ${system}` },
      },
      { key: APPROVAL.uscc, value: JSON.stringify({ licenseId, purpose }), headers: { 'message-id': 'kv-3' } },
    ]);
    expect(await result('kv-2')).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    const dead = await probe.waitFor('dlq', (all) => all.some((m) => m.headers['message-id'] === 'kv-3'));
    expect(dead.find((m) => m.headers['message-id'] === 'kv-3')?.headers).toMatchObject({
      'error-code': 'ERR_MALFORMED_MESSAGE',
      'source-topic': `${probe.prefix}verifications.requests`,
    });
    expect(probe.seen(RESULTS).some((m) => m.headers['message-id'] === 'kv-3')).toBe(false);
  });

  it('answers a batch like POST /v1/verifications/batch: one receipt signed once, an inclusion proof per item, misses in place', async () => {
    const items = [{ licenseId }, { number: 'JY24313220009999', typeCode: FOOD_LICENSE }, { licenseId }];
    await probe.produce('verifications.requests', [
      {
        key: APPROVAL.uscc,
        value: JSON.stringify({ items, purpose }),
        headers: { 'message-id': 'kv-batch', authorization: `Bearer ${system}` },
      },
      {
        key: APPROVAL.uscc,
        value: JSON.stringify({ items: Array.from({ length: 101 }, () => ({ licenseId })), purpose }),
        headers: { 'message-id': 'kv-big', authorization: `Bearer ${system}` },
      },
    ]);
    const answer = (await result('kv-batch')) as unknown as {
      ok: boolean;
      answer: { receipt: string; items: { result?: string; inclusion?: { index: number } }[] };
    };
    expect(answer.ok).toBe(true);
    expect(answer.answer.items.map((i) => i.result)).toEqual(['valid', 'not_found', 'valid']);
    expect(answer.answer.items.map((i) => i.inclusion?.index)).toEqual([0, 1, 2]);
    const jwks = await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json();
    await jwtVerify(answer.answer.receipt, createLocalJWKSet(jwks as never), { algorithms: ['EdDSA'], typ: 'zz-receipt-batch+jwt' });
    const checked = await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: answer.answer.receipt, inclusion: answer.answer.items[2]?.inclusion }),
    });
    expect(await checked.json()).toMatchObject({ valid: true });
    expect(await result('kv-big')).toMatchObject({ ok: false, error: { code: 'ERR_VERIFICATION_BATCH_TOO_LARGE' } });
    // No department's answers reach the shared topic.
    expect(probe.seen('verifications.results')).toEqual([]);
  });

  it("the SDK verifies over Kafka, one licence or a batch, and reads the answers on its department's topic", async () => {
    const civil = await onboardDepartment(fixture, {
      uscc: '11431322006123460L',
      name: '新化县民政局',
      licenseTypes: [],
      kafka: { brokers: [probe.brokers], topicPrefix: probe.prefix },
    });
    const client = createDataClient(loadConnectorConfig(civil.config), { via: 'kafka' });
    try {
      const one = await client.verify({ licenseId, purpose });
      expect(one).toMatchObject({ result: 'valid', receipt: expect.any(String) });
      const batch = await client.verify({ items: [{ licenseId }, { licenseId }], purpose });
      expect(batch.items).toHaveLength(2);
      expect(batch.receipt).toEqual(expect.any(String));
      await expect(client.verify({ licenseId, purpose: { caseNo: '' } })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    } finally {
      await client.close();
    }
  });
});
