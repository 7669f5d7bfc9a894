/**
 * @module hub-client
 * What a department system calls: `createHubClient(config)` → `publish`, `changeStatus`,
 * `publishDocument`, `verify`, `verifyPresented`, `subscribe`. Each write is checked against the
 * hub's contract first, then sealed with the department's seal key, then sent over HTTP or Kafka
 * with the same call shape either way. Publishing is idempotent end to end: the same sealed licence
 * again is a no-op at the hub, and a licence re-sealed after a crash (a new signature, so a
 * different JWS) is recognised as already published when the stored payload is the same.
 */
import { isDeepStrictEqual } from 'node:util';
import { loadConnectorConfig, type ConnectorConfig } from './connector-config.js';
import { contractsFromHub, type Contracts } from './contracts.js';
import { ContractViolationError, HubRefusalError, HubUnavailableError } from './errors.js';
import { subscribeToEvents, type EventHandler, type SubscribeOptions, type Subscription } from './event-subscription.js';
import { createHttpTransport, type HttpTransport } from './http-transport.js';
import { createKafkaPublisher, type KafkaPublisher } from './kafka-publisher.js';
import { licenseIdentifier, sealedLicenseIdentifier } from './license-identifier.js';
import type { LicenseEnvelope } from './payloads/license-envelope.js';
import type { LicenseStatusChange } from './payloads/license-status-change.js';
import type { DocumentRecord } from './payloads/document-record.js';
import { createSealer, decodePayload, JWS_TYPES } from './sealer.js';
import { createTokenSource } from './token-source.js';
import type { LicenseRef, PublishResult, StatusChangeInput, StatusChangeResult, VerificationAnswer, VerifyRequest } from './hub-types.js';

export type Transport = 'http' | 'kafka';

const LICENSE_REFERENCE_PREFIX = 'ref:';

export interface HubClientOptions {
  /** Default transport of `publish` (default `http`; `kafka` needs `kafka` in the config). */
  via?: Transport;
  /** Contracts to validate against; default: fetched once from the hub (`GET /v1/schemas`). */
  contracts?: Contracts;
  fetch?: typeof fetch;
  /** Kafka: resend a submission without answer after this long (default 30 s). */
  resendAfterMs?: number;
}

/** A licence sealed and ready to send; keep it to retry with exactly the same bytes. */
export interface SealedLicense {
  jws: string;
  payload: LicenseEnvelope;
  /** The hub's identifier of it (`sealedLicenseIdentifier`); over Kafka the answer may name it only by reference. */
  licenseId: string;
  /** The JWS as ASCII bytes (`Sealer.sealBytes`), when kept that way: sent over Kafka as they are. */
  bytes?: Buffer;
}

export interface HubClient {
  readonly config: ConnectorConfig;
  contracts(): Promise<Contracts>;
  sealLicense(payload: LicenseEnvelope): Promise<SealedLicense>;
  publish(licence: LicenseEnvelope | SealedLicense, options?: { via?: Transport; messageId?: string }): Promise<PublishResult>;
  changeStatus(licence: LicenseRef, change: StatusChangeInput): Promise<StatusChangeResult>;
  publishDocument(record: DocumentRecord): Promise<{ id: string; created: boolean }>;
  verify(request: VerifyRequest): Promise<VerificationAnswer>;
  verifyPresented(jws: string, purpose: { caseNo: string; serviceItem?: string }): Promise<unknown>;
  subscribe(options: SubscribeOptions, handler: EventHandler): Promise<Subscription>;
  close(): Promise<void>;
}

export function createHubClient(config: ConnectorConfig | string, options: HubClientOptions = {}): HubClient {
  const cfg = typeof config === 'string' ? loadConnectorConfig(config) : config;
  const tokens = createTokenSource({ hub: cfg.hub, department: cfg.department, system: cfg.system, fetch: options.fetch });
  const http: HttpTransport = createHttpTransport({ hub: cfg.hub, tokens, fetch: options.fetch });
  const sealer = createSealer(cfg.seal);
  const get = async (path: string) => (await http.request({ method: 'GET', path })).body;
  let contracts: Promise<Contracts> | undefined = options.contracts && Promise.resolve(options.contracts);
  let kafka: KafkaPublisher | undefined;

  const loadContracts = () => (contracts ??= contractsFromHub(get).catch((error) => ((contracts = undefined), Promise.reject(error))));

  function kafkaPublisher(): KafkaPublisher {
    if (!cfg.kafka) throw new TypeError(`${cfg.file}: publishing via kafka needs "kafka": {"brokers": [...]} in the config`);
    return (kafka ??= createKafkaPublisher({ ...cfg.kafka, department: cfg.department, resendAfterMs: options.resendAfterMs }));
  }

  async function sealLicense(payload: LicenseEnvelope): Promise<SealedLicense> {
    (await loadContracts()).assertLicense(payload);
    return { jws: sealer.seal(payload, JWS_TYPES.license), licenseId: sealedLicenseIdentifier(payload), payload };
  }

  /** After ERR_LICENSE_CONFLICT: the same payload already stored is success, anything else is the conflict. */
  async function alreadyPublished(sealed: SealedLicense, conflict: HubRefusalError): Promise<PublishResult> {
    if (sealed.payload.replaces !== undefined) throw conflict;
    const found = await http.request({ method: 'GET', path: `/v1/licenses/${sealed.licenseId}`, accept: [404] });
    const stored = found.body as { id: string; status: string; version: number; payload: unknown } | undefined;
    if (found.status === 404 || !stored || !isDeepStrictEqual(stored.payload, decodePayload(sealed.jws))) throw conflict;
    return { id: stored.id, status: stored.status, version: stored.version, created: false };
  }

  async function publishHttp(sealed: SealedLicense): Promise<PublishResult> {
    try {
      const answer = await http.request({ method: 'POST', path: '/v1/licenses', body: sealed.jws, contentType: 'application/jose' });
      const body = answer.body as { id: string; status: string; version: number };
      return { ...body, created: answer.status === 201 };
    } catch (error) {
      if (error instanceof HubRefusalError && error.code === 'ERR_LICENSE_CONFLICT') return alreadyPublished(sealed, error);
      throw error;
    }
  }

  async function publishKafka(sealed: SealedLicense, messageId?: string): Promise<PublishResult> {
    const result = await kafkaPublisher().submit(sealed.bytes ?? sealed.jws, messageId);
    if (result.ok && result.licenseId?.startsWith(LICENSE_REFERENCE_PREFIX)) {
      // Every department reads licenses.results, so a licence whose number embeds an ID number is
      // named there by its keyed reference only; its identifier is the one of what was sealed.
      return { id: sealed.licenseId, reference: result.licenseId };
    }
    if (result.ok && result.licenseId) return { id: result.licenseId };
    const refusal = new HubRefusalError(result.error?.code ?? 'ERR_UNKNOWN', result.error?.detail ?? '', undefined);
    if (refusal.code === 'ERR_LICENSE_CONFLICT') return alreadyPublished(sealed, refusal);
    throw refusal;
  }

  async function currentStatus(id: string): Promise<string | undefined> {
    const found = await http.request({ method: 'GET', path: `/v1/licenses/${id}`, accept: [404, 403] });
    return found.status === 200 ? (found.body as { status: string }).status : undefined;
  }

  /**
   * A licence named by type and number is addressed at its first version; once replaced, the status
   * change belongs to the version in force, so follow `replacedBy` (bounded: a chain never loops, but
   * a hub answer is not trusted to prove it).
   */
  async function currentVersion(first: string): Promise<string> {
    let id = first;
    for (let hops = 0; hops < 1000; hops++) {
      const found = await http.request({ method: 'GET', path: `/v1/licenses/${encodeURIComponent(id)}`, accept: [404, 403] });
      const next = found.status === 200 ? (found.body as { replacedBy?: string }).replacedBy : undefined;
      if (next === undefined) return id;
      id = next;
    }
    return id;
  }

  return {
    config: cfg,
    contracts: loadContracts,
    sealLicense,
    async publish(licence, publishOptions = {}) {
      const sealed =
        'jws' in licence && 'licenseId' in licence ? (licence as SealedLicense) : await sealLicense(licence as LicenseEnvelope);
      const via = publishOptions.via ?? options.via ?? 'http';
      return via === 'kafka' ? publishKafka(sealed, publishOptions.messageId) : publishHttp(sealed);
    },
    async changeStatus(licence, input) {
      const id =
        typeof licence === 'string' ? licence : await currentVersion(licenseIdentifier(licence.typeCode, cfg.department, licence.number));
      const change: LicenseStatusChange = { licenseId: id, effectiveAt: new Date().toISOString(), ...input };
      const problems = (await loadContracts()).checkStatusChange(change);
      if (problems.length > 0) throw new ContractViolationError('状态变更不符合契约', problems);
      const jws = sealer.seal(change, JWS_TYPES.status);
      try {
        const answer = await http.request({
          method: 'POST',
          path: `/v1/licenses/${encodeURIComponent(id)}/status`,
          body: jws,
          contentType: 'application/jose',
        });
        return { ...(answer.body as { id: string; status: string; version: number; previousStatus: string }), applied: true };
      } catch (error) {
        // Applied before (a re-run, a retry after a lost answer): the licence already has this status.
        if (error instanceof HubRefusalError && error.code === 'ERR_LICENSE_TRANSITION' && (await currentStatus(id)) === change.status) {
          return { id, status: change.status, applied: false };
        }
        throw error;
      }
    },
    async publishDocument(record) {
      const problems = (await loadContracts()).checkDocument(record);
      if (problems.length > 0) throw new ContractViolationError('文书记录不符合契约', problems);
      const jws = sealer.seal(record, JWS_TYPES.document);
      const answer = await http.request({ method: 'POST', path: '/v1/documents', body: jws, contentType: 'application/jose' });
      return { ...(answer.body as { id: string }), created: answer.status === 201 };
    },
    async verify(request) {
      return (await http.request({ method: 'POST', path: '/v1/verifications', body: request })).body as VerificationAnswer;
    },
    async verifyPresented(jws, purpose) {
      const query = new URLSearchParams({ caseNo: purpose.caseNo, ...(purpose.serviceItem ? { serviceItem: purpose.serviceItem } : {}) });
      return (
        await http.request({ method: 'POST', path: `/v1/verifications/presented?${query}`, body: jws, contentType: 'application/jose' })
      ).body;
    },
    subscribe(subscribeOptions, handler) {
      if (!cfg.kafka) throw new TypeError(`${cfg.file}: subscribing needs "kafka" in the config (or receive webhooks instead)`);
      return subscribeToEvents(cfg.kafka, subscribeOptions, handler);
    },
    async close() {
      await kafka?.close();
    },
  };
}

export { HubUnavailableError };
