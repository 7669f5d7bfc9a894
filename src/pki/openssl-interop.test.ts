/**
 * openssl as a real, independent client: it makes the CSRs our CA issues from, verifies our chains
 * and CRLs, and issues a chain of its own that our path validation must accept.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrl, crlToPem } from './ca/crl.js';
import { createHubCa, type HubCa } from './ca/ca-hierarchy.js';
import { issueCertificate, type IssueCertificateOptions } from './ca/issue-certificate.js';
import { validateCertificatePath } from './path/validate-path.js';
import { FIXTURE_CRL_URL, FIXTURE_PASSPHRASE, FIXTURE_USCC } from '../../test/fixtures/pki.js';

const run = promisify(execFile);
let dir: string;
let ca: HubCa;

async function openssl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('openssl', args, { cwd: dir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function opensslCsr(name: string, keyArgs: string[], extra: string[] = []): Promise<string> {
  const result = await openssl(
    'req',
    '-new',
    ...keyArgs,
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-subj',
    '/CN=ignored by the hub',
    ...extra,
    '-out',
    `${name}.csr`,
  );
  expect(result.code, result.stderr).toBe(0);
  return readFile(join(dir, `${name}.csr`), 'utf8');
}

function issue(csr: string, profile: 'seal' | 'system'): Promise<Awaited<ReturnType<typeof issueCertificate>>> {
  const options: IssueCertificateOptions = {
    issuer: ca.issuing,
    csr,
    profile,
    subject: {
      departmentName: '新化县市场监督管理局',
      uscc: FIXTURE_USCC,
      sealName: '行政审批专用章',
      systemName: '审批系统',
    },
    crlDistributionPoint: FIXTURE_CRL_URL,
  };
  return issueCertificate(options);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zz-openssl-'));
  ca = await createHubCa({ dir: join(dir, 'ca'), passphrase: FIXTURE_PASSPHRASE });
  await writeFile(join(dir, 'root.pem'), ca.root.certificate.toString('pem'));
  await writeFile(join(dir, 'issuing.pem'), ca.issuing.certificate.toString('pem'));
  await writeFile(join(dir, 'ca.pem'), ca.caChainPem());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openssl interop', () => {
  it('issues from an openssl EC P-256 CSR and openssl verify accepts the chain', async () => {
    const csr = await opensslCsr('seal', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const issued = await issue(csr, 'seal');
    await writeFile(join(dir, 'seal.pem'), issued.certificatePem);

    const verified = await openssl('verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'seal.pem');
    expect(verified.stdout.trim(), verified.stderr).toBe('seal.pem: OK');

    const text = (await openssl('x509', '-in', 'seal.pem', '-noout', '-text')).stdout;
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/127\.0\.0\.1:8080\/v1\/pki\/crl/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).not.toContain('ignored by the hub');
    expect(text).toContain(`organizationIdentifier = ${FIXTURE_USCC}`);
    expect(text).toContain(`Serial Number:`);
  });

  it('issues a system certificate that openssl accepts for TLS client authentication only', async () => {
    const csr = await opensslCsr('system', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    const issued = await issue(csr, 'system');
    await writeFile(join(dir, 'system.pem'), issued.certificatePem);
    const text = (await openssl('x509', '-in', 'system.pem', '-noout', '-text')).stdout;
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    const chainArgs = ['-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'system.pem'];
    const client = await openssl('verify', '-purpose', 'sslclient', ...chainArgs);
    expect(client.stdout.trim(), client.stderr).toBe('system.pem: OK');
    const server = await openssl('verify', '-purpose', 'sslserver', ...chainArgs);
    expect(server.code).not.toBe(0);
  });

  it('signs a CRL that openssl verifies, listing a revoked serial with its reason', async () => {
    const csr = await opensslCsr('revoked', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const issued = await issue(csr, 'seal');
    await writeFile(join(dir, 'revoked.pem'), issued.certificatePem);
    const crl = await createCrl({
      issuer: ca.issuing,
      crlNumber: 7,
      entries: [{ serial: issued.serial, revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' }],
      thisUpdate: new Date(Date.now() - 60_000),
    });
    await writeFile(join(dir, 'crl.pem'), crlToPem(crl));
    await writeFile(join(dir, 'crl.der'), new Uint8Array(crl.rawData));

    const shown = await openssl('crl', '-in', 'crl.pem', '-CAfile', 'ca.pem', '-noout', '-text');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain('verify OK');
    expect(shown.stdout).toContain(`Serial Number: ${issued.serial.toUpperCase()}`);
    expect(shown.stdout).toMatch(/CRL Reason Code:\s+Key Compromise/);
    expect(shown.stdout).toMatch(/X509v3 CRL Number:\s+7/);
    expect(shown.stdout).toContain('Version 2');

    const der = await openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'ca.pem', '-noout');
    expect(der.stderr).toContain('verify OK');

    const crlCheck = ['verify', '-crl_check', '-CRLfile', 'crl.pem', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'];
    const rejected = await openssl(...crlCheck, 'revoked.pem');
    expect(rejected.code).not.toBe(0);
    expect(rejected.stdout + rejected.stderr).toContain('certificate revoked');
    await expect(
      validateCertificatePath({
        leaf: issued.certificatePem,
        intermediates: [ca.issuing.certificate],
        trustAnchors: [ca.root.certificate],
        at: new Date(),
        purpose: 'seal',
        crls: [await readFile(join(dir, 'crl.pem'), 'utf8')],
        requireRevocationCheck: true,
      }),
    ).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED', extra: { reason: 'keyCompromise' } });

    const kept = await issue(await opensslCsr('kept', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']), 'seal');
    await writeFile(join(dir, 'kept.pem'), kept.certificatePem);
    const good = await openssl(...crlCheck, 'kept.pem');
    expect(good.stdout.trim(), good.stderr).toBe('kept.pem: OK');
  });

  it('accepts openssl Ed25519 and RSA-2048 CSRs and refuses weak ones with codes', async () => {
    const attempt = async (name: string, keyArgs: string[], extra: string[] = []) => issue(await opensslCsr(name, keyArgs, extra), 'seal');
    await expect(attempt('ed', ['-newkey', 'ed25519'])).resolves.toMatchObject({ keyDescription: 'Ed25519' });
    await expect(attempt('rsa', ['-newkey', 'rsa:2048'])).resolves.toMatchObject({ keyDescription: 'RSA 2048' });
    await expect(attempt('rsa1024', ['-newkey', 'rsa:1024'])).rejects.toMatchObject({ code: 'ERR_CSR_WEAK_KEY' });
    await expect(attempt('sha1', ['-newkey', 'rsa:2048'], ['-sha1'])).rejects.toMatchObject({
      code: 'ERR_CSR_WEAK_SIGNATURE',
    });
    await expect(attempt('ed448', ['-newkey', 'ed448'])).rejects.toMatchObject({ code: 'ERR_CSR_KEY_UNSUPPORTED' });
    await expect(attempt('k1', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'])).rejects.toMatchObject({
      code: 'ERR_CSR_KEY_UNSUPPORTED',
    });
  });

  it('validates a chain made by openssl as CA (root → intermediate pathlen:0 → client cert)', async () => {
    const ext = [
      '[req]',
      'distinguished_name=dn',
      '[dn]',
      '[root]',
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      '[inter]',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '[leaf]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ].join('\n');
    await writeFile(join(dir, 'ext.cnf'), `${ext}\n`);
    const newKey = (curve: string) => ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-nodes'];
    const sign = (csr: string, ca: string, days: string, hash: string, section: string, out: string) => [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      days,
      hash,
      '-extfile',
      'ext.cnf',
      '-extensions',
      section,
      '-out',
      out,
    ];
    const steps = [
      [
        'req',
        '-x509',
        ...newKey('P-384'),
        '-keyout',
        'o-root.key',
        '-subj',
        '/C=CN/O=openssl/CN=OpenSSL Root',
        '-days',
        '30',
        '-config',
        'ext.cnf',
        '-extensions',
        'root',
        '-out',
        'o-root.pem',
      ],
      ['req', '-new', ...newKey('P-256'), '-keyout', 'o-inter.key', '-subj', '/C=CN/O=openssl/CN=OpenSSL Inter', '-out', 'o-inter.csr'],
      sign('o-inter.csr', 'o-root', '20', '-sha384', 'inter', 'o-inter.pem'),
      [
        'req',
        '-new',
        '-newkey',
        'ed25519',
        '-nodes',
        '-keyout',
        'o-leaf.key',
        '-subj',
        '/C=CN/O=openssl/CN=OpenSSL Leaf',
        '-out',
        'o-leaf.csr',
      ],
      sign('o-leaf.csr', 'o-inter', '10', '-sha256', 'leaf', 'o-leaf.pem'),
    ];
    for (const step of steps) {
      const result = await openssl(...step);
      expect(result.code, `${step.join(' ')}\n${result.stderr}`).toBe(0);
    }
    const read = (name: string) => readFile(join(dir, name), 'utf8');
    const result = await validateCertificatePath({
      leaf: await read('o-leaf.pem'),
      intermediates: [await read('o-inter.pem')],
      trustAnchors: [await read('o-root.pem')],
      at: new Date(),
      purpose: 'system',
      requireRevocationCheck: false,
    });
    expect(result.chain.map((c) => c.subject)).toEqual([
      'C=CN, O=openssl, CN=OpenSSL Leaf',
      'C=CN, O=openssl, CN=OpenSSL Inter',
      'C=CN, O=openssl, CN=OpenSSL Root',
    ]);
    await expect(
      validateCertificatePath({
        leaf: await read('o-leaf.pem'),
        intermediates: [await read('o-inter.pem')],
        trustAnchors: [ca.root.certificate],
        at: new Date(),
        purpose: 'system',
        requireRevocationCheck: false,
      }),
    ).rejects.toMatchObject({ code: 'ERR_CERT_ISSUER_NOT_FOUND' });
  });
});
