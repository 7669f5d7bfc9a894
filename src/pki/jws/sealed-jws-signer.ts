/**
 * @module pki/jws/sealed-jws-signer
 * Producing a sealed object the way a department system does: compact JWS, protected header
 * `{alg, typ, x5c}`, signed by the seal's `Signer`. Used by the demo county, tests and benchmarks;
 * connectors carry their own copy so they need nothing from the hub.
 */
import type { Signer } from '../../core/ports/signer.js';

export interface SealedJwsSigningOptions {
  signer: Signer;
  typ: string;
  /** Seal certificate first, then its issuing CA (base64 DER each, as in `x5c`). */
  x5c: readonly string[];
}

export async function signSealedJws(payload: unknown, options: SealedJwsSigningOptions): Promise<string> {
  const header = { alg: options.signer.algorithm, typ: options.typ, x5c: options.x5c };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = await options.signer.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

/** base64 DER of each certificate in a PEM bundle, for `x5c`. */
export function pemToX5c(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) =>
    (m[1] as string).replace(/\s/g, ''),
  );
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
