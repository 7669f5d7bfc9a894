/**
 * @module pki/path/cached-path-validator
 * `validateCertificatePath` with the hub's configuration bound in and validated chains cached
 * (DESIGN §6: verify work once). The key is the leaf's SHA-256 thumbprint plus the purpose; an
 * entry answers only for times inside the window the original validation proved (certificate
 * validity ∩ CRL freshness), so it can never outlive a CRL's nextUpdate. Revocation is the one
 * event that can make a cached "valid" wrong sooner: call `invalidate(serial)` or `clear()` then.
 * Concurrent validations of one leaf share a single computation; results computed across an
 * invalidation are returned to their callers but not cached.
 */
import { createHash } from 'node:crypto';
import { CertificateMalformedError } from '../../core/pki-errors.js';
import type { CertificateInput } from './certificate-input.js';
import type { CertificatePurpose } from './certificate-checks.js';
import { type CrlInput, DEFAULT_MAX_CHAIN_LENGTH, type ValidatedPath, validateCertificatePath } from './validate-path.js';
import * as x509 from '../x509.js';

export interface PathValidatorOptions {
  trustAnchors: readonly CertificateInput[];
  /** The current CRLs (e.g. from the database); consulted on every cache miss. */
  crls?: () => readonly CrlInput[] | Promise<readonly CrlInput[]>;
  requireRevocationCheck: boolean;
  maxChainLength?: number;
  clock?: () => Date;
  /** Oldest entries are dropped beyond this (default 10 000). */
  maxEntries?: number;
}

export interface PathValidationRequest {
  leaf: CertificateInput;
  intermediates?: readonly CertificateInput[];
  purpose: CertificatePurpose;
  /** Defaults to the clock's now. */
  at?: Date;
}

export interface PathValidator {
  validate(request: PathValidationRequest): Promise<ValidatedPath>;
  /** Drops every cached chain containing a certificate with this serial (hex, any case). */
  invalidate(serial: string): void;
  clear(): void;
  readonly size: number;
}

export function createPathValidator(options: PathValidatorOptions): PathValidator {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, ValidatedPath>();
  const pending = new Map<string, Promise<ValidatedPath>>();
  let generation = 0;

  async function compute(key: string, request: PathValidationRequest, at: Date): Promise<ValidatedPath> {
    const started = generation;
    const result = await validateCertificatePath({
      leaf: request.leaf,
      intermediates: request.intermediates ?? [],
      trustAnchors: options.trustAnchors,
      at,
      purpose: request.purpose,
      crls: options.crls ? await options.crls() : [],
      requireRevocationCheck: options.requireRevocationCheck,
      maxChainLength: options.maxChainLength ?? DEFAULT_MAX_CHAIN_LENGTH,
    });
    if (generation === started) {
      cache.set(key, result);
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    }
    return result;
  }

  return {
    async validate(request) {
      const at = request.at ?? clock();
      const key = `${thumbprint(request.leaf)}:${request.purpose}`;
      const hit = cache.get(key);
      if (hit && covers(hit, at)) return hit;
      const inFlight = pending.get(key);
      if (inFlight) {
        // A validation started moments ago proves validity for its whole window; a failure is shared as is.
        const shared = await inFlight;
        if (covers(shared, at)) return shared;
      }
      const promise = compute(key, request, at).finally(() => {
        if (pending.get(key) === promise) pending.delete(key);
      });
      pending.set(key, promise);
      return promise;
    },
    invalidate(serial) {
      generation += 1;
      const wanted = serial.toLowerCase();
      for (const [key, entry] of cache) {
        if (entry.chain.some((c) => c.serialNumber.toLowerCase() === wanted)) cache.delete(key);
      }
    },
    clear() {
      generation += 1;
      cache.clear();
    },
    get size() {
      return cache.size;
    },
  };
}

function covers(result: ValidatedPath, at: Date): boolean {
  return result.validFrom.getTime() <= at.getTime() && at.getTime() < result.validUntil.getTime();
}

/** SHA-256 over the DER, whatever form the certificate arrived in (x5c base64, PEM, DER, parsed). */
function thumbprint(input: CertificateInput): string {
  let der: Uint8Array;
  try {
    if (input instanceof x509.X509Certificate) der = new Uint8Array(input.rawData);
    else if (typeof input === 'string') der = new Uint8Array(x509.PemData.toArrayBuffer(input.trim()));
    else der = input;
  } catch (cause) {
    throw new CertificateMalformedError('无法解析证书', { cause });
  }
  return createHash('sha256').update(der).digest('hex');
}
