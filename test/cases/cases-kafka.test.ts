/**
 * Cases over the real Kafka broker: sealed milestones on `cases.milestones` (redeliveries recognised,
 * a wrong key dead-lettered) and the `cases.events` message a department receives when the licence
 * its open case relied on is revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { BUSINESS_LICENSE } from '../licenses/license-payloads.js';
import { APPROVAL, COMPANY, publishCompanyLicence, revokeLicence, waitFor } from '../support/case-fixture.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';

interface CaseBody {
  clock: { stopped: boolean };
  milestones: { type: string }[];
}

describe('cases over the real Kafka broker', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let approval: EnrolledDepartment;
  let clerk: string;
  let licenceId: string;
  let caseNo: string;

  beforeAll(async () => {
    probe = await createKafkaProbe(['cases.events', 'dlq']);
    fixture = await startHubFixture({
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: `${probe.prefix}hub`,
    });
    approval = await enrolDepartment(fixture, { ...APPROVAL, licenseTypes: [BUSINESS_LICENSE] });
    clerk = await fixture.mintToken('clerk', APPROVAL.uscc);
    await waitUntilReady(fixture.hub.url);
    const food = XINHUA_CATALOGUE.filter((i) => i.code === 'XH-SC-0001');
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: food })).status).toBe(200);
    licenceId = await publishCompanyLicence(fixture, approval);
    const opened = await fixture.call(
      'POST',
      '/v1/cases',
      { itemCode: 'XH-SC-0001', applicant: COMPANY, channel: 'online', responsible: { name: '李娟' } },
      approval.systemToken,
    );
    caseNo = ((await opened.json()) as { caseNo: string }).caseNo;
    const checked = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, {}, clerk);
    expect(((await checked.json()) as { checklist: { status: string }[] }).checklist[0]?.status).toBe('exempted');
  });
  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
  });

  const milestone = (messageId: string, body: Record<string, unknown>, key = APPROVAL.uscc) =>
    probe.produce('cases.milestones', [
      {
        key,
        value: approval.seal({ caseNo, occurredAt: new Date().toISOString(), ...body }, 'zz-case-milestone+jws'),
        headers: { 'message-id': messageId },
      },
    ]);
  const read = async () => (await (await fixture.call('GET', `/v1/cases/${caseNo}`, undefined, clerk)).json()) as CaseBody;

  it('applies sealed milestones once, even when redelivered', async () => {
    await milestone('ms-1', { type: 'clock-stopped', reason: '专家评审' });
    await milestone('ms-1', { type: 'clock-stopped', reason: '专家评审' });
    await milestone('ms-2', { type: 'clock-resumed' });
    const after = await waitFor(read, (b) => b.milestones.some((m) => m.type === 'clock-resumed'), 'the resume');
    expect(after.clock.stopped).toBe(false);
    expect(after.milestones.filter((m) => m.type === 'clock-stopped')).toHaveLength(1);
  });

  it('dead-letters a milestone whose key is not the sealing department', async () => {
    await milestone('ms-3', { type: 'visit' }, '114313220061234566');
    const dead = await probe.waitFor('dlq', (all) => all.some((m) => m.headers['message-id'] === 'ms-3'));
    expect(dead.find((m) => m.headers['message-id'] === 'ms-3')?.headers['error-code']).toBe('ERR_MALFORMED_MESSAGE');
  });

  it("sends cases.events to the case's department when the relied-on licence is revoked", async () => {
    const revoked = await revokeLicence(fixture, approval, licenceId);
    expect(revoked.status).toBe(200);
    const events = await probe.waitFor('cases.events', (all) => all.some((m) => m.key === caseNo));
    const message = events.find((m) => m.key === caseNo)!;
    expect(message.headers).toMatchObject({ 'event-type': 'case.relied-license-changed', department: APPROVAL.uscc });
    expect(JSON.parse(message.value)).toMatchObject({
      caseNo,
      licenseId: licenceId,
      status: 'revoked',
      previousStatus: 'valid',
      material: 'M1',
    });
  });
});
