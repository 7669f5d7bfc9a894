/**
 * @module core/data-sharing/data-exchange
 * One request through the exchange, the same for HTTP and Kafka: admit it (caller, service and its
 * sharing class, purpose, grant, quota, request contract, provider health), route it to the
 * provider — its Kafka topic, or for a provider without Kafka one signed POST to its registered
 * endpoint — wait up to the service's timeout, check the answer against the response
 * contract, drop every field outside the grant, and write one message-log line into the audit
 * chain — sizes, latency and keyed digests of both bodies, never the bodies (those are kept, sealed,
 * only for a service whose retention demands it, and only once the request was routed: answered,
 * refused by the provider, timed out, unreachable or malformed — exchange-bodies.ts). Every way it
 * can end reaches the consumer as data or as a coded error, never as silence; and an instance holds
 * at most `maxInFlight` requests at once, refusing more with ERR_DATA_BUSY rather than growing
 * without bound.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { DependencyUnavailableError, ForbiddenError, HubError, ValidationError } from '../errors.js';
import type { DataContracts } from '../ports/data-contracts.js';
import type { OutgoingMessage } from '../ports/message-bus.js';
import type { ProviderEndpoint } from '../ports/provider-endpoint.js';
import type { ApprovedGrants } from './approved-grants.js';
import { isGrantLive, type DataGrant } from './data-grant.js';
import type { DataService } from './data-service.js';
import type { ExchangeBodies } from './exchange-bodies.js';
import {
  DataGrantExpiredError,
  DataExchangeBusyError,
  DataMalformedAnswerError,
  DataNoGrantError,
  DataProviderRefusedError,
  DataProviderUnavailableError,
  DataProviderUnreachableError,
  DataPurposeMissingError,
  DataPurposeNotGrantedError,
  DataQuotaExceededError,
  DataServiceNotFoundError,
  DataServiceNotSharedError,
  DataTimeoutError,
} from './data-sharing-errors.js';
import {
  providerRequestsTopic,
  readProviderAnswer,
  type DataRequestMessage,
  type ProviderRequestMessage,
  type ProviderResponseMessage,
} from './exchange-messages.js';
import type { PendingExchanges } from './pending-exchanges.js';
import type { ProviderHealth } from './provider-health.js';
import type { QuotaLeases } from './quota-leases.js';

export type ExchangeVia = 'http' | 'kafka';

export interface ExchangeAnswer {
  exchangeId: string;
  service: string;
  data: Record<string, unknown>;
}

export interface DataExchangeDeps {
  /** The consumer's approved grants of a service (kept between requests, dropped on every decision). */
  approvedGrants: ApprovedGrants;
  /** The grants' per-minute quotas, shared by every instance. */
  quota: QuotaLeases;
  contracts: Pick<DataContracts, 'validate'>;
  /** The service by code (a short-lived snapshot is fine: revisions are rare). */
  findService(code: string): Promise<DataService | undefined>;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Reaches providers that registered an endpoint instead of reading their topic. */
  endpoint: ProviderEndpoint;
  pending: PendingExchanges;
  health: ProviderHealth;
  /** Keeps the bodies of a routed exchange, sealed, where the service's retention demands it. */
  bodies: Pick<ExchangeBodies, 'keep'>;
  /** Appends the message-log line (the audit writer: resolves once durable). */
  record(entry: AuditEntry): Promise<void>;
  /** Keyed digest of a body's exact text: bodies may hold ID numbers, whose plain hashes are guessable. */
  digest(text: string): string;
  observe(sample: { service: string; consumer: string; code: string; seconds: number }): void;
  /** Whether this instance is listening for answers (else it could never hear one). */
  listening(): boolean;
  /** Upper bound on any service's own timeout. */
  maxTimeoutMs: number;
  /** Requests this instance may hold at once (admitted, routed and not yet answered). */
  maxInFlight: number;
  newId(): string;
  now(): Date;
}

export interface DataExchange {
  request(caller: Principal, message: DataRequestMessage, via: ExchangeVia): Promise<ExchangeAnswer>;
}

interface Admitted {
  service: DataService;
  grant: DataGrant | undefined;
  fields: readonly string[];
  purpose: { caseNo: string; serviceItem?: string | undefined };
}

const MINUTE_MS = 60_000;
/** How a routed exchange can end short of an answer: its bodies are kept like an answered one's. */
const ROUTED_FAILURES = [DataTimeoutError, DataProviderUnreachableError, DataProviderRefusedError, DataMalformedAnswerError];

/** The answer body as the provider sent it: its data when it answered, else its whole message (none if no JSON object). */
function answerText({ exchangeId: _id, ...answer }: ProviderResponseMessage): string | undefined {
  if (answer.ok === true) return JSON.stringify(answer.data ?? null);
  return Object.keys(answer).length > 0 ? JSON.stringify(answer) : undefined;
}

export function createDataExchange(deps: DataExchangeDeps): DataExchange {
  async function admit(caller: Principal, message: DataRequestMessage): Promise<Admitted> {
    const consumer = caller.department;
    if (caller.role !== 'system' || consumer === undefined) throw new ForbiddenError("data requests come from a department's system");
    const service = await deps.findService(message.service);
    if (!service) throw new DataServiceNotFoundError(`共享目录中没有数据服务 ${message.service}`);
    if (service.sharingClass === 'not-shared') throw new DataServiceNotSharedError(`${service.name} 为不予共享`);
    const caseNo = message.purpose?.caseNo?.trim();
    const serviceItem = message.purpose?.serviceItem?.trim() || undefined;
    if (!caseNo) throw new DataPurposeMissingError('a data request names its purpose: the case number (办件编号)');
    const purpose = { caseNo, serviceItem };
    if (service.sharingClass === 'unconditional') return { service, grant: undefined, fields: service.fields.map((f) => f.name), purpose };

    if (!serviceItem) throw new DataPurposeMissingError(`${service.name} 为有条件共享: the purpose names the service item (事项编码)`);
    const grants = await deps.approvedGrants(consumer, service.code);
    if (grants.length === 0) throw new DataNoGrantError(`no approved grant of ${service.name} for this department`);
    const now = deps.now();
    const live = grants.filter((g) => isGrantLive(g, now));
    if (live.length === 0) throw new DataGrantExpiredError(`the grant of ${service.name} has expired`);
    const grant = live.find((g) => g.purposes.includes(serviceItem));
    if (!grant) throw new DataPurposeNotGrantedError(`the grant of ${service.name} does not cover service item ${serviceItem}`);
    const window = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    if (grant.quotaPerMinute !== undefined && !(await deps.quota.admit(grant.id, window, grant.quotaPerMinute))) {
      throw new DataQuotaExceededError(`the grant allows ${grant.quotaPerMinute} requests a minute`, {
        extra: { retryAfter: Math.ceil((window.getTime() + MINUTE_MS - now.getTime()) / 1000) },
      });
    }
    return { service, grant, fields: grant.grantedFields ?? [], purpose };
  }

  async function overKafka(service: DataService, forwarded: ProviderRequestMessage, timeoutMs: number) {
    if (!deps.listening()) throw new DependencyUnavailableError('the exchange is not ready yet');
    deps.pending.register(forwarded.exchangeId, service.provider);
    const waiting = deps.pending.wait(forwarded.exchangeId, timeoutMs);
    await deps.publish(providerRequestsTopic(service.provider), [
      { key: forwarded.consumer, value: JSON.stringify(forwarded), headers: { 'message-id': forwarded.exchangeId } },
    ]);
    return waiting;
  }

  async function overHttps(
    url: string,
    forwarded: ProviderRequestMessage,
    timeoutMs: number,
  ): Promise<ProviderResponseMessage | undefined> {
    const outcome = await deps.endpoint.post(url, forwarded.exchangeId, JSON.stringify(forwarded), timeoutMs);
    if (outcome.kind === 'timeout') return undefined;
    if (outcome.kind === 'down') {
      // A provider that is down counts like one that is silent: after repeated failures it is marked unavailable.
      deps.health.timedOut(forwarded.service);
      throw new DataProviderUnreachableError(`数据服务提供方无法访问：${outcome.detail}`);
    }
    if (outcome.tooLarge) throw new DataMalformedAnswerError("the provider's answer is larger than the hub accepts");
    return readProviderAnswer(outcome.body, forwarded.exchangeId);
  }

  async function route(
    caller: Principal,
    exchangeId: string,
    admitted: Admitted,
    params: unknown,
    heard: (answer: ProviderResponseMessage) => void,
  ) {
    const { service } = admitted;
    const problems = deps.contracts.validate(service.requestSchema, params);
    if (problems.length > 0)
      throw new ValidationError(`the parameters do not match ${service.name}'s request contract`, { errors: problems });
    if (!deps.health.admits(service.code)) {
      throw new DataProviderUnavailableError(`${service.name} 的提供方多次超时或无法访问，暂停服务`);
    }
    const timeoutMs = Math.min(service.timeoutMs, deps.maxTimeoutMs);
    const forwarded: ProviderRequestMessage = {
      exchangeId,
      service: service.code,
      consumer: caller.department as string,
      purpose: admitted.purpose,
      params,
      deadline: new Date(deps.now().getTime() + timeoutMs).toISOString(),
    };
    const answer = service.endpoint
      ? await overHttps(service.endpoint, forwarded, timeoutMs)
      : await overKafka(service, forwarded, timeoutMs);
    if (!answer) {
      deps.health.timedOut(service.code);
      throw new DataTimeoutError(`${service.name} 的提供方未在 ${timeoutMs} ms 内答复`);
    }
    heard(answer);
    deps.health.answered(service.code);
    if (answer.ok === false && typeof answer.error?.code === 'string') {
      throw new DataProviderRefusedError(`the provider refused: ${String(answer.error.detail ?? '')}`.slice(0, 500), {
        extra: { providerCode: answer.error.code.slice(0, 100) },
      });
    }
    const data: unknown = answer.ok === true ? answer.data : undefined;
    if (!data || typeof data !== 'object' || Array.isArray(data) || deps.contracts.validate(service.responseSchema, data).length > 0) {
      throw new DataMalformedAnswerError(`the provider's answer breaks ${service.name}'s response contract`);
    }
    const granted = new Set(admitted.fields);
    return { data: Object.fromEntries(Object.entries(data).filter(([name]) => granted.has(name))) };
  }

  let inFlight = 0;

  return {
    async request(caller, message, via) {
      // Refused when full, but like every other ending counted and logged.
      const held = inFlight < deps.maxInFlight;
      if (held) inFlight += 1;
      const started = performance.now();
      const exchangeId = deps.newId();
      const requestText = JSON.stringify(message.params ?? null);
      let admitted: Admitted | undefined;
      let responseText: string | undefined;
      let code = 'ok';
      // Whether the bodies were kept: undefined until tried, then the outcome of the try.
      let kept: boolean | undefined;
      const keep = async (outcome: string, { service } = admitted as Admitted) => {
        kept = false;
        const consumer = caller.department as string;
        await deps.bodies.keep({ exchangeId, service, consumer, outcome, request: requestText, response: responseText });
        kept = service.bodyRetentionDays !== undefined;
      };
      try {
        if (!held) {
          throw new DataExchangeBusyError(`数据交换繁忙：本节点已有 ${deps.maxInFlight} 个请求在途，请稍后重试`, {
            extra: { retryAfter: 1 },
          });
        }
        admitted = await admit(caller, message);
        const { data } = await route(caller, exchangeId, admitted, message.params, (answer) => (responseText = answerText(answer)));
        // Before the answer leaves: a retention the provider's rules demand is not skipped silently.
        await keep(code);
        return { exchangeId, service: admitted.service.code, data };
      } catch (error) {
        code = error instanceof HubError ? error.code : 'ERR_INTERNAL';
        // What a routed exchange that failed has is kept too; failing to keep it must not hide why it failed.
        if (kept === undefined && ROUTED_FAILURES.some((failure) => error instanceof failure)) await keep(code).catch(() => {});
        throw error;
      } finally {
        if (held) inFlight -= 1;
        const seconds = (performance.now() - started) / 1000;
        deps.observe({ service: message.service, consumer: caller.department ?? caller.actor, code, seconds });
        await deps.record(
          auditEntry(caller, AuditActions.dataExchange, deps.now(), {
            target: message.service,
            purpose: admitted?.purpose,
            result: code,
            details: {
              exchangeId,
              via,
              provider: admitted?.service.provider,
              grant: admitted?.grant?.id,
              fields: admitted ? [...admitted.fields] : undefined,
              requestBytes: Buffer.byteLength(requestText),
              requestDigest: deps.digest(requestText),
              responseBytes: responseText === undefined ? undefined : Buffer.byteLength(responseText),
              responseDigest: responseText === undefined ? undefined : deps.digest(responseText),
              latencyMs: Math.round(seconds * 1000),
              bodiesKeptDays: kept ? admitted?.service.bodyRetentionDays : undefined,
            },
          }),
        );
      }
    },
  };
}
