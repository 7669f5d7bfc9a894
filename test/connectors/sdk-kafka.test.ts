/**
 * The SDK over the real Kafka broker: the market-regulation bureau publishes a business licence and
 * a food licence with `via: 'kafka'` (key, message-id and result correlation done by the SDK),
 * resends and re-seals add nothing, and a subscriber in its own consumer group sees the events.
 */
import { createHubClient, loadConnectorConfig, type HubClient, type LicenseEvent } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_LICENSE, examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { onboardDepartment, startHubOnKafka } from '../support/connector-fixture.js';
import type { HubFixture } from '../support/hub-fixture.js';
import type { KafkaProbe } from '../support/kafka-probe.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };

describe('connector SDK over the real Kafka broker', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let hub: HubClient;

  beforeAll(async () => {
    ({ probe, fixture } = await startHubOnKafka());
    const samr = await onboardDepartment(fixture, {
      ...SAMR,
      licenseTypes: [FOOD_LICENSE, BUSINESS_LICENSE],
      kafka: { brokers: [probe.brokers], topicPrefix: probe.prefix },
    });
    hub = createHubClient(loadConnectorConfig(samr.config), { via: 'kafka' });
  });
  afterAll(async () => {
    await hub?.close();
    await probe?.close();
    await fixture?.stop();
  });

  it('publishes a business licence and a food licence over Kafka and a subscriber receives both events', async () => {
    const events: LicenseEvent[] = [];
    const subscription = await hub.subscribe({ groupId: `${probe.prefix}samr-events`, fromBeginning: true }, (event) => {
      events.push(event);
    });
    try {
      const business = await hub.publish(examplePayload(BUSINESS_LICENSE, SAMR) as never);
      const food = await hub.publish(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220003001') as never);
      expect(business.id).toContain(`.${BUSINESS_LICENSE}.${SAMR.uscc}.`);
      expect(food.id).toContain('.JY24313220003001.001.');
      const clerk = await fixture.mintToken('clerk', SAMR.uscc);
      for (const [typeCode, number] of [
        [BUSINESS_LICENSE, (examplePayload(BUSINESS_LICENSE, SAMR) as { number: string }).number],
        [FOOD_LICENSE, 'JY24313220003001'],
      ]) {
        const answer = await fixture.call('POST', '/v1/verifications', { typeCode, number, purpose: { caseNo: 'XH-SDK-KAFKA' } }, clerk);
        expect(await answer.json()).toMatchObject({ result: 'valid', status: 'valid' });
      }
      await expect.poll(() => events.map((e) => e.licenseId).sort(), { timeout: 60_000 }).toEqual([business.id, food.id].sort());
      expect(events.every((e) => e.type === 'license.issued')).toBe(true);
    } finally {
      await subscription.stop();
    }
  });

  it('a resent or re-sealed licence answers with the same identifier and creates nothing', async () => {
    const payload = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220003002') as never;
    const sealed = await hub.sealLicense(payload);
    const first = await hub.publish(sealed, { messageId: 'sdk-resend-1' });
    expect(await hub.publish(sealed, { messageId: 'sdk-resend-1' })).toEqual(first);
    expect(await hub.publish(payload)).toMatchObject({ id: first.id, created: false });
    const [row] = await fixture.db.sql<{ n: number }[]>`select count(*)::int as n from licenses where number = 'JY24313220003002'`;
    expect(row?.n).toBe(1);
  });

  it('a contract refusal at the hub comes back as a typed refusal', async () => {
    const payload = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220003003');
    (payload.holder as { id: string }).id = '92431322MA4L0ABC10';
    await expect(hub.publish(payload as never)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });
});
