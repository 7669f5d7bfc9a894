/**
 * A 残疾人证 (its number is the holder's ID number + 2 codes) published, relied on by a case and
 * revoked, on the real PostgreSQL and Kafka: the events on `licenses.events`, the webhook body,
 * `cases.events` and the sealed material package name it by its keyed reference and carry no digit
 * of the ID number — and the case is still told when the licence it relied on is revoked. The
 * issuing department, entitled to the full record, sees the number and learns the reference.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { CDPF, DISABILITY, publishDisabilityLicence } from '../support/disability-licence.js';
import { revokeLicence, waitFor } from '../support/case-fixture.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { leafClaims, type Inclusion } from '../support/merkle-proof.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// 残疾人两项补贴申请 (XH-CL-0001) is led by the township; its M1 is the 残疾人证.
const YANGXI = { uscc: '11431322006123527U', name: '新化县洋溪镇人民政府' };
const REFERENCE = /^ref:[0-9a-f]{64}$/;

describe('a personal licence number in events, webhooks, cases and the material package', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let cdpf: EnrolledDepartment;
  let receiver: WebhookReceiver;
  let clerk: string;
  let id: string;
  let number: string;
  let holder: { idType: string; id: string; name: string };
  let caseNo: string;
  let packageJws: string;

  /** Neither the holder's ID number nor its first 17 digits (the ID without its check character). */
  const expectNoIdDigits = (text: string) => {
    expect(text).not.toContain(holder.id);
    expect(text).not.toContain(holder.id.slice(0, 17));
  };

  beforeAll(async () => {
    probe = await createKafkaProbe(['licenses.events', 'cases.events']);
    fixture = await startHubFixture({
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: `${probe.prefix}hub`,
    });
    cdpf = await enrolDepartment(fixture, { ...CDPF, licenseTypes: [DISABILITY] });
    await fixture.registerDepartment(YANGXI.uscc, YANGXI.name, 'township');
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: XINHUA_CATALOGUE })).status).toBe(200);
    // The township may read 残疾人证 (public fields only), so it may subscribe to their events.
    expect((await fixture.call('POST', `/v1/license-types/${DISABILITY}/readers`, { department: YANGXI.uscc })).status).toBe(201);
    receiver = await startWebhookReceiver();
    const admin = await fixture.mintToken('dept-admin', YANGXI.uscc);
    const subscribed = await fixture.call('POST', '/v1/webhooks/subscriptions', { url: receiver.url, typeCodes: [DISABILITY] }, admin);
    expect(subscribed.status).toBe(201);
    clerk = await fixture.mintToken('clerk', YANGXI.uscc);
    await waitUntilReady(fixture.hub.url);

    ({ id, number, holder } = await publishDisabilityLicence(fixture, cdpf));
  });
  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
    await receiver?.close();
  });

  it('names the licence by its reference in the case checklist and the sealed material package', async () => {
    const opened = await fixture.call(
      'POST',
      '/v1/cases',
      { itemCode: 'XH-CL-0001', applicant: holder, channel: 'window', responsible: { name: '李娟' } },
      clerk,
    );
    expect(opened.status).toBe(201);
    ({ caseNo } = (await opened.json()) as { caseNo: string });
    const checked = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, { commitments: ['M3'] }, clerk);
    const text = await checked.text();
    expect(checked.status, text).toBe(200);
    const body = JSON.parse(text) as { checklist: { code: string; status: string; licenseId?: string }[]; package: string };
    packageJws = body.package;
    const m1 = body.checklist.find((c) => c.code === 'M1');
    expect(m1).toMatchObject({ status: 'exempted', licenseId: expect.stringMatching(REFERENCE) });
    const sealed = decodeJwt(packageJws) as { receipt: string; materials: { code: string; licenseId?: string; inclusion?: Inclusion }[] };
    const sealedM1 = sealed.materials.find((m) => m.code === 'M1');
    expect(sealedM1?.licenseId).toBe(m1?.licenseId);
    expectNoIdDigits(JSON.stringify(sealed));
    expect(JSON.stringify(sealed)).not.toContain(id);
    // The batch receipt and the licence's leaf in it name the licence by its reference too.
    expectNoIdDigits(JSON.stringify(decodeJwt(sealed.receipt)));
    expect(leafClaims(sealedM1?.inclusion as Inclusion)).toMatchObject({ sub: m1?.licenseId });
    expectNoIdDigits(JSON.stringify(leafClaims(sealedM1?.inclusion as Inclusion)));
    expectNoIdDigits(JSON.stringify(body.checklist));
  });

  it('publishes its issue and revocation on licenses.events, webhooks and cases.events with no ID digit, and still tells the case', async () => {
    expect((await revokeLicence(fixture, cdpf, id)).status).toBe(200);

    const events = await probe.waitFor('licenses.events', (all) => all.length >= 2);
    expect(events.map((e) => JSON.parse(e.value).type)).toEqual(['license.issued', 'license.status-changed']);
    const reference = (JSON.parse(events[0]!.value) as { licenseId: string }).licenseId;
    expect(reference).toMatch(REFERENCE);
    for (const event of events) {
      expect(event.key).toBe(reference);
      expect(JSON.parse(event.value)).toMatchObject({ licenseId: reference, typeCode: DISABILITY });
      expectNoIdDigits(JSON.stringify(event));
      expect(JSON.stringify(event)).not.toContain(number);
    }
    const sealed = decodeJwt(packageJws) as { materials: { code: string; licenseId?: string }[] };
    expect(sealed.materials.find((m) => m.code === 'M1')?.licenseId).toBe(reference);

    const notices = await probe.waitFor('cases.events', (all) => all.length >= 1);
    expect(JSON.parse(notices[0]!.value)).toMatchObject({ caseNo, licenseId: reference, status: 'revoked', material: 'M1' });
    expectNoIdDigits(JSON.stringify(notices));
    const onCase = await waitFor(
      async () => (await (await fixture.call('GET', `/v1/cases/${caseNo}`, undefined, clerk)).json()) as { notices: unknown[] },
      (c) => c.notices.length > 0,
      'the notice on the case',
    );
    expectNoIdDigits(JSON.stringify(onCase));

    await waitFor(
      async () => receiver.received.length,
      (n) => n >= 2,
      'both webhook deliveries',
    );
    for (const delivery of receiver.received) {
      expect((JSON.parse(delivery.body) as { data: { licenseId: string } }).data.licenseId).toBe(reference);
      expectNoIdDigits(delivery.body);
    }
  });

  it('shows the issuing department, entitled to the full record, the number and the reference, and others the mask', async () => {
    const verify = async (token: string) =>
      (await (await fixture.call('POST', '/v1/verifications', { licenseId: id, purpose: { caseNo: 'XH-REF-1' } }, token)).json()) as {
        license: { id: string; number: string; reference?: string };
      };
    const issuer = await verify(cdpf.systemToken);
    const [event] = probe.seen('licenses.events');
    expect(issuer.license).toEqual(
      expect.objectContaining({ id, number, reference: (JSON.parse(event!.value) as { licenseId: string }).licenseId }),
    );
    const reader = await verify(await fixture.mintToken('system', YANGXI.uscc));
    expect(reader.license.number).toBe('*'.repeat(number.length));
    expect(reader.license).not.toHaveProperty('reference');
    expect(JSON.stringify(reader)).not.toContain(holder.id.slice(0, 17));
  });
});
