/**
 * @module pki/path/revocation-cache
 * What the hub remembers between two CRLs, so that no request parses a CRL or asks the database
 * about a seal: the serials on the current CRL (an access token dies with its system certificate)
 * and the seal statuses the issuer check of every verification reads. Every status change signs a
 * new CRL, and a new CRL — signed here or by another instance — replaces the serials and empties
 * the statuses, so nothing outlives the CRL it was read under.
 */
import { parseCrl, readCrlEntries } from '../ca/crl.js';
import type { SealStatus } from './seal-at-issuance.js';

export interface RevocationCacheOptions {
  /** The certificate store's answer for one serial; `undefined` when it holds none. */
  lookup(serial: string): Promise<SealStatus | undefined>;
  /** Statuses held at most; the cache empties when full (a county has thousands of seals, not millions). */
  maxEntries?: number;
}

export interface RevocationCache {
  /** Takes a newly signed CRL (DER): its serials replace the old ones, statuses are read afresh. */
  onNewCrl(der: Uint8Array): void;
  /** Is this (lower-case hex) serial on the current CRL? */
  isOnCrl(serial: string): boolean;
  /** The seal's status, read once per CRL; a failed lookup answers `undefined` and is not kept. */
  sealStatus(serial: string): Promise<SealStatus | undefined>;
}

export function createRevocationCache(options: RevocationCacheOptions): RevocationCache {
  const maxEntries = options.maxEntries ?? 10_000;
  let onCrl = new Set<string>();
  const statuses = new Map<string, Promise<SealStatus | undefined>>();
  return {
    onNewCrl(der) {
      onCrl = new Set(readCrlEntries(parseCrl(der)).map((entry) => entry.serial));
      statuses.clear();
    },
    isOnCrl: (serial) => onCrl.has(serial),
    sealStatus(serial) {
      let status = statuses.get(serial);
      if (!status) {
        status = options.lookup(serial).catch(() => {
          statuses.delete(serial);
          return undefined;
        });
        if (statuses.size >= maxEntries) statuses.clear();
        statuses.set(serial, status);
      }
      return status;
    },
  };
}
