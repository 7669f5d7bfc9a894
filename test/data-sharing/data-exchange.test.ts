/**
 * Data sharing on the real PostgreSQL and Kafka, as a county would try it: the public security
 * bureau registers 户籍信息核验 as 有条件共享; the administrative approval bureau applies with a
 * purpose, is approved for fewer fields than it asked, and asks through the SDK over Kafka — the
 * answer holds only the granted fields. Without a grant, with an expired grant, beyond the quota or
 * without a case number it is refused with its code; with the provider stopped it gets a coded
 * timeout within the bound, then "unavailable"; every exchange is in the audit chain as digests.
 */
import { createDataClient, DataRefusal, loadConnectorConfig, type DataClient, type DataRequest } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PSB, HOUSEHOLD_SERVICE } from '../../src/main/demo/demo-data-providers.js';
import { lookUpHousehold } from '../../src/main/demo/demo-data-tables.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';

const PSB = DEMO_PSB;
const APPROVAL = { uscc: '11431322006123480N', name: '新化县行政审批服务局' };
const CIVIL = { uscc: '11431322006123490P', name: '新化县民政局' };
const SERVICE = HOUSEHOLD_SERVICE.code;
const ITEM = '431322-XK-0001';
// The service's timeout: every answered exchange in this file must beat it (two Kafka hops and the
// provider on a loaded machine), and the stopped-provider test waits it out twice.
const TIMEOUT_MS = 5_000;
const RESIDENT = { idNumber: '431322199203150030', name: '刘伟' };
const RECORD = lookUpHousehold(RESIDENT.idNumber, RESIDENT.name);

const { code: _code, ...SERVICE_BODY } = { ...HOUSEHOLD_SERVICE, timeoutMs: TIMEOUT_MS };

interface Problem {
  code: string;
  status: number;
}

describe('data sharing between departments over the real Kafka broker', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let provider: DataClient;
  let consumer: DataClient;
  const admins: Record<string, string> = {};
  const asked: DataRequest[] = [];

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'answered',
      (error: { code?: string }) => String(error.code),
    );

  beforeAll(async () => {
    probe = await createKafkaProbe([]);
    fixture = await startHubFixture({
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: `${probe.prefix}hub`,
      ZZ_DATA_UNAVAILABLE_AFTER: '2',
      ZZ_DATA_COOL_DOWN_MS: '600000',
    });
    // Ready once its Kafka consumers have joined: waited for, however long a loaded machine takes.
    await waitUntilReady(fixture.hub.url);
    const kafka = { brokers: [probe.brokers], topicPrefix: probe.prefix };
    const [psb, approval] = [
      await onboardDepartment(fixture, { ...PSB, licenseTypes: [], kafka }),
      await onboardDepartment(fixture, { ...APPROVAL, licenseTypes: [], kafka }),
    ];
    await fixture.registerDepartment(CIVIL.uscc, CIVIL.name);
    for (const d of [PSB, APPROVAL, CIVIL]) admins[d.uscc] = await fixture.mintToken('dept-admin', d.uscc);
    provider = createDataClient(loadConnectorConfig(psb.config));
    consumer = createDataClient(loadConnectorConfig(approval.config), { via: 'kafka' });
  });
  afterAll(async () => {
    await consumer?.close();
    await provider?.close();
    await probe?.close();
    await fixture?.stop();
  });

  it('the provider registers its service as 有条件共享 and every member reads it in the catalogue', async () => {
    const registered = await fixture.call('PUT', `/v1/data/services/${SERVICE}`, SERVICE_BODY, admins[PSB.uscc]);
    expect(registered.status).toBe(200);
    const listed = await fixture.call('GET', '/v1/data/services', undefined, admins[CIVIL.uscc]);
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ code: SERVICE, provider: PSB.uscc, sharingClass: 'conditional', sharingClassName: '有条件共享' }),
    ]);
    const foreign = await fixture.call('PUT', `/v1/data/services/${SERVICE}`, SERVICE_BODY, admins[CIVIL.uscc]);
    expect(await foreign.json()).toMatchObject({ status: 403, code: 'ERR_DATA_NOT_PROVIDER' });
  });

  it('applies with a purpose, is approved for fewer fields, and asks over Kafka: only the granted fields come back', async () => {
    const applied = await fixture.call(
      'POST',
      `/v1/data/services/${SERVICE}/grants`,
      { purposes: [ITEM], fields: ['match', 'name', 'address', 'householdNo', 'birthDate'] },
      admins[APPROVAL.uscc],
    );
    expect(applied.status).toBe(201);
    const grant = (await applied.json()) as { id: string; status: string };
    expect(grant.status).toBe('pending');
    const byConsumer = await fixture.call(
      'POST',
      `/v1/data/grants/${grant.id}/approve`,
      { expiresAt: '2099-01-01T00:00:00Z', quotaPerMinute: 5 },
      admins[APPROVAL.uscc],
    );
    expect(((await byConsumer.json()) as Problem).code).toBe('ERR_DATA_NOT_PROVIDER');
    const approved = await fixture.call(
      'POST',
      `/v1/data/grants/${grant.id}/approve`,
      { fields: ['match', 'name', 'address'], expiresAt: new Date(Date.now() + 86_400_000).toISOString(), quotaPerMinute: 6 },
      admins[PSB.uscc],
    );
    expect(await approved.json()).toMatchObject({ status: 'approved', grantedFields: ['match', 'name', 'address'], quotaPerMinute: 6 });
    for (const side of [PSB.uscc, APPROVAL.uscc]) {
      const listed = (await (await fixture.call('GET', '/v1/data/grants', undefined, admins[side])).json()) as { items: { id: string }[] };
      expect(listed.items.map((g) => g.id)).toEqual([grant.id]);
    }
    expect(((await (await fixture.call('GET', '/v1/data/grants', undefined, admins[CIVIL.uscc])).json()) as { items: [] }).items).toEqual(
      [],
    );

    await provider.serve(SERVICE, async (request) => {
      asked.push(request);
      return RECORD;
    });
    const answer = await consumer.request(SERVICE, RESIDENT, { caseNo: 'XH-2026-000123', serviceItem: ITEM });
    expect(answer.data).toEqual({ match: true, name: '刘伟', address: RECORD.address });
    expect(asked.at(-1)).toMatchObject({
      consumer: APPROVAL.uscc,
      purpose: { caseNo: 'XH-2026-000123', serviceItem: ITEM },
      params: RESIDENT,
    });
  });

  it('refuses without a case number, outside the granted purposes, and with parameters outside the contract', async () => {
    expect(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: ' ', serviceItem: ITEM }))).toBe('ERR_DATA_PURPOSE_MISSING');
    expect(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: 'XH-1', serviceItem: 'OTHER-ITEM' }))).toBe(
      'ERR_DATA_PURPOSE_NOT_GRANTED',
    );
    expect(await refusal(consumer.request(SERVICE, { idNumber: '1234' }, { caseNo: 'XH-1', serviceItem: ITEM }))).toBe('ERR_VALIDATION');
    const http = await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: '', serviceItem: ITEM }, { via: 'http' }));
    expect(http).toBe('ERR_DATA_PURPOSE_MISSING');
  });

  it('refuses a department without a grant, and one whose grant has expired, each with its code', async () => {
    const civilSystem = await fixture.mintToken('system', CIVIL.uscc);
    const ask = () =>
      fixture.call(
        'POST',
        `/v1/data/${SERVICE}/requests`,
        { params: RESIDENT, purpose: { caseNo: 'XH-9', serviceItem: ITEM } },
        civilSystem,
      );
    const none = await ask();
    expect(none.status).toBe(403);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(await none.json()).toMatchObject({ code: 'ERR_DATA_NO_GRANT', status: 403 });

    const applied = (await (
      await fixture.call('POST', `/v1/data/services/${SERVICE}/grants`, { purposes: [ITEM], fields: ['match'] }, admins[CIVIL.uscc])
    ).json()) as { id: string };
    // A grant must expire in the future when approved: the expiry starts just ahead of the clock and
    // doubles while the approval itself outlasts it (a loaded machine), then the test waits for it to pass.
    let approved: Response | undefined;
    for (let ahead = 500; approved?.status !== 200; ahead *= 2) {
      const expiresAt = new Date(Date.now() + ahead).toISOString();
      approved = await fixture.call('POST', `/v1/data/grants/${applied.id}/approve`, { expiresAt, quotaPerMinute: 10 }, admins[PSB.uscc]);
      if (approved.status !== 200) expect(await approved.json()).toMatchObject({ code: 'ERR_DATA_FIELDS_INVALID' });
    }
    await expect
      .poll(async () => ((await (await ask()).json()) as Problem).code, { timeout: 60_000, interval: 250 })
      .toBe('ERR_DATA_GRANT_EXPIRED');
  });

  it('a provider refusal reaches the consumer with the provider code', async () => {
    await provider.serve(SERVICE, async () => {
      throw new DataRefusal('ERR_NO_SUCH_PERSON', '查无此人');
    });
    const error = await consumer.request(SERVICE, RESIDENT, { caseNo: 'XH-2', serviceItem: ITEM }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_DATA_PROVIDER_REFUSED', extra: {} });
    await provider.serve(SERVICE, async () => RECORD);
  });

  it('with the provider stopped, answers a coded timeout within the bound, then marks the service unavailable', async () => {
    const serving = await provider.serve(SERVICE, async () => RECORD);
    await serving.stop();
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      expect(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: `XH-T${i}`, serviceItem: ITEM }))).toBe('ERR_DATA_TIMEOUT');
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    }
    expect(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: 'XH-T3', serviceItem: ITEM }))).toBe(
      'ERR_DATA_PROVIDER_UNAVAILABLE',
    );
    // The bound is the hub's (its message log times each exchange), not the broker's delivery on a busy machine.
    const auditor = await fixture.mintToken('auditor');
    const logged = (await (await fixture.call('GET', '/v1/audit?action=data.exchange&limit=200', undefined, auditor)).json()) as {
      items: { result: string; details: { latencyMs: number } }[];
    };
    const latency = (result: string) => logged.items.filter((e) => e.result === result).map((e) => e.details.latencyMs);
    expect(latency('ERR_DATA_TIMEOUT')).toEqual([expect.any(Number), expect.any(Number)]);
    for (const ms of latency('ERR_DATA_TIMEOUT')) expect(ms).toBeLessThan(2 * TIMEOUT_MS);
    expect(latency('ERR_DATA_PROVIDER_UNAVAILABLE')).toEqual([expect.any(Number)]);
    expect(latency('ERR_DATA_PROVIDER_UNAVAILABLE')[0]).toBeLessThan(TIMEOUT_MS);
    const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^zz_data_services_unavailable(\{[^}]*\})? 1$/m);
    expect(metrics).toMatch(
      new RegExp(
        `zz_data_exchange_duration_seconds_count\\{[^}]*service="${SERVICE}",consumer="${APPROVAL.uscc}",code="ERR_DATA_TIMEOUT"[^}]*\} 2`,
      ),
    );
  });

  it('beyond the quota of the grant, refuses with ERR_DATA_QUOTA_EXCEEDED', async () => {
    const codes: string[] = [];
    // Six a minute; a minute boundary may reset the count once, so at most twelve get through.
    for (let i = 0; i < 14 && codes.at(-1) !== 'ERR_DATA_QUOTA_EXCEEDED'; i++) {
      codes.push(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: `XH-Q${i}`, serviceItem: ITEM }, { via: 'http' })));
    }
    expect(codes.at(-1)).toBe('ERR_DATA_QUOTA_EXCEEDED');
  });

  it('a refused application cannot be decided again, and a withdrawn grant lets nothing through', async () => {
    const again = (await (
      await fixture.call('POST', `/v1/data/services/${SERVICE}/grants`, { purposes: [ITEM], fields: ['match'] }, admins[APPROVAL.uscc])
    ).json()) as { id: string };
    const refused = await fixture.call('POST', `/v1/data/grants/${again.id}/refuse`, { reason: '已有有效授权' }, admins[PSB.uscc]);
    expect(await refused.json()).toMatchObject({ status: 'refused', reason: '已有有效授权' });
    const twice = await fixture.call(
      'POST',
      `/v1/data/grants/${again.id}/approve`,
      { expiresAt: '2099-01-01T00:00:00Z', quotaPerMinute: 1 },
      admins[PSB.uscc],
    );
    expect(await twice.json()).toMatchObject({ status: 409, code: 'ERR_DATA_GRANT_STATE' });

    const listed = (await (await fixture.call('GET', `/v1/data/grants?service=${SERVICE}`, undefined, admins[APPROVAL.uscc])).json()) as {
      items: { id: string; status: string }[];
    };
    const approved = listed.items.find((g) => g.status === 'approved');
    const withdrawn = await fixture.call('POST', `/v1/data/grants/${approved?.id}/withdraw`, { reason: '用途已结束' }, admins[PSB.uscc]);
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(await refusal(consumer.request(SERVICE, RESIDENT, { caseNo: 'XH-W', serviceItem: ITEM }))).toBe('ERR_DATA_NO_GRANT');
  });

  it('records every exchange in the audit chain as digests, never the ID number, and the chain verifies', async () => {
    const auditor = await fixture.mintToken('auditor');
    const read = await fixture.call('GET', '/v1/audit?action=data.exchange&limit=200', undefined, auditor);
    const { items } = (await read.json()) as { items: { result: string; caseNo?: string; details: Record<string, unknown> }[] };
    // The Kafka exchange of the first test (HTTP ones, of the quota test for instance, log fewer fields).
    const ok = items.find((e) => e.result === 'ok' && e.details.via === 'kafka');
    expect(ok?.details).toMatchObject({
      via: 'kafka',
      provider: PSB.uscc,
      fields: ['match', 'name', 'address'],
      requestDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      responseDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      requestBytes: expect.any(Number),
      latencyMs: expect.any(Number),
    });
    expect(items.map((e) => e.result)).toEqual(
      expect.arrayContaining([
        'ERR_DATA_NO_GRANT',
        'ERR_DATA_GRANT_EXPIRED',
        'ERR_DATA_PURPOSE_MISSING',
        'ERR_DATA_TIMEOUT',
        'ERR_DATA_QUOTA_EXCEEDED',
      ]),
    );
    expect(JSON.stringify(items)).not.toContain(RESIDENT.idNumber);
    const grantSteps = await fixture.call('GET', '/v1/audit?action=data.grant.approve', undefined, auditor);
    expect(((await grantSteps.json()) as { items: unknown[] }).items.length).toBe(2);
    const verified = (await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as { ok: boolean };
    expect(verified.ok).toBe(true);
  });
});
