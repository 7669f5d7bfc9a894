import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/problem-body.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const DEPARTMENT = '91350100M000100Y43';
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a00000000049454e44ae426082',
  'hex',
);

/** The same CSR with one letter of its subject changed: its signature no longer matches. */
function tamperedCsr(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const at = der.indexOf('whatever');
  der[at] = 'W'.charCodeAt(0);
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('hub CA over HTTP with openssl as the client', () => {
  let fixture: HubFixture;
  const work = mkdtempSync(path.join(tmpdir(), 'zz-openssl-'));

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(DEPARTMENT, '新化县市场监督管理局');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'seal.key'], work);
    openssl(['req', '-new', '-key', 'seal.key', '-subj', '/CN=whatever the applicant typed/O=Evil Corp', '-out', 'seal.csr'], work);
    writeFileSync(path.join(work, 'ca.pem'), await (await fetch(`${fixture.hub.url}/v1/pki/ca.pem`)).text());
    const [issuing, root] = readFileSync(path.join(work, 'ca.pem'), 'utf8')
      .split(/(?<=-----END CERTIFICATE-----\n?)/)
      .filter((p) => p.trim());
    writeFileSync(path.join(work, 'issuing.pem'), issuing as string);
    writeFileSync(path.join(work, 'root.pem'), root as string);
  });
  afterAll(async () => fixture?.stop());

  let serial: string;

  it('issues a seal certificate for an openssl CSR that openssl verifies against ca.pem', async () => {
    const response = await fixture.call('POST', '/v1/pki/certificates', {
      csr: readFileSync(path.join(work, 'seal.csr'), 'utf8'),
      profile: 'seal',
      department: DEPARTMENT,
      seal: { name: '新化县市场监督管理局行政审批专用章', kind: '行政审批专用章', image: PNG.toString('base64') },
    });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as { serial: string; certificate: string; chain: string };
    serial = issued.serial;
    expect(serial).toMatch(/^[0-9a-f]{32}$/);
    writeFileSync(path.join(work, 'seal.pem'), issued.certificate);
    expect(openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'seal.pem'], work)).toContain('seal.pem: OK');
    const text = openssl(['x509', '-in', 'seal.pem', '-noout', '-text'], work);
    expect(text).toContain('Digital Signature, Non Repudiation');
    expect(text).toContain('/v1/pki/crl');
    // The subject is the hub's, not the CSR's.
    expect(text).not.toContain('Evil Corp');
    expect(text).toContain(DEPARTMENT);
  });

  it('lists it in the inventory with its seal image', async () => {
    const list = (await (await fixture.call('GET', `/v1/pki/certificates?department=${DEPARTMENT}&expiringWithin=800d`)).json()) as {
      items: { serial: string; status: string; sealKind: string }[];
    };
    expect(list.items).toEqual([expect.objectContaining({ serial, status: 'valid', sealKind: '行政审批专用章' })]);
    const none = (await (await fixture.call('GET', `/v1/pki/certificates?expiringWithin=30d`)).json()) as { items: unknown[] };
    expect(none.items).toEqual([]);
    const image = await fixture.call('GET', `/v1/pki/certificates/${serial}/seal-image`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
  });

  it('revokes with a reason; openssl verifies the new CRL and lists the serial with the reason', async () => {
    const revoked = await fixture.call('POST', `/v1/pki/certificates/${serial}/revoke`, { reason: 'keyCompromise' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    const crl = await fetch(`${fixture.hub.url}/v1/pki/crl`);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    writeFileSync(path.join(work, 'crl.der'), Buffer.from(await crl.arrayBuffer()));
    const out = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'ca.pem', '-noout', '-text'], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.replace(/\s/g, '')).toContain(`SerialNumber:${serial.toUpperCase()}`);
    expect(out).toContain('Key Compromise');
    // openssl itself now refuses the certificate with the CRL in hand.
    openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem'], work);
    expect(() =>
      openssl(['verify', '-crl_check', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', '-CRLfile', 'crl.pem', 'seal.pem'], work),
    ).toThrow(/revoked/);
    const again = await fixture.call('POST', `/v1/pki/certificates/${serial}/revoke`, { reason: 'superseded' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ERR_CERTIFICATE_STATE' });
  });

  it('suspends and releases a system certificate through certificateHold', async () => {
    openssl(['genpkey', '-algorithm', 'ed25519', '-out', 'system.key'], work);
    openssl(['req', '-new', '-key', 'system.key', '-subj', '/CN=x', '-out', 'system.csr'], work);
    const issued = await fixture.call('POST', '/v1/pki/certificates', {
      csr: readFileSync(path.join(work, 'system.csr'), 'utf8'),
      profile: 'system',
      department: DEPARTMENT,
      system: { name: '食品经营许可审批系统' },
    });
    expect(issued.status).toBe(201);
    const { serial: systemSerial, certificate } = (await issued.json()) as { serial: string; certificate: string };
    writeFileSync(path.join(work, 'system.pem'), certificate);
    expect(openssl(['x509', '-in', 'system.pem', '-noout', '-text'], work)).toContain('TLS Web Client Authentication');
    expect((await fixture.call('POST', `/v1/pki/certificates/${systemSerial}/suspend`)).status).toBe(200);
    writeFileSync(path.join(work, 'crl2.der'), Buffer.from(await (await fetch(`${fixture.hub.url}/v1/pki/crl`)).arrayBuffer()));
    expect(openssl(['crl', '-inform', 'DER', '-in', 'crl2.der', '-noout', '-text'], work)).toContain('Certificate Hold');
    expect((await fixture.call('POST', `/v1/pki/certificates/${systemSerial}/release`)).status).toBe(200);
    writeFileSync(path.join(work, 'crl3.der'), Buffer.from(await (await fetch(`${fixture.hub.url}/v1/pki/crl`)).arrayBuffer()));
    expect(openssl(['crl', '-inform', 'DER', '-in', 'crl3.der', '-noout', '-text'], work)).not.toContain(systemSerial.toUpperCase());
  });

  it('refuses bad requests with codes', async () => {
    const csr = readFileSync(path.join(work, 'seal.csr'), 'utf8');
    const cases: [unknown, number, string][] = [
      [{ csr, profile: 'seal', department: DEPARTMENT }, 422, 'ERR_VALIDATION'],
      [{ csr, profile: 'seal', department: '91350100M000100Y44', seal: { name: 'x', kind: '公章' } }, 422, 'ERR_USCC_INVALID'],
      [{ csr, profile: 'system', department: '114313220061234566' }, 404, 'ERR_DEPARTMENT_NOT_FOUND'],
      [{ csr: tamperedCsr(csr), profile: 'system', department: DEPARTMENT }, 422, 'ERR_CSR_SIGNATURE_INVALID'],
      [
        { csr, profile: 'seal', department: DEPARTMENT, seal: { name: 'x', kind: '公章', image: 'aGVsbG8=' } },
        422,
        'ERR_SEAL_IMAGE_INVALID',
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await fixture.call('POST', '/v1/pki/certificates', body);
      const problem = (await response.json()) as { code: string };
      expect([response.status, problem.code]).toEqual([status, code]);
    }
    await expectProblem(await fixture.call('GET', '/v1/pki/certificates/00ff'), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_CERTIFICATE_NOT_FOUND',
      instance: '/v1/pki/certificates/00ff',
    });
  });

  it('shows one department by its credit code, and refuses an unknown one and a second registration', async () => {
    const one = await fixture.call('GET', `/v1/departments/${DEPARTMENT}`, undefined, await fixture.mintToken('clerk', DEPARTMENT));
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({
      uscc: DEPARTMENT,
      name: '新化县市场监督管理局',
      level: 'county',
      active: true,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    await expectProblem(await fixture.call('GET', '/v1/departments/114313220061234566'), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_DEPARTMENT_NOT_FOUND',
      instance: '/v1/departments/114313220061234566',
    });
    await expectProblem(await fixture.call('POST', '/v1/departments', { uscc: DEPARTMENT, name: '另一个部门', level: 'county' }), {
      status: 409,
      title: 'Conflict',
      code: 'ERR_DEPARTMENT_EXISTS',
      instance: '/v1/departments',
    });
  });

  it('lets only security admins issue or revoke; anonymous callers change nothing', async () => {
    const clerk = await fixture.mintToken('clerk', DEPARTMENT);
    const csr = readFileSync(path.join(work, 'seal.csr'), 'utf8');
    const asClerk = await fixture.call('POST', '/v1/pki/certificates', { csr, profile: 'system', department: DEPARTMENT }, clerk);
    expect(asClerk.status).toBe(403);
    const anonymous = await fetch(`${fixture.hub.url}/v1/pki/certificates/${serial}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'unspecified' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${fixture.hub.url}/v1/pki/ca.pem`)).status).toBe(200);
  });
});
