/**
 * A department enrolled through the hub's own API the way a county would do it: registered, given a
 * seal certificate and a system certificate from openssl-made keys and CSRs, granted licence types,
 * and holding an API token for its system. `seal()` produces what its approval system would send.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pemToX5c } from '../../src/pki/jws/sealed-jws-signer.js';
import type { HubFixture } from './hub-fixture.js';

export interface EnrolledDepartment {
  uscc: string;
  name: string;
  systemToken: string;
  sealSerial: string;
  x5c: string[];
  seal(payload: unknown, typ?: string, header?: Record<string, unknown>): string;
}

function opensslKey(dir: string, name: string): KeyObject {
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], { cwd: dir });
  execFileSync('openssl', ['req', '-new', '-key', `${name}.key`, '-subj', '/CN=x', '-out', `${name}.csr`], { cwd: dir });
  return createPrivateKey(readFileSync(path.join(dir, `${name}.key`)));
}

export function sealCompact(key: KeyObject, x5c: string[], payload: unknown, typ: string, header: Record<string, unknown> = {}): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'ES256', typ, x5c, ...header })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

export async function enrolDepartment(
  fixture: HubFixture,
  options: { uscc: string; name: string; licenseTypes: readonly string[] },
): Promise<EnrolledDepartment> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-dept-'));
  await fixture.registerDepartment(options.uscc, options.name);
  const sealKey = opensslKey(dir, 'seal');
  const issued = await fixture.call('POST', '/v1/pki/certificates', {
    csr: readFileSync(path.join(dir, 'seal.csr'), 'utf8'),
    profile: 'seal',
    department: options.uscc,
    seal: { name: `${options.name}电子证照专用章`, kind: '电子证照专用章' },
  });
  if (issued.status !== 201) throw new Error(`seal certificate: ${issued.status} ${await issued.text()}`);
  const seal = (await issued.json()) as { serial: string; certificate: string; chain: string };
  for (const code of options.licenseTypes) {
    const granted = await fixture.call('POST', `/v1/license-types/${code}/issuers`, { department: options.uscc });
    if (granted.status !== 201) throw new Error(`grant ${code}: ${granted.status} ${await granted.text()}`);
  }
  const x5c = pemToX5c(seal.certificate + seal.chain).slice(0, 2);
  return {
    uscc: options.uscc,
    name: options.name,
    systemToken: await fixture.mintToken('system', options.uscc),
    sealSerial: seal.serial,
    x5c,
    seal: (payload, typ = 'zz-license+jws', header = {}) => sealCompact(sealKey, x5c, payload, typ, header),
  };
}
