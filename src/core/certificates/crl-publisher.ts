/**
 * @module core/certificates/crl-publisher
 * Keeps the current CRL at hand for the path validator and `/v1/pki/crl`, and keeps it fresh:
 * a timer re-signs before `nextUpdate` and notices CRLs another hub instance signed, calling
 * `onNewCrl` so validated-chain caches are dropped everywhere, not just where the revocation ran.
 */
import type { Logger } from '../ports/logger.js';
import type { StoredCrl } from '../ports/certificate-repository.js';
import type { CertificateService } from './certificate-service.js';

export interface CrlPublisherOptions {
  certificates: Pick<CertificateService, 'currentCrl' | 'refreshCrlIfDue'>;
  logger: Logger;
  /** Called whenever a CRL with a new number is loaded. */
  onNewCrl(crl: StoredCrl): void;
  intervalMs?: number;
}

export interface CrlPublisher {
  /** The latest CRL loaded (call `refresh` first at start). */
  current(): StoredCrl;
  refresh(): Promise<StoredCrl>;
  start(): void;
  stop(): void;
}

export function createCrlPublisher(options: CrlPublisherOptions): CrlPublisher {
  let latest: StoredCrl | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<StoredCrl> {
    await options.certificates.refreshCrlIfDue();
    const crl = await options.certificates.currentCrl();
    if (latest === undefined || crl.crlNumber !== latest.crlNumber) {
      latest = crl;
      options.onNewCrl(crl);
    }
    return crl;
  }

  return {
    current() {
      if (!latest) throw new TypeError('CRL publisher used before its first refresh');
      return latest;
    },
    refresh,
    start() {
      timer ??= setInterval(() => {
        refresh().catch((error: unknown) => options.logger.warn({ err: error }, 'CRL refresh failed; retrying next tick'));
      }, options.intervalMs ?? 15_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
