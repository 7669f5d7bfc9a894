/**
 * The connectors' whole story on one hub over the real PostgreSQL, Kafka and MariaDB, as a county
 * rollout runs it: the market-regulation bureau publishes a business licence and a food licence
 * through the SDK over Kafka; civil affairs imports a CSV export of 500 marriage registrations; the
 * legacy connector captures rows inserted and updated in a PostgreSQL and a MariaDB table; a clerk
 * verifies all of them; a revocation reaches civil affairs' webhook endpoint, built with the SDK's
 * `receiveWebhook`, whose signature check passes; and a second endpoint that fails twice before
 * recovering acts on every food-licence event exactly once.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImport } from '@zhengzhao/import';
import { createHubClient, loadConnectorConfig, receiveWebhook, type HubClient, type WebhookDelivery } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIVIL_AFFAIRS, MARRIAGE, marriageExport } from '../fixtures/import/marriage-export.js';
import { BUSINESS_LICENSE, examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { until } from '../support/until.js';
import { onboardDepartment, startHubOnKafka } from '../support/connector-fixture.js';
import type { HubFixture } from '../support/hub-fixture.js';
import type { KafkaProbe } from '../support/kafka-probe.js';
import { effects, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { SAMR } from './legacy-db-support.js';
import { expectedVerdicts, runLegacyDbScenario } from './legacy-db-scenario.js';

const MAPPING = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/import/marriage-mapping.json');
const FOOD_NUMBER = 'JY24313220007001';

describe('connectors end to end on the real services', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let samr: HubClient;
  let clerk: string;
  let publicKey: string;
  let steady: WebhookReceiver;
  let flaky: WebhookReceiver;
  /** What civil affairs' SDK receiver accepted. */
  const verified: WebhookDelivery[] = [];

  const verify = async (typeCode: string, number: string) => {
    const response = await fixture.call('POST', '/v1/verifications', { typeCode, number, purpose: { caseNo: 'XH-E2E-1' } }, clerk);
    expect(response.status, number).toBe(200);
    return (await response.json()) as { result: string; status: string };
  };

  beforeAll(async () => {
    ({ probe, fixture } = await startHubOnKafka({
      watch: ['licenses.events'],
      env: {
        // Every webhook retry 300 ms out instead of the standard 5 s, 5 min …
        ZZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,300,300,300,300,300,300,300',
        // One clerk verifies 500 imported registrations back to back, beyond a counter clerk's 20/s.
        ZZ_VERIFY_RATE_USER: '1000',
        ZZ_VERIFY_RATE_DEPARTMENT: '1000',
      },
    }));
    const kafka = { brokers: [probe.brokers], topicPrefix: probe.prefix };
    const samrDept = await onboardDepartment(fixture, { ...SAMR, licenseTypes: [BUSINESS_LICENSE, FOOD_LICENSE], kafka });
    samr = createHubClient(loadConnectorConfig(samrDept.config), { via: 'kafka' });
    clerk = await fixture.mintToken('clerk', SAMR.uscc);

    // Civil affairs reads food licences (its cases need them) and has no Kafka: it subscribes two endpoints.
    const key = await fetch(`${fixture.hub.url}/v1/webhooks/signing-key`);
    publicKey = ((await key.json()) as { publicKey: string }).publicKey;
    steady = await startWebhookReceiver();
    steady.respond = (request) => {
      try {
        verified.push(receiveWebhook(request.body, request.headers, { publicKey }));
        return 204;
      } catch {
        return 400;
      }
    };
    flaky = await startWebhookReceiver();
    // Down for its first two requests (503), then back for good.
    flaky.respond = (_request, index) => (index < 2 ? 503 : 200);
  });
  afterAll(async () => {
    await samr?.close();
    await probe?.close();
    await fixture?.stop();
    await steady?.close();
    await flaky?.close();
  });

  it('civil affairs subscribes its webhook endpoints to food licences', async () => {
    const civil = await onboardDepartment(fixture, { ...CIVIL_AFFAIRS, licenseTypes: [MARRIAGE] });
    expect((await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: CIVIL_AFFAIRS.uscc })).status).toBe(201);
    const admin = await fixture.mintToken('dept-admin', CIVIL_AFFAIRS.uscc);
    for (const receiver of [steady, flaky]) {
      const created = await fixture.call('POST', '/v1/webhooks/subscriptions', { url: receiver.url, typeCodes: [FOOD_LICENSE] }, admin);
      expect(created.status, await created.clone().text()).toBe(201);
    }

    // … and loads its 500 historical marriage registrations (5 of them bad) from a CSV export.
    const file = path.join(civil.dir, 'marriages.csv');
    const exported = marriageExport(7, 495, true);
    writeFileSync(file, exported.text);
    const result = await runImport({ file, config: civil.config, mapping: MAPPING }, { out: () => {}, err: () => {}, tty: false });
    expect(result.exitCode).toBe(3);
    expect(result.counts).toMatchObject({ rows: 500, accepted: 495, rejected: 5, statusApplied: 10 });
    const clerkOfCivil = await fixture.mintToken('clerk', CIVIL_AFFAIRS.uscc);
    let valid = 0;
    for (const row of exported.rows) {
      const response = await fixture.call(
        'POST',
        '/v1/verifications',
        { typeCode: MARRIAGE, number: row.number, purpose: { caseNo: 'XH-E2E-2' } },
        clerkOfCivil,
      );
      const answer = (await response.json()) as { result: string; status: string };
      expect(answer, row.number).toMatchObject(
        row.status ? { result: 'invalid', status: 'cancelled' } : { result: 'valid', status: 'valid' },
      );
      if (answer.result === 'valid') valid++;
    }
    expect(valid).toBe(485);
  });

  it('the market-regulation bureau publishes a business and a food licence over Kafka, and a clerk verifies both', async () => {
    const business = examplePayload(BUSINESS_LICENSE, SAMR) as { number: string };
    expect((await samr.publish(business as never)).id).toContain(`.${BUSINESS_LICENSE}.${SAMR.uscc}.`);
    expect((await samr.publish(examplePayload(FOOD_LICENSE, SAMR, FOOD_NUMBER) as never)).id).toContain(`.${FOOD_NUMBER}.001.`);
    expect(await verify(BUSINESS_LICENSE, business.number)).toMatchObject({ result: 'valid', status: 'valid' });
    expect(await verify(FOOD_LICENSE, FOOD_NUMBER)).toMatchObject({ result: 'valid', status: 'valid' });
  });

  it('the legacy connector brings rows from a PostgreSQL and a MariaDB table, and a clerk verifies them', async () => {
    const verdicts = await runLegacyDbScenario({ fixture, hub: samr, issuer: SAMR, clerk, series: '4399' });
    expect(verdicts).toEqual(expectedVerdicts('4399'));
  });

  it('a revocation reaches the SDK webhook receiver signed, and the endpoint that failed twice acts on every event once', async () => {
    const food = await verify(FOOD_LICENSE, FOOD_NUMBER);
    expect(food.status).toBe('valid');
    const [{ id } = { id: '' }] = await fixture.db.sql<{ id: string }[]>`select id from licenses where number = ${FOOD_NUMBER}`;
    expect(await samr.changeStatus(id, { status: 'revoked', reason: '违法经营，依法吊销' })).toMatchObject({ applied: true });
    expect(await verify(FOOD_LICENSE, FOOD_NUMBER)).toMatchObject({ result: 'invalid', status: 'revoked' });

    await until(
      'the revocation at the SDK receiver',
      () => verified.some((d) => d.event.licenseId === id && d.event.status === 'revoked'),
      60_000,
    );
    expect(verified.find((d) => d.event.licenseId === id && d.event.status === 'revoked')?.event).toMatchObject({
      type: 'license.status-changed',
      nationalStatusCode: '07',
      issuer: { uscc: SAMR.uscc },
    });

    // Every food-licence event the hub put on licenses.events (partitions are read independently, so
    // read again until the endpoints agree with it), acted on once by both endpoints.
    const foodEvents = async () =>
      (await probe.waitFor('licenses.events', () => true, 30_000))
        .map((m) => JSON.parse(m.value) as { eventId: string; typeCode: string })
        .filter((e) => e.typeCode === FOOD_LICENSE)
        .map((e) => e.eventId)
        .sort();
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    await until(
      'every food-licence event acted on once by both endpoints',
      async () => {
        const onBus = await foodEvents();
        // The food licence and its revocation, five legacy rows, two replacements and a revocation at least.
        return onBus.length >= 10 && same(effects(flaky).sort(), onBus) && same(effects(steady).sort(), onBus);
      },
      60_000,
    );
    const expected = await foodEvents();
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(effects(flaky).sort()).toEqual(expected);
    expect(effects(steady).sort()).toEqual(expected);
    expect(steady.received.every((r) => r.answered === 204)).toBe(true);
    // The two deliveries the flaky endpoint refused came again under the same webhook-id and were taken.
    const refused = flaky.received.slice(0, 2).map((r) => [String(r.headers['webhook-id']), r.answered]);
    expect(refused.map(([, answered]) => answered)).toEqual([503, 503]);
    for (const [webhookId] of refused) {
      expect(flaky.received.some((r) => r.headers['webhook-id'] === webhookId && r.answered === 200)).toBe(true);
    }
    // No business licence or marriage registration was delivered: the subscriptions name food licences.
    expect(verified.every((d) => d.event.typeCode === FOOD_LICENSE)).toBe(true);
  });
});
