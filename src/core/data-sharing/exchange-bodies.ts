/**
 * @module core/data-sharing/exchange-bodies
 * The bodies of data exchanges, kept only where a department's rules demand it (issue 14, message
 * log): a service with `bodyRetentionDays` has the bodies of each exchange routed to its provider
 * sealed (BodySealer: AES-256-GCM under the current hub key, by key id) and stored until the
 * retention has passed, marked with the outcome — 'ok' for an answer, else the code the consumer
 * got (a refusal, a timeout, an unreachable provider, a malformed answer), so an auditor sees what
 * was asked even when nothing usable came back: the request body always, the answer body where
 * one arrived. An exchange the hub refused before routing (no grant, quota, purpose missing,
 * contract violation, not shared, busy) keeps nothing: the message log's digest of the request is
 * all there is of it. Without a retention nothing is kept at all. Only an auditor reads bodies
 * back, and the reading is written to the audit chain before they are returned — no unlogged
 * reading. Bodies sealed under an earlier key (before a rotation) keep opening; a scheduled purge
 * deletes what is past its retention.
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

export interface KeptExchange {
  exchangeId: string;
  service: DataService;
  consumer: string;
  /** 'ok', or the code the exchange ended with after it was routed. */
  outcome: string;
  request: string;
  /** The provider's answer as it arrived; absent when none did. */
  response?: string | undefined;
}

export interface ExchangeBodies {
  /** Keeps one routed exchange's bodies if its service asks for it; nothing otherwise. */
  keep(exchange: KeptExchange): Promise<void>;
  /** The bodies in clear, for an auditor only, the reading audited first. */
  read(
    caller: Principal,
    exchangeId: string,
  ): Promise<{ exchangeId: string; service: string; outcome: string; request: unknown; response?: unknown }>;
  /** Deletes the bodies past their retention; how many went. */
  purge(): Promise<number>;
}

/** The additional data a part is sealed under: it opens only as that part of that exchange. */
const context = (exchangeId: string, part: 'request' | 'response') => `zz-data-body\0${exchangeId}\0${part}`;

export function createExchangeBodies(deps: ExchangeBodiesDeps): ExchangeBodies {
  return {
    async keep({ exchangeId, service, consumer, outcome, request, response }) {
      if (service.bodyRetentionDays === undefined) return;
      // Both sealed in one synchronous step: no rotation can land between them, so one key id covers the row.
      const sealedRequest = deps.sealer.seal(request, context(exchangeId, 'request'));
      const sealedResponse = response === undefined ? undefined : deps.sealer.seal(response, context(exchangeId, 'response'));
      const keptAt = deps.now();
      await deps.store.keep({
        exchangeId,
        service: service.code,
        provider: service.provider,
        consumer,
        outcome,
        keyId: sealedRequest.keyId,
        requestSealed: sealedRequest.sealed,
        responseSealed: sealedResponse?.sealed,
        keptAt,
        purgeAfter: new Date(keptAt.getTime() + service.bodyRetentionDays * DAY_MS),
      });
    },

    async read(caller, exchangeId) {
      if (caller.role !== 'auditor') throw new ForbiddenError('only an auditor reads kept exchange bodies');
      const kept = await deps.store.find(exchangeId, deps.now());
      if (!kept) throw new DataBodiesNotKeptError(`交换 ${exchangeId} 没有留存的正文（未要求留存或已过留存期）`);
      // Sealed on another instance under a key rotated there a moment ago: load it before opening.
      await deps.sealer.learn(kept.keyId);
      const request = deps.sealer.open({ keyId: kept.keyId, sealed: kept.requestSealed }, context(exchangeId, 'request'));
      const response =
        kept.responseSealed === undefined
          ? undefined
          : deps.sealer.open({ keyId: kept.keyId, sealed: kept.responseSealed }, context(exchangeId, 'response'));
      await deps.record(
        auditEntry(caller, AuditActions.dataExchangeBodiesRead, deps.now(), {
          target: exchangeId,
          details: { service: kept.service, provider: kept.provider, consumer: kept.consumer, outcome: kept.outcome, keyId: kept.keyId },
        }),
      );
      return {
        exchangeId,
        service: kept.service,
        outcome: kept.outcome,
        request: JSON.parse(request) as unknown,
        ...(response === undefined ? {} : { response: JSON.parse(response) as unknown }),
      };
    },

    purge: () => deps.store.purge(deps.now()),
  };
}
