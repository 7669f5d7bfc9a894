/**
 * @module pki/client-assertion-test-fixtures
 * Department systems for tests: a system (or seal) certificate over a key of any accepted type,
 * issued by a fixture CA, and client assertions signed with it. Assertions are assembled by hand
 * with node:crypto rather than a JOSE library, so tests can also build the hostile ones no library
 * would produce (alg none, HMAC keyed with the certificate, empty or zeroed signatures, …).
 */
import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign as nodeSign,
  constants,
  type KeyObject,
} from 'node:crypto';
import type { Signer } from '../core/ports/signer.js';
import { CERTIFICATE_PROFILES, profileExtensions, type CertificateProfileName } from './certificate-profiles.js';
import { buildHubSubject } from './hub-subject.js';
import { signCertificate, type CertificateIssuer } from './sign-certificate.js';
import { FIXTURE_CRL_URL, FIXTURE_USCC } from './test-fixtures.js';
import type * as x509 from './x509.js';

const DAY = 24 * 60 * 60_000;

export type ClientKeyKind = 'P-256' | 'P-384' | 'Ed25519' | 'RSA-2048' | 'RSA-1024';

export interface SystemClient {
  certificate: x509.X509Certificate;
  privateKey: KeyObject;
  /** Leaf first, then the issuing chain (root included), as standard base64 DER. */
  x5c: string[];
  uscc: string;
}

export interface SystemClientOptions {
  /** Absent: a self-signed certificate. */
  issuer?: CertificateIssuer;
  key?: ClientKeyKind;
  uscc?: string;
  profile?: CertificateProfileName;
  /** Replaces the hub-built subject (department name, credit code, system name). */
  subject?: x509.Name;
}

export async function makeSystemClient(options: SystemClientOptions = {}): Promise<SystemClient> {
  const privateKey = generateKey(options.key ?? 'P-256');
  const publicKeySpki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  const uscc = options.uscc ?? FIXTURE_USCC;
  const profile = options.profile ?? 'system';
  const now = Date.now();
  const certificate = await signCertificate({
    subject:
      options.subject ??
      buildHubSubject({ departmentName: '新化县市场监督管理局', uscc, sealName: '行政审批专用章', systemName: '审批系统' }, profile),
    publicKeySpki,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    extensions: profileExtensions(CERTIFICATE_PROFILES[profile], FIXTURE_CRL_URL),
    issuer: options.issuer ?? { selfSigned: p256Signer(privateKey, publicKeySpki) },
  });
  const chain = options.issuer ? [options.issuer.certificate, ...options.issuer.chain] : [];
  return { certificate, privateKey, x5c: [certificate, ...chain].map((c) => c.toString('base64')), uscc };
}

/** Claims a well-behaved system sends; `overrides` replace or (with `undefined`) remove them. */
export function assertionClaims(client: SystemClient, audience: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return withoutUndefined({ iss: client.uscc, sub: client.uscc, aud: audience, iat: now, exp: now + 120, jti: randomUUID(), ...overrides });
}

export interface SignAssertionOptions {
  alg?: string;
  /** Merged over `{alg, typ: 'JWT', x5c}`; `undefined` removes a member. */
  header?: Record<string, unknown>;
  claims: Record<string, unknown> | string;
  /** Signs with this key instead of the client's own. */
  key?: KeyObject;
}

export function signAssertion(client: SystemClient, options: SignAssertionOptions): string {
  const alg = options.alg ?? defaultAlgorithm(client.privateKey);
  const header = withoutUndefined({ alg, typ: 'JWT', x5c: client.x5c, ...options.header });
  const input = `${encodeJson(header)}.${typeof options.claims === 'string' ? options.claims : encodeJson(options.claims)}`;
  const signature = joseSign(alg, options.key ?? client.privateKey, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString('base64url')}`;
}

/** A compact JWS with an arbitrary signature part (empty, zeroed, HMAC …). */
export function unsignedAssertion(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ''): string {
  return `${encodeJson(header)}.${encodeJson(claims)}.${signature}`;
}

/** HS256 keyed with the certificate itself (DER or PEM): the classic algorithm-confusion attack. */
export function hmacAssertion(client: SystemClient, claims: Record<string, unknown>, keyForm: 'der' | 'pem'): string {
  const secret = keyForm === 'der' ? Buffer.from(client.certificate.rawData) : client.certificate.toString('pem');
  const input = `${encodeJson({ alg: 'HS256', typ: 'JWT', x5c: client.x5c })}.${encodeJson(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function joseSign(alg: string, key: KeyObject, data: Uint8Array): Uint8Array {
  switch (alg) {
    case 'ES256':
      return nodeSign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'ES384':
      return nodeSign('sha384', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return nodeSign(null, data, key);
    case 'RS256':
      return nodeSign('sha256', data, key);
    case 'PS256':
      return nodeSign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    default:
      // Hostile algorithms still need some signature bytes; the hub must refuse before looking.
      return new Uint8Array(64);
  }
}

function defaultAlgorithm(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  return key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'ES384' : 'ES256';
}

function generateKey(kind: ClientKeyKind): KeyObject {
  switch (kind) {
    case 'P-256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'P-384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    case 'Ed25519':
      return generateKeyPairSync('ed25519').privateKey;
    case 'RSA-2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'RSA-1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  }
}

/** A self-signed certificate needs a Signer; only P-256 keys self-sign in these fixtures. */
function p256Signer(privateKey: KeyObject, publicKeySpki: Uint8Array): Signer {
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new TypeError('self-signed fixtures use P-256 keys');
  return {
    algorithm: 'ES256',
    publicKeySpki,
    sign: async (data) => new Uint8Array(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
