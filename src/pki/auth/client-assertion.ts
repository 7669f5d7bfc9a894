/**
 * @module pki/auth/client-assertion
 * Verifies an RFC 7523 client assertion as a department system presents it to `POST
 * /v1/auth/token`. The only key ever used is the one in the `x5c` leaf, and only once that
 * certificate chains to the hub's trust anchors for the *system* purpose (clientAuth) and is not
 * revoked; `kid` is ignored, `jwk`/`jku`/`x5u` are refused. Order: form, header and a present
 * signature (no crypto) → the algorithm fits the certificate's key → path validation → signature
 * with exactly that algorithm → claims tied to the certificate's department.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import {
  AssertionAlgKeyMismatchError,
  AssertionCertificateSubjectError,
  AssertionSignatureInvalidError,
  AssertionSignatureMissingError,
  AssertionWeakKeyError,
} from '../../core/auth/auth-errors.js';
import type { ClientAssertionVerifier, VerifiedClientAssertion } from '../../core/ports/client-assertion-verifier.js';
import { CertificateMalformedError } from '../../core/pki-errors.js';
import { describeCertificate, parseCertificate } from '../path/certificate-input.js';
import { checkAssertionClaims } from './client-assertion-claims.js';
import { type AssertionAlgorithm, parseAssertionHeader } from './client-assertion-header.js';
import { readHubSubject } from '../ca/hub-subject.js';
import type { PathValidator } from '../path/cached-path-validator.js';
import type * as x509 from '../x509.js';

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
export const DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS = 5 * 60;
const MIN_RSA_BITS = 2048;

/** Key type (and curve) each pinned algorithm requires, as node:crypto names them. */
const KEY_FOR_ALGORITHM: Record<AssertionAlgorithm, { type: string; curve?: string }> = {
  ES256: { type: 'ec', curve: 'prime256v1' },
  ES384: { type: 'ec', curve: 'secp384r1' },
  EdDSA: { type: 'ed25519' },
  PS256: { type: 'rsa' },
  RS256: { type: 'rsa' },
};

export interface ClientAssertionVerifierOptions {
  /** Trust anchors and CRLs of the hub CA; its cache makes repeat chains cheap. */
  validator: PathValidator;
  /** `${ZZ_PUBLIC_URL}/v1/auth/token`: the only accepted `aud`. */
  tokenEndpoint: string;
  clock?: () => Date;
  clockSkewSeconds?: number;
  maxLifetimeSeconds?: number;
}

export function createClientAssertionVerifier(options: ClientAssertionVerifierOptions): ClientAssertionVerifier {
  if (!/^https?:\/\/\S+$/.test(options.tokenEndpoint)) throw new TypeError('tokenEndpoint must be an http(s) URL');
  const clock = options.clock ?? (() => new Date());
  const clockSkewSeconds = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_ASSERTION_LIFETIME_SECONDS;

  return {
    async verify(assertion): Promise<VerifiedClientAssertion> {
      const now = clock();
      const { alg, x5c, encodedSignature } = parseAssertionHeader(assertion);
      if (encodedSignature === '') throw new AssertionSignatureMissingError('客户端断言没有签名');
      const [leafDer, ...intermediates] = x5c as [Uint8Array, ...Uint8Array[]];
      const leaf = parseCertificate(leafDer);
      const key = verificationKey(leaf, alg);
      await options.validator.validate({ leaf, intermediates, purpose: 'system', at: now });
      const subject = readHubSubject(leaf);
      if (!subject) {
        throw new AssertionCertificateSubjectError('系统证书的主题未载明部门的统一社会信用代码', {
          extra: describeCertificate(leaf),
        });
      }
      let payload: Uint8Array;
      try {
        ({ payload } = await compactVerify(assertion, key, { algorithms: [alg] }));
      } catch (cause) {
        throw new AssertionSignatureInvalidError('客户端断言的签名无法用 x5c 中系统证书的公钥验证', { cause });
      }
      const accepted = checkAssertionClaims(payload, {
        department: subject.uscc,
        audience: options.tokenEndpoint,
        now,
        clockSkewSeconds,
        maxLifetimeSeconds,
      });
      return {
        department: subject.uscc,
        jti: accepted.jti,
        acceptedUntil: accepted.acceptedUntil,
        certificateSerial: leaf.serialNumber.toLowerCase(),
      };
    },
  };
}

/** The leaf's public key, provided the algorithm fits its type and curve (no algorithm confusion). */
function verificationKey(leaf: x509.X509Certificate, alg: AssertionAlgorithm): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(leaf.publicKey.rawData), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new CertificateMalformedError('证书中的公钥无法解析', { cause, extra: describeCertificate(leaf) });
  }
  const expected = KEY_FOR_ALGORITHM[alg];
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== expected.type || (expected.curve !== undefined && curve !== expected.curve)) {
    throw new AssertionAlgKeyMismatchError(`alg ${alg} 与系统证书的密钥类型不符`, {
      extra: { alg, keyType: key.asymmetricKeyType, ...(curve ? { curve } : {}) },
    });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (expected.type === 'rsa' && (bits === undefined || bits < MIN_RSA_BITS)) {
    throw new AssertionWeakKeyError(`RSA 密钥须至少 ${MIN_RSA_BITS} 位`, { extra: { bits } });
  }
  return key;
}
