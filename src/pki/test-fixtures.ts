/**
 * @module pki/test-fixtures
 * Certificates, CRLs and CSRs generated at test time (nothing committed can expire). Everything
 * is signed through the production `signCertificate`/`createCrl`, with P-256 keys for speed, and
 * every knob a path-validation test needs: validity, CA flag, pathLen, key usages, extra extensions.
 */
import { webcrypto } from 'node:crypto';
import { CERTIFICATE_PROFILES, profileExtensions, type CertificateProfileName } from './certificate-profiles.js';
import { createCrl, type CrlEntry } from './crl.js';
import { FileSigner } from './file-signer.js';
import { buildHubSubject } from './hub-subject.js';
import type { ValidateCertificatePathOptions } from './path-validation.js';
import { signCertificate, type CertificateIssuer } from './sign-certificate.js';
import * as x509 from './x509.js';

export const FIXTURE_PASSPHRASE = 'correct horse battery staple';
export const FIXTURE_CRL_URL = 'http://127.0.0.1:8080/v1/pki/crl';
export const FIXTURE_USCC = '91350100M000100Y43';
const DAY = 24 * 60 * 60_000;
const CA_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

export interface CaFixtureOptions {
  name: string;
  /** Absent: self-signed root. */
  issuer?: CertificateIssuer;
  /** Reuse a key (cross-certificates, re-issued roots). */
  signer?: FileSigner;
  ca?: boolean;
  pathLen?: number;
  keyUsage?: x509.KeyUsageFlags;
  /** Omit basicConstraints entirely. */
  noBasicConstraints?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  extraExtensions?: x509.Extension[];
}

export async function makeCa(options: CaFixtureOptions): Promise<CertificateIssuer> {
  const signer = options.signer ?? FileSigner.generate('ES256');
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(options.keyUsage ?? CA_USAGES, true),
    ...(options.extraExtensions ?? []),
  ];
  if (!options.noBasicConstraints) {
    extensions.unshift(new x509.BasicConstraintsExtension(options.ca ?? true, options.pathLen, true));
  }
  const certificate = await signCertificate({
    subject: new x509.Name([{ C: ['CN'] }, { O: ['fixture'] }, { CN: [options.name] }]),
    publicKeySpki: signer.publicKeySpki,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 3650 * DAY),
    extensions,
    issuer: options.issuer ?? { selfSigned: signer },
  });
  const chain = options.issuer ? [options.issuer.certificate, ...options.issuer.chain] : [];
  return { certificate, signer, chain };
}

export interface LeafFixtureOptions {
  issuer: CertificateIssuer;
  profile: CertificateProfileName;
  /** Replaces the profile extensions (SKI/AKI are still added). */
  extensions?: x509.Extension[];
  extraExtensions?: x509.Extension[];
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
}

export interface LeafFixture {
  certificate: x509.X509Certificate;
  signer: FileSigner;
}

export async function makeLeaf(options: LeafFixtureOptions): Promise<LeafFixture> {
  const signer = FileSigner.generate('ES256');
  const now = Date.now();
  const profile = CERTIFICATE_PROFILES[options.profile];
  const certificate = await signCertificate({
    subject: buildHubSubject(
      { departmentName: '新化县市场监督管理局', uscc: FIXTURE_USCC, sealName: '行政审批专用章', systemName: '审批系统' },
      options.profile,
    ),
    publicKeySpki: signer.publicKeySpki,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 365 * DAY),
    extensions: [...(options.extensions ?? profileExtensions(profile, FIXTURE_CRL_URL)), ...(options.extraExtensions ?? [])],
    issuer: options.issuer,
    ...(options.serialNumber ? { serialNumber: options.serialNumber } : {}),
  });
  return { certificate, signer };
}

/** A fresh CRL (valid from a minute ago for a day) unless times are given. */
export async function makeCrl(
  issuer: CertificateIssuer,
  entries: CrlEntry[] = [],
  times: { thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<x509.X509Crl> {
  const thisUpdate = times.thisUpdate ?? new Date(Date.now() - 60_000);
  return createCrl({ issuer, crlNumber: 1, entries, thisUpdate, ...(times.nextUpdate ? { nextUpdate: times.nextUpdate } : {}) });
}

export interface Pki {
  root: CertificateIssuer;
  issuing: CertificateIssuer;
  seal: LeafFixture;
  system: LeafFixture;
  crl: x509.X509Crl;
}

/** The usual hierarchy: root → issuing (pathLen 0) → seal and system leaves, plus an empty CRL. */
export async function makePki(): Promise<Pki> {
  const root = await makeCa({ name: 'Fixture Root CA' });
  const issuing = await makeCa({ name: 'Fixture Issuing CA', issuer: root, pathLen: 0 });
  const [seal, system, crl] = await Promise.all([
    makeLeaf({ issuer: issuing, profile: 'seal' }),
    makeLeaf({ issuer: issuing, profile: 'system' }),
    makeCrl(issuing),
  ]);
  return { root, issuing, seal, system, crl };
}

/** Validation options for a leaf of `pki`, with the usual intermediates, anchor and CRL; `extra` overrides. */
export function pathOptions(
  pki: Pki,
  leaf: LeafFixture | x509.X509Certificate,
  extra: Partial<ValidateCertificatePathOptions> = {},
): ValidateCertificatePathOptions {
  return {
    leaf: 'certificate' in leaf ? leaf.certificate : leaf,
    intermediates: [pki.issuing.certificate],
    trustAnchors: [pki.root.certificate],
    at: new Date(),
    purpose: 'seal',
    crls: [pki.crl],
    requireRevocationCheck: true,
    ...extra,
  };
}

/** The error a promise rejects with (tests then match its `code` and `extra`). */
export async function failure(promise: Promise<unknown>): Promise<{ code: string; extra?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; extra?: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

export type CsrKeyKind = 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'RSA-2048' | 'RSA-1024';

type KeyGenAlgorithm = webcrypto.Algorithm | webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;

const CSR_KEYS: Record<CsrKeyKind, { generate: KeyGenAlgorithm; sign: webcrypto.Algorithm | webcrypto.EcdsaParams }> = {
  'P-256': { generate: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  'P-384': { generate: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  'P-521': { generate: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  Ed25519: { generate: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'RSA-2048': { generate: rsa(2048), sign: { name: 'RSASSA-PKCS1-v1_5' } },
  'RSA-1024': { generate: rsa(1024), sign: { name: 'RSASSA-PKCS1-v1_5' } },
};

/** A PKCS#10 request (PEM) with a subject the hub must ignore. `hash` overrides e.g. to SHA-1. */
export async function makeCsr(kind: CsrKeyKind, options: { hash?: string } = {}): Promise<string> {
  const spec = CSR_KEYS[kind];
  // WebCrypto binds an RSA key to one hash at generation; ECDSA takes it per signature.
  const generate =
    options.hash && 'modulusLength' in spec.generate ? { ...spec.generate, hash: options.hash } : spec.generate;
  const keys = (await webcrypto.subtle.generateKey(generate, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const signingAlgorithm = options.hash ? { ...spec.sign, hash: options.hash } : spec.sign;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=Evil Corp, O=Not A Department, C=US',
    keys,
    signingAlgorithm,
  });
  return csr.toString('pem');
}

function rsa(modulusLength: number): webcrypto.RsaHashedKeyGenParams {
  return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
}
