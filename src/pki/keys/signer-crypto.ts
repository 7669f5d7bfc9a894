/**
 * @module pki/keys/signer-crypto
 * Lets @peculiar/x509 sign through a `Signer` port. Its generators call
 * `crypto.subtle.sign(algorithm, signingKey, tbs)` on a crypto provider we may pass in, so we hand
 * them a WebCrypto facade whose `sign` routes to the port for one marker key (the signer's public
 * key, which also tells x509 the curve for DER signature encoding) and delegates everything else
 * (digests, key import, random serials) to Node's WebCrypto. The private key never becomes a
 * CryptoKey, so an HSM-backed Signer works unchanged.
 */
import { webcrypto } from 'node:crypto';
import type { Signer, SignerAlgorithm } from '../../core/ports/signer.js';

type KeyImportAlgorithm = webcrypto.EcKeyImportParams | webcrypto.Algorithm;

type SignatureAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;

const WEB_ALGORITHMS: Record<SignerAlgorithm, { key: KeyImportAlgorithm; signature: SignatureAlgorithm }> = {
  ES256: { key: { name: 'ECDSA', namedCurve: 'P-256' }, signature: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { key: { name: 'ECDSA', namedCurve: 'P-384' }, signature: { name: 'ECDSA', hash: 'SHA-384' } },
  EdDSA: { key: { name: 'Ed25519' }, signature: { name: 'Ed25519' } },
};

export interface X509SigningParams {
  /** Pass as `signingKey`: the marker key whose signatures are produced by the Signer. */
  signingKey: webcrypto.CryptoKey;
  signingAlgorithm: SignatureAlgorithm;
  /** Pass as the generator's `crypto` argument. */
  crypto: webcrypto.Crypto;
}

export async function x509SigningParams(signer: Signer): Promise<X509SigningParams> {
  const web = WEB_ALGORITHMS[signer.algorithm];
  const real = webcrypto;
  const signingKey = await real.subtle.importKey('spki', signer.publicKeySpki, web.key, true, ['verify']);
  const subtle = new Proxy(real.subtle, {
    get(target, property) {
      if (property === 'sign') {
        return async (algorithm: webcrypto.Algorithm, key: webcrypto.CryptoKey, data: webcrypto.BufferSource) => {
          if (key !== signingKey) return target.sign(algorithm, key, data);
          const signature = await signer.sign(toBytes(data));
          return signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const crypto = {
    subtle,
    getRandomValues: real.getRandomValues.bind(real),
    randomUUID: real.randomUUID.bind(real),
  } as webcrypto.Crypto;
  return { signingKey, signingAlgorithm: web.signature, crypto };
}

function toBytes(data: webcrypto.BufferSource): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
