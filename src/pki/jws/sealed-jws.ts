/**
 * @module pki/jws/sealed-jws
 * Verifying what departments seal: a compact JWS whose protected header carries `alg` (pinned to
 * ES256, ES384 or EdDSA), a `typ` the endpoint expects, and `x5c` — the seal certificate first. The
 * chain is validated by the hub's path validator for purpose *seal*; `kid`, `jku`, `x5u`, `jwk` are
 * never used and `crit` is refused (we implement no extensions).
 *
 * Verification runs on node:crypto with key objects cached per seal certificate, not per message:
 * ingest verifies thousands of licences a second from a few hundred seals (DESIGN §6).
 */
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { parseStrictJson } from '../../core/json/strict-json.js';
import {
  SealedJwsAlgorithmError,
  SealedJwsCertificateMissingError,
  SealedJwsDuplicateMemberError,
  SealedJwsHeaderForbiddenError,
  SealedJwsMalformedError,
  SealedJwsPayloadError,
  SealedJwsSignatureError,
  SealedJwsTypeError,
} from '../../core/seals/seal-errors.js';
import { CertificateMalformedError } from '../../core/pki-errors.js';
import type { SealInfo, SealVerifier, VerifiedSeal } from '../../core/ports/seal-verifier.js';
import { readHubSubject } from '../ca/hub-subject.js';
import type { PathValidator } from '../path/cached-path-validator.js';
import * as x509 from '../x509.js';

export type SealAlgorithm = 'ES256' | 'ES384' | 'EdDSA';

const ALGORITHMS: Record<SealAlgorithm, { hash: string | null; key: string }> = {
  ES256: { hash: 'sha256', key: 'P-256' },
  ES384: { hash: 'sha384', key: 'P-384' },
  EdDSA: { hash: null, key: 'Ed25519' },
};
const FORBIDDEN_HEADERS = ['jku', 'x5u', 'jwk', 'crit'] as const;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_HEADER_CHARS = 16 * 1024;
const MAX_CHAIN = 4;

export interface SealedJwsVerifierOptions {
  validator: PathValidator;
  /** Largest compact JWS accepted (bytes of text). */
  maxBytes?: number;
  /** Seal certificates whose parsed key is kept (LRU). */
  cacheEntries?: number;
}

interface SealKey {
  certificate: x509.X509Certificate;
  key: KeyObject;
  keyType: string;
  seal: SealInfo;
}

export interface SealedJwsVerifier extends SealVerifier {
  /**
   * Verifies integrity and the seal's path at `at`; throws a coded error. `checkPath: false` skips
   * path validation (for reporting integrity separately from the issuer check).
   */
  verify(compact: string, options: { typ: string; at: Date; checkPath?: boolean }): Promise<VerifiedSeal>;
}

export function createSealedJwsVerifier(options: SealedJwsVerifierOptions): SealedJwsVerifier {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const cacheEntries = options.cacheEntries ?? 5_000;
  const keys = new Map<string, SealKey>();

  function sealKey(leafBase64: string): SealKey {
    const hit = keys.get(leafBase64);
    if (hit) {
      keys.delete(leafBase64);
      keys.set(leafBase64, hit);
      return hit;
    }
    let certificate: x509.X509Certificate;
    let key: KeyObject;
    try {
      const der = Buffer.from(leafBase64, 'base64');
      certificate = new x509.X509Certificate(der);
      key = createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' });
    } catch (cause) {
      throw new CertificateMalformedError('x5c[0] 不是可解析的证书', { cause });
    }
    const subject = readHubSubject(certificate);
    const entry: SealKey = {
      certificate,
      key,
      keyType: keyTypeOf(key),
      seal: {
        uscc: subject?.uscc ?? '',
        departmentName: subject?.departmentName ?? certificate.subject,
        sealName: subject?.commonName ?? '',
        serial: certificate.serialNumber.toLowerCase(),
        thumbprint: createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex'),
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
      },
    };
    if (keys.size >= cacheEntries) keys.delete(keys.keys().next().value as string);
    keys.set(leafBase64, entry);
    return entry;
  }

  return {
    async verify(compact, { typ, at, checkPath = true }) {
      const { header, headerPart, payloadPart, signature } = parseCompact(compact, maxBytes);
      const alg = checkHeader(header, typ);
      const chain = header.x5c as string[];
      const sealEntry = sealKey(chain[0] as string);
      if (ALGORITHMS[alg].key !== sealEntry.keyType) {
        throw new SealedJwsAlgorithmError(`alg ${alg} does not match the seal key (${sealEntry.keyType})`);
      }
      const signingInput = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
      const valid = nodeVerify(ALGORITHMS[alg].hash, signingInput, { key: sealEntry.key, dsaEncoding: 'ieee-p1363' }, signature);
      if (!valid) throw new SealedJwsSignatureError('the seal signature does not match the content');
      if (checkPath) {
        await options.validator.validate({ leaf: sealEntry.certificate, intermediates: chain.slice(1), purpose: 'seal', at });
      }
      const payloadJson = decodeUtf8(Buffer.from(payloadPart, 'base64url'));
      if (payloadJson === undefined) throw new SealedJwsPayloadError('the sealed payload is not UTF-8');
      return {
        header,
        payload: parsePayload(payloadJson),
        payloadJson,
        seal: sealEntry.seal,
        digest: createHash('sha256').update(compact).digest('hex'),
      };
    },
  };
}

function parseCompact(compact: string, maxBytes: number) {
  if (typeof compact !== 'string' || compact.length === 0 || compact.length > maxBytes) {
    throw new SealedJwsMalformedError(`a sealed object must be a compact JWS of at most ${maxBytes} bytes`);
  }
  const parts = compact.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p)) || parts[0] === '' || parts[2] === '') {
    throw new SealedJwsMalformedError('not a compact JWS (three base64url parts, header.payload.signature)');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (headerPart.length > MAX_HEADER_CHARS) throw new SealedJwsMalformedError('the JWS header is too large');
  const parsed = parseStrictJson(decodeUtf8(Buffer.from(headerPart, 'base64url')) ?? '');
  if (!parsed.ok && parsed.problem === 'duplicate-member') {
    throw new SealedJwsDuplicateMemberError(`the JWS header ${parsed.detail}`, {
      errors: [{ pointer: parsed.pointer, detail: parsed.detail }],
    });
  }
  if (!parsed.ok) throw new SealedJwsMalformedError('the JWS header is not JSON');
  const header = parsed.value;
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SealedJwsMalformedError('the JWS header is not a JSON object');
  }
  return { header: header as Record<string, unknown>, headerPart, payloadPart, signature: Buffer.from(signaturePart, 'base64url') };
}

function checkHeader(header: Record<string, unknown>, typ: string): SealAlgorithm {
  for (const name of FORBIDDEN_HEADERS) {
    if (name in header) throw new SealedJwsHeaderForbiddenError(`the JWS header may not carry "${name}"`, { extra: { header: name } });
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !Object.hasOwn(ALGORITHMS, alg)) {
    throw new SealedJwsAlgorithmError(`alg must be one of ${Object.keys(ALGORITHMS).join(', ')}`, {
      extra: { alg: String(alg).slice(0, 20) },
    });
  }
  if (header.typ !== typ) throw new SealedJwsTypeError(`typ must be "${typ}"`, { extra: { expected: typ } });
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0)
    throw new SealedJwsCertificateMissingError('x5c with the seal certificate first is required');
  if (x5c.length > MAX_CHAIN || !x5c.every((c) => typeof c === 'string' && c.length > 0 && c.length < 16_384)) {
    throw new SealedJwsMalformedError(`x5c must be 1 to ${MAX_CHAIN} base64 certificates`);
  }
  return alg as SealAlgorithm;
}

/** The one parse of what a department sealed: strict JSON (core/json/strict-json), from strict UTF-8. */
function parsePayload(text: string): Record<string, unknown> {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    if (parsed.problem === 'syntax') throw new SealedJwsPayloadError('the sealed payload is not JSON');
    const errors = [{ pointer: parsed.pointer, detail: parsed.detail }];
    if (parsed.problem === 'duplicate-member') throw new SealedJwsDuplicateMemberError(`the sealed payload ${parsed.detail}`, { errors });
    throw new SealedJwsPayloadError(`the sealed payload: ${parsed.detail}`, { errors });
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SealedJwsPayloadError('the sealed payload is not a JSON object');
  }
  return value as Record<string, unknown>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Undefined for bytes that are not UTF-8: replacement characters would change what was sealed. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function keyTypeOf(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : String(curve);
  }
  return String(key.asymmetricKeyType);
}
