/**
 * @module core/data-sharing/exchange-bodies
 * The bodies of data exchanges, kept only where a department's rules demand it (issue 14, message
 * log): a service with `bodyRetentionDays` has the request and answer bodies of each answered
 * exchange sealed (BodySealer: AES-256-GCM under a hub key, by key id) and stored until the
 * retention has passed; without one nothing is kept and the message log holds digests only. Only an
 * auditor reads them back, and the reading is written to the audit chain before the bodies are
 * returned — no unlogged reading. A scheduled purge deletes what is past its retention.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors.js';
import type { BodySealer } from '../ports/body-sealer.js';
import type { ExchangeBodyStore } from '../ports/exchange-body-store.js';
import { DataBodiesNotKeptError } from './data-sharing-errors.js';
import type { DataService } from './data-service.js';

const DAY_MS = 86_400_000;

export interface ExchangeBodiesDeps {
  store: ExchangeBodyStore;
  sealer: BodySealer;
  /** Appends to the audit chain (resolves once durable). */
  record(entry: AuditEntry): Promise<void>;
  now(): Date;
}

export interface ExchangeBodies {
  /** Keeps one answered exchange's bodies if its service asks for it; nothing otherwise. */
  keep(exchange: { exchangeId: string; service: DataService; consumer: string; request: string; response: string }): Promise<void>;
  /** The bodies in clear, for an auditor only, the reading audited first. */
  read(caller: Principal, exchangeId: string): Promise<{ exchangeId: string; service: string; request: unknown; response: unknown }>;
  /** Deletes the bodies past their retention; how many went. */
  purge(): Promise<number>;
}

/** The additional data a part is sealed under: it opens only as that part of that exchange. */
const context = (exchangeId: string, part: 'request' | 'response') => `zz-data-body\0${exchangeId}\0${part}`;

export function createExchangeBodies(deps: ExchangeBodiesDeps): ExchangeBodies {
  return {
    async keep({ exchangeId, service, consumer, request, response }) {
      if (service.bodyRetentionDays === undefined) return;
      const sealedRequest = deps.sealer.seal(request, context(exchangeId, 'request'));
      const sealedResponse = deps.sealer.seal(response, context(exchangeId, 'response'));
      const keptAt = deps.now();
      await deps.store.keep({
        exchangeId,
        service: service.code,
        provider: service.provider,
        consumer,
        keyId: sealedRequest.keyId,
        requestSealed: sealedRequest.sealed,
        responseSealed: sealedResponse.sealed,
        keptAt,
        purgeAfter: new Date(keptAt.getTime() + service.bodyRetentionDays * DAY_MS),
      });
    },

    async read(caller, exchangeId) {
      if (caller.role !== 'auditor') throw new ForbiddenError('only an auditor reads kept exchange bodies');
      const kept = await deps.store.find(exchangeId, deps.now());
      if (!kept) throw new DataBodiesNotKeptError(`交换 ${exchangeId} 没有留存的正文（未要求留存或已过留存期）`);
      const request = deps.sealer.open({ keyId: kept.keyId, sealed: kept.requestSealed }, context(exchangeId, 'request'));
      const response = deps.sealer.open({ keyId: kept.keyId, sealed: kept.responseSealed }, context(exchangeId, 'response'));
      await deps.record(
        auditEntry(caller, AuditActions.dataExchangeBodiesRead, deps.now(), {
          target: exchangeId,
          details: { service: kept.service, provider: kept.provider, consumer: kept.consumer, keyId: kept.keyId },
        }),
      );
      return { exchangeId, service: kept.service, request: JSON.parse(request) as unknown, response: JSON.parse(response) as unknown };
    },

    purge: () => deps.store.purge(deps.now()),
  };
}
