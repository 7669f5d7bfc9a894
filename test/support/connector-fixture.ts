/**
 * A department onboarded the way connectors/sdk/README.md tells it: openssl makes the keys and
 * CSRs, the security admin (here the bootstrap admin of the fixture hub) registers the department,
 * issues its seal and system certificates and grants licence types, and the department writes
 * connector.json beside the PEM files. Connector tests start from the config file, as a department
 * system does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHubFixture, waitUntilReady, type HubFixture } from './hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from './kafka-probe.js';

export interface OnboardedDepartment {
  uscc: string;
  name: string;
  dir: string;
  /** Path of connector.json. */
  config: string;
  sealSerial: string;
  systemSerial: string;
}

export interface OnboardOptions {
  uscc: string;
  name: string;
  licenseTypes: readonly string[];
  kafka?: { brokers: string[]; topicPrefix: string };
}

/** Anything that calls the hub as its security admin: the test fixture, or a benchmark's hub. */
export type AdminHandle = Pick<HubFixture, 'call' | 'registerDepartment'> & { hub: { url: string } };

export async function onboardDepartment(fixture: AdminHandle, options: OnboardOptions): Promise<OnboardedDepartment> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-connector-'));
  await fixture.registerDepartment(options.uscc, options.name);
  const issue = async (profile: 'seal' | 'system') => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${profile}.key`], { cwd: dir });
    execFileSync('openssl', ['req', '-new', '-key', `${profile}.key`, '-subj', `/CN=${profile}`, '-out', `${profile}.csr`], { cwd: dir });
    const response = await fixture.call('POST', '/v1/pki/certificates', {
      csr: readFileSync(path.join(dir, `${profile}.csr`), 'utf8'),
      profile,
      department: options.uscc,
      ...(profile === 'seal'
        ? { seal: { name: `${options.name}电子证照专用章`, kind: '电子证照专用章' } }
        : { system: { name: '审批系统' } }),
    });
    if (response.status !== 201) throw new Error(`${profile} certificate: ${response.status} ${await response.text()}`);
    const issued = (await response.json()) as { serial: string; certificate: string; chain: string };
    writeFileSync(path.join(dir, `${profile}.pem`), issued.certificate + issued.chain);
    return issued.serial;
  };
  const sealSerial = await issue('seal');
  const systemSerial = await issue('system');
  for (const code of options.licenseTypes) {
    const granted = await fixture.call('POST', `/v1/license-types/${code}/issuers`, { department: options.uscc });
    if (granted.status !== 201) throw new Error(`grant ${code}: ${granted.status} ${await granted.text()}`);
  }
  const config = path.join(dir, 'connector.json');
  writeFileSync(
    config,
    JSON.stringify({
      hub: fixture.hub.url,
      department: options.uscc,
      system: { key: 'system.key', cert: 'system.pem' },
      seal: { key: 'seal.key', cert: 'seal.pem' },
      ...(options.kafka ? { kafka: options.kafka } : {}),
    }),
  );
  return { uscc: options.uscc, name: options.name, dir, config, sealSerial, systemSerial };
}

/**
 * A hub on the real broker, with topics of its own prefix, once it reports its bus ready; the probe
 * collects `watch` (topic names without the prefix), and `env` adds to the hub's environment.
 */
export async function startHubOnKafka(
  options: { watch?: readonly string[]; env?: Record<string, string> } = {},
): Promise<{ probe: KafkaProbe; fixture: HubFixture }> {
  const probe = await createKafkaProbe(options.watch ?? []);
  const fixture = await startHubFixture({
    KAFKA_BROKERS: probe.brokers,
    KAFKA_TOPIC_PREFIX: probe.prefix,
    KAFKA_GROUP_ID: `${probe.prefix}hub`,
    ...options.env,
  });
  // The hub creates its topics in the background: wait until readiness says the bus is up.
  await waitUntilReady(fixture.hub.url);
  return { probe, fixture };
}
