/**
 * A 残疾人证 (its number is the holder's ID number + 2 codes) submitted over the real Kafka broker:
 * `licenses.results` is read by every department's connector, so its answers name the licence by
 * its keyed reference and carry no ID digit — yet `hub.publish` still resolves to the identifier
 * the federation can use (it reads, replaces and changes the licence by it), and `zhengzhao import`
 * of 残疾人证 rows with a status column runs and re-runs over Kafka as for any other type.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImport } from '@zhengzhao/import';
import { createHubClient, licenseIdentifier, loadConnectorConfig, type HubClient, type LicenseEnvelope } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identifiers/resident-id.js';
import { examplePayload } from '../licenses/license-payloads.js';
import { onboardDepartment, startHubOnKafka, type OnboardedDepartment } from '../support/connector-fixture.js';
import { CDPF, DISABILITY } from '../support/disability-licence.js';
import type { HubFixture } from '../support/hub-fixture.js';
import type { KafkaProbe } from '../support/kafka-probe.js';

const REFERENCE = /^ref:[0-9a-f]{64}$/;
const quiet = { out: () => {}, err: () => {}, tty: false };

/** A 残疾人证 for a holder born 1990-01-01 with sequence `seq`: number = ID + category 1 + grade 2. */
function certificate(seq: number): LicenseEnvelope {
  const first17 = `43132219900101${String(seq).padStart(3, '0')}`;
  const id = first17 + residentIdCheckChar(first17);
  const example = examplePayload(DISABILITY, CDPF) as unknown as LicenseEnvelope;
  return { ...example, number: `${id}12`, holder: { ...example.holder, id } } as LicenseEnvelope;
}

describe('a 残疾人证 submitted over Kafka', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let cdpf: OnboardedDepartment;
  let hub: HubClient;
  let issuerToken: string;
  const holderIds: string[] = [];

  /** No answer on licenses.results carries any holder's ID number or its first 17 digits. */
  const expectNoIdDigitsOnResults = () => {
    const text = JSON.stringify(probe.seen('licenses.results'));
    for (const id of holderIds) {
      expect(text).not.toContain(id.slice(0, 17));
    }
  };
  const read = (id: string) => fixture.call('GET', `/v1/licenses/${id}`, undefined, issuerToken);

  beforeAll(async () => {
    ({ probe, fixture } = await startHubOnKafka({ watch: ['licenses.results'] }));
    cdpf = await onboardDepartment(fixture, {
      ...CDPF,
      licenseTypes: [DISABILITY],
      kafka: { brokers: [probe.brokers], topicPrefix: probe.prefix },
    });
    hub = createHubClient(loadConnectorConfig(cdpf.config), { via: 'kafka' });
    issuerToken = await fixture.mintToken('system', CDPF.uscc);
  });
  afterAll(async () => {
    await hub?.close();
    await probe?.close();
    await fixture?.stop();
  });

  it('is answered by its reference with no ID digit, and hub.publish resolves to its identifier, re-sealed and replaced', async () => {
    const licence = certificate(1);
    holderIds.push(licence.holder.id);
    const id = licenseIdentifier(DISABILITY, CDPF.uscc, licence.number);

    const published = await hub.publish(licence);
    expect(published).toEqual({ id, reference: expect.stringMatching(REFERENCE) });
    expect(await (await read(id)).json()).toMatchObject({ id, number: licence.number, status: 'valid' });

    // Sealed anew (another signature): the hub refuses it as a conflict — named by reference on the
    // topic — and the SDK finds it stored under the identifier it computed.
    expect(await hub.publish(licence)).toMatchObject({ id, created: false });

    const replacement = await hub.publish({ ...licence, replaces: id, validUntil: '2040-01-01' });
    const replacementId = licenseIdentifier(DISABILITY, CDPF.uscc, licence.number, 2);
    expect(replacement).toEqual({ id: replacementId, reference: expect.stringMatching(REFERENCE) });
    expect(replacement.reference).not.toBe(published.reference);
    expect(await (await read(replacementId)).json()).toMatchObject({ id: replacementId, replaces: id, status: 'valid' });

    const answers = (await probe.waitFor('licenses.results', (all) => all.length >= 3)).map(
      (m) => JSON.parse(m.value) as { ok: boolean; licenseId?: string; error?: { code: string; detail: string } },
    );
    expect(answers.filter((a) => a.ok).map((a) => a.licenseId)).toEqual([published.reference, replacement.reference]);
    const conflict = answers.find((a) => !a.ok);
    expect(conflict?.error?.code).toBe('ERR_LICENSE_CONFLICT');
    expect(conflict?.error?.detail).toContain(published.reference);
    expectNoIdDigitsOnResults();
    expect(JSON.stringify(probe.seen('licenses.results'))).not.toContain(licence.number);
  });

  it('zhengzhao import of 残疾人证 rows over Kafka applies their statuses, and a re-run adds nothing', async () => {
    const rows = [2, 3, 4].map(certificate);
    holderIds.push(...rows.map((r) => r.holder.id));
    const file = path.join(cdpf.dir, 'disability.jsonl');
    const revoked = { status: 'revoked', reason: '依法收回' };
    writeFileSync(file, rows.map((r, i) => JSON.stringify(i === 1 ? { ...r, _status: revoked } : r)).join('\n'));

    const answered = probe.seen('licenses.results').length;
    const first = await runImport({ file, config: cdpf.config, via: 'kafka' }, quiet);
    expect(first.exitCode, JSON.stringify(first)).toBe(0);
    expect(first.counts).toMatchObject({ rows: 3, accepted: 3, existing: 0, rejected: 0, statusApplied: 1 });
    const again = await runImport({ file, config: cdpf.config, via: 'kafka' }, quiet);
    expect(again.exitCode, JSON.stringify(again)).toBe(0);
    expect(again.counts).toMatchObject({ rows: 3, accepted: 0, existing: 3, rejected: 0, statusApplied: 0, statusExisting: 1 });

    const statuses = await Promise.all(
      rows.map(async (r) => ((await (await read(licenseIdentifier(DISABILITY, CDPF.uscc, r.number))).json()) as { status: string }).status),
    );
    expect(statuses).toEqual(['valid', 'revoked', 'valid']);
    // Three accepted, then three re-sealed copies refused as conflicts (each a fresh signature).
    await probe.waitFor('licenses.results', (all) => all.length >= answered + 6);
    expectNoIdDigitsOnResults();
  });
});
