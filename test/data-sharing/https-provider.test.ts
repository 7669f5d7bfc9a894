/**
 * A provider without Kafka on the real PostgreSQL: the public security bureau registers 户籍信息核验
 * with an endpoint, and serves it with the SDK's HTTP listener on a real local HTTP server. The hub
 * POSTs each request signed like its webhooks; the answer goes through the same contract check and
 * field filter as a Kafka answer. A slow provider is a coded timeout, a broken or stopped one is
 * "unreachable", garbage is "malformed" — each reaches the consumer as a problem, never as silence.
 */
import { createDataClient, loadConnectorConfig, type DataClient, type DataRequest } from '@zhengzhao/sdk';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PSB, HOUSEHOLD_SERVICE } from '../../src/main/demo/demo-data-providers.js';
import { lookUpHousehold } from '../../src/main/demo/demo-data-tables.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const APPROVAL = { uscc: '11431322006123480N', name: '新化县行政审批服务局' };
const SERVICE = HOUSEHOLD_SERVICE.code;
const ITEM = '431322-XK-0001';
// The service's timeout: every answered request in this file must beat it on a loaded machine.
const TIMEOUT_MS = 5_000;
const RESIDENT = { idNumber: '431322199203150030', name: '刘伟' };
const RECORD = lookUpHousehold(RESIDENT.idNumber, RESIDENT.name);

type Mode = 'sdk' | 'slow' | 'garbage' | 'error-status';

describe('data providers over HTTPS (signed POSTs, no Kafka)', () => {
  let fixture: HubFixture;
  let provider: DataClient;
  let server: Server;
  let endpoint: string;
  let system: string;
  let mode: Mode = 'sdk';
  const asked: DataRequest[] = [];
  // Requests the "slow" provider holds: answered only once the hub has given up on them.
  const held: (() => void)[] = [];

  const ask = async (caseNo: string) => {
    const response = await fixture.call(
      'POST',
      `/v1/data/${SERVICE}/requests`,
      { params: RESIDENT, purpose: { caseNo, serviceItem: ITEM } },
      system,
    );
    return { status: response.status, body: (await response.json()) as { code?: string; data?: unknown; exchangeId?: string } };
  };
  /** The kept bodies of the exchange the message log names for `caseNo` (or, refused before admission, its `result`), read by an auditor. */
  const keptFor = async (caseNo: string, result?: string) => {
    const [line] = await fixture.db.sql<{ exchange_id: string }[]>`
      select details ->> 'exchangeId' as exchange_id from audit_log
      where action = 'data.exchange' and ${result === undefined ? fixture.db.sql`case_no = ${caseNo}` : fixture.db.sql`result = ${result}`}`;
    expect(line?.exchange_id).toMatch(/^[0-9a-f-]{36}$/);
    const auditor = await fixture.mintToken('auditor');
    const read = await fixture.call('GET', `/v1/data/exchanges/${line?.exchange_id}/bodies`, undefined, auditor);
    return (await read.json()) as { outcome?: string; request?: unknown; response?: unknown; code?: string };
  };

  beforeAll(async () => {
    fixture = await startHubFixture({ ZZ_DATA_UNAVAILABLE_AFTER: '10' });
    const psb = await onboardDepartment(fixture, { ...DEMO_PSB, licenseTypes: [] });
    await fixture.registerDepartment(APPROVAL.uscc, APPROVAL.name);
    const [psbAdmin, approvalAdmin] = [
      await fixture.mintToken('dept-admin', DEMO_PSB.uscc),
      await fixture.mintToken('dept-admin', APPROVAL.uscc),
    ];
    system = await fixture.mintToken('system', APPROVAL.uscc);

    // The provider pins the hub's webhook key once, as src/webhooks/README.md tells receivers.
    const { publicKey } = (await (await fetch(`${fixture.hub.url}/v1/webhooks/signing-key`)).json()) as { publicKey: string };
    provider = createDataClient(loadConnectorConfig(psb.config));
    await provider.serve(
      SERVICE,
      async (request) => {
        asked.push(request);
        return { ...RECORD, registrationAuthority: '上梅派出所' };
      },
      { via: 'http' },
    );
    const listener = provider.httpListener({ publicKey });
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      if (mode === 'sdk') return listener(request, response);
      if (mode === 'garbage') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>维护中</html>');
      if (mode === 'error-status') return void response.writeHead(503).end();
      held.push(() => listener(request, response)); // slow: answers only after the hub has timed out
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zz/data`;

    // The provider's rules demand its exchanges be kept: 30 days, sealed.
    const { code: _code, ...body } = { ...HOUSEHOLD_SERVICE, timeoutMs: TIMEOUT_MS, endpoint, bodyRetentionDays: 30 };
    expect((await fixture.call('PUT', `/v1/data/services/${SERVICE}`, body, psbAdmin)).status).toBe(200);
    const grant = (await (
      await fixture.call(
        'POST',
        `/v1/data/services/${SERVICE}/grants`,
        { purposes: [ITEM], fields: ['match', 'name', 'address'] },
        approvalAdmin,
      )
    ).json()) as { id: string };
    const approved = await fixture.call(
      'POST',
      `/v1/data/grants/${grant.id}/approve`,
      { fields: ['match', 'name'], expiresAt: new Date(Date.now() + 86_400_000).toISOString(), quotaPerMinute: 100 },
      psbAdmin,
    );
    expect(approved.status).toBe(200);
  });
  afterAll(async () => {
    await provider?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await fixture?.stop();
  });

  it('registers the endpoint in the catalogue and refuses one carrying credentials', async () => {
    const read = (await (await fixture.call('GET', `/v1/data/services/${SERVICE}`, undefined, system)).json()) as { endpoint?: string };
    expect(read.endpoint).toBe(endpoint);
    const admin = await fixture.mintToken('dept-admin', DEMO_PSB.uscc);
    const { code: _code, ...body } = { ...HOUSEHOLD_SERVICE, endpoint: 'https://user:pw@psb.example/data' };
    const refused = await fixture.call('PUT', `/v1/data/services/${SERVICE}`, body, admin);
    expect(await refused.json()).toMatchObject({ status: 422, code: 'ERR_DATA_SERVICE_INVALID' });
  });

  it('asks the provider at its endpoint, signed by the hub, and returns only the granted fields', async () => {
    const answer = await ask('XH-H1');
    expect(answer).toEqual({
      status: 200,
      body: { exchangeId: expect.any(String), service: SERVICE, data: { match: true, name: '刘伟' } },
    });
    expect(asked.at(-1)).toMatchObject({
      exchangeId: (answer.body as { exchangeId: string }).exchangeId,
      consumer: APPROVAL.uscc,
      purpose: { caseNo: 'XH-H1', serviceItem: ITEM },
      params: RESIDENT,
    });

    // Kept sealed for the retention: no clear body in the row; the auditor alone reads it, audited.
    const { exchangeId } = answer.body as { exchangeId: string };
    const rows = await fixture.db.sql`select * from data_exchange_bodies where exchange_id = ${exchangeId}`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(RESIDENT.idNumber);
    expect(JSON.stringify(rows)).not.toContain('上梅派出所');
    const path = `/v1/data/exchanges/${exchangeId}/bodies`;
    const admin = await fixture.mintToken('dept-admin', DEMO_PSB.uscc);
    expect(((await (await fixture.call('GET', path, undefined, admin)).json()) as { code: string }).code).toBe('ERR_FORBIDDEN');
    const auditor = await fixture.mintToken('auditor');
    expect(await (await fixture.call('GET', path, undefined, auditor)).json()).toEqual({
      exchangeId,
      service: SERVICE,
      outcome: 'ok',
      request: RESIDENT,
      response: { ...RECORD, registrationAuthority: '上梅派出所' },
    });
    const reads = (await (await fixture.call('GET', '/v1/audit?action=data.exchange.bodies.read', undefined, auditor)).json()) as {
      items: { target: string }[];
    };
    expect(reads.items.map((e) => e.target)).toEqual([exchangeId]);
  });

  it('answers a slow provider with ERR_DATA_TIMEOUT within the bound, garbage as malformed, a failing one as unreachable', async () => {
    mode = 'slow';
    const started = Date.now();
    expect(await ask('XH-H2')).toMatchObject({ status: 504, body: { code: 'ERR_DATA_TIMEOUT' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT_MS);
    for (const answer of held.splice(0)) answer();
    mode = 'garbage';
    expect(await ask('XH-H3')).toMatchObject({ status: 502, body: { code: 'ERR_DATA_MALFORMED_ANSWER' } });
    mode = 'error-status';
    expect(await ask('XH-H4')).toMatchObject({ status: 502, body: { code: 'ERR_DATA_PROVIDER_UNREACHABLE' } });
    mode = 'sdk';
    expect((await ask('XH-H5')).status).toBe(200);

    // The retention keeps what each failed exchange has: the request, and no answer where none arrived.
    for (const [caseNo, outcome] of [
      ['XH-H2', 'ERR_DATA_TIMEOUT'],
      ['XH-H3', 'ERR_DATA_MALFORMED_ANSWER'],
      ['XH-H4', 'ERR_DATA_PROVIDER_UNREACHABLE'],
    ]) {
      const kept = await keptFor(caseNo as string);
      expect(kept).toMatchObject({ outcome, request: RESIDENT });
      expect(kept).not.toHaveProperty('response');
    }
  });

  it('keeps nothing but the message-log digest of a request the hub refused before routing', async () => {
    const refused = await fixture.call('POST', `/v1/data/${SERVICE}/requests`, { params: RESIDENT, purpose: { caseNo: 'XH-H9' } }, system);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_DATA_PURPOSE_MISSING');
    expect(await keptFor('XH-H9', 'ERR_DATA_PURPOSE_MISSING')).toMatchObject({ code: 'ERR_DATA_BODIES_NOT_KEPT' });
  });

  it('a security admin rotates the body key, audited: new bodies are sealed under it, earlier ones still open', async () => {
    const path = '/v1/data/body-keys/rotate';
    for (const token of [await fixture.mintToken('auditor'), await fixture.mintToken('dept-admin', DEMO_PSB.uscc), system]) {
      expect(await (await fixture.call('POST', path, undefined, token)).json()).toMatchObject({ status: 403, code: 'ERR_FORBIDDEN' });
    }
    const [earlier] = await fixture.db.sql<{ key_id: string }[]>`select key_id from data_exchange_bodies limit 1`;
    const rotated = await fixture.call('POST', path);
    expect(rotated.status).toBe(200);
    const { keyId } = (await rotated.json()) as { keyId: string };
    expect(keyId).toMatch(/^body-[0-9a-f]{16}$/);
    expect(keyId).not.toBe(earlier?.key_id);

    const answer = await ask('XH-H7');
    expect(answer.status).toBe(200);
    const [row] = await fixture.db.sql<{ key_id: string }[]>`
      select key_id from data_exchange_bodies where exchange_id = ${answer.body.exchangeId as string}`;
    expect(row?.key_id).toBe(keyId);
    expect(await keptFor('XH-H7')).toMatchObject({ outcome: 'ok', request: RESIDENT });
    expect(await keptFor('XH-H1')).toMatchObject({ outcome: 'ok', request: RESIDENT });
    const auditor = await fixture.mintToken('auditor');
    const { items } = (await (await fixture.call('GET', '/v1/audit?action=data.body-key.rotate', undefined, auditor)).json()) as {
      items: { target: string; role: string; result: string }[];
    };
    expect(items).toEqual([expect.objectContaining({ target: keyId, role: 'security-admin', result: 'ok' })]);
  });

  it('a stopped provider is ERR_DATA_PROVIDER_UNREACHABLE, and every exchange is in the audit chain as digests', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(await ask('XH-H6')).toMatchObject({ status: 502, body: { code: 'ERR_DATA_PROVIDER_UNREACHABLE' } });

    const auditor = await fixture.mintToken('auditor');
    const { items } = (await (await fixture.call('GET', '/v1/audit?action=data.exchange&limit=50', undefined, auditor)).json()) as {
      items: { result: string; details: { via: string; requestDigest: string; responseDigest?: string } }[];
    };
    expect(items.map((e) => e.result).sort()).toEqual(
      [
        'ok',
        'ok',
        'ok',
        'ERR_DATA_PURPOSE_MISSING',
        'ERR_DATA_TIMEOUT',
        'ERR_DATA_MALFORMED_ANSWER',
        'ERR_DATA_PROVIDER_UNREACHABLE',
        'ERR_DATA_PROVIDER_UNREACHABLE',
      ].sort(),
    );
    const ok = items.filter((e) => e.result === 'ok');
    expect(ok[0]?.details).toMatchObject({ via: 'http', requestDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ok[0]?.details.responseDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain(RESIDENT.idNumber);
    expect(((await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as { ok: boolean }).ok).toBe(true);
  });
});
