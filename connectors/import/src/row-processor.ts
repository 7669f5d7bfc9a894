/**
 * @module row-processor
 * One row's way to the hub: map the cells (or take the JSON line), fill what the department need
 * not repeat on every row (type code, licence name, issuer), validate against the hub's contract
 * with the offending column named, seal, publish, then apply the row's status (吊销/注销/暂停) as a
 * sealed status change. Preparation is synchronous (it is the importer's CPU work); sending is
 * asynchronous. Refusals that concern the row become reject entries; anything that would fail
 * every row (certificates, seal, access, an unreachable hub) is thrown and stops the import.
 */
import {
  ContractViolationError,
  createSealer,
  decodePayload,
  HubRefusalError,
  JWS_TYPES,
  sealedLicenseIdentifier,
  type Contracts,
  type HubClient,
  type LicenseEnvelope,
  type SealedLicense,
  type Transport,
} from '@zhengzhao/sdk';
import type { Mapping, StatusRequest } from './mapping.js';
import type { RawRow } from './record-reader.js';
import type { RejectEntry } from './rejects-file.js';

export interface PreparedRow {
  line: number;
  sealed: SealedLicense;
  status?: StatusRequest;
}

export type RowOutcome =
  | { line: number; licence: 'accepted' | 'existing'; status?: 'applied' | 'existing'; reject?: RejectEntry }
  | { line: number; reject: RejectEntry };

export interface RowProcessorOptions {
  hub: HubClient;
  contracts: Contracts;
  mapping?: Mapping;
  typeCode?: string;
  via: Transport;
}

/** Codes that say something is wrong with the whole setup, not with one row. */
const FATAL = /^ERR_(CERT|JWS|SEAL|ASSERTION|TOKEN|GRANT|UNAUTHENTICATED|INVALID_TOKEN|FORBIDDEN|DEPARTMENT|PATH|CONNECTOR)/;

export function isFatal(error: unknown): boolean {
  if (!(error instanceof HubRefusalError)) return !(error instanceof ContractViolationError);
  return error.retriable || FATAL.test(error.code);
}

export function createRowProcessor(options: RowProcessorOptions) {
  const { hub, contracts, mapping } = options;
  const sealer = createSealer(hub.config.seal);
  const names = new Map(contracts.licenseTypes().map((t) => [t.code, t.name]));
  const issuer = { uscc: hub.config.department, name: /(?:^|\n)O=([^\n]+)/.exec(hub.config.seal.chain[0]?.subject ?? '')?.[1] ?? '' };
  const typeCode = options.typeCode ?? mapping?.typeCode;
  const column = (pointer: string) => mapping?.columnFor(pointer);

  function reject(
    line: number,
    stage: RejectEntry['stage'],
    code: string,
    errors: { pointer: string; detail: string }[],
    detail?: string,
  ): RejectEntry {
    const named = errors.map((e) => ({ ...e, ...(column(e.pointer) ? { column: column(e.pointer) } : {}) }));
    const first = named[0];
    return {
      line,
      code,
      pointer: first?.pointer ?? '',
      ...(first?.column ? { column: first.column } : {}),
      detail: detail ?? named.map((e) => `${e.column ? `${e.column}（${e.pointer}）` : e.pointer || '/'}：${e.detail}`).join('；'),
      stage,
      ...(named.length > 0 ? { errors: named } : {}),
    };
  }

  function prepare(row: RawRow): PreparedRow | RejectEntry {
    if (row.problem) {
      const { code, detail, column: col } = row.problem;
      return { line: row.line, code, pointer: '', ...(col ? { column: col } : {}), detail, stage: 'read' };
    }
    const values = row.values as Record<string, unknown>;
    let payload: Record<string, unknown>;
    let status: StatusRequest | undefined;
    if (mapping) {
      const mapped = mapping.apply(values);
      if ('problems' in mapped) return reject(row.line, 'licence', mapped.problems[0]?.code ?? 'ERR_CELL_VALUE', mapped.problems);
      ({ payload, status } = mapped);
    } else {
      const { _status, ...rest } = values as { _status?: StatusRequest };
      payload = rest;
      status = _status;
    }
    payload.typeCode ??= typeCode;
    if (typeof payload.typeCode === 'string') payload.name ??= names.get(payload.typeCode);
    payload.issuer ??= issuer;
    payload.data ??= {};
    const problems = contracts.checkLicense(payload);
    if (problems.length > 0) {
      const unknownType = problems.some((p) => p.pointer === '/typeCode' && p.detail.startsWith('未知'));
      return reject(row.line, 'licence', unknownType ? 'ERR_LICENSE_TYPE_UNKNOWN' : 'ERR_VALIDATION', problems);
    }
    const licence = payload as unknown as LicenseEnvelope;
    const bytes = sealer.sealBytes(licence, JWS_TYPES.license);
    // Thousands of rows wait for the hub's answer: each keeps its JWS as bytes, off the JS heap;
    // the string and the payload are made again only where needed (HTTP, a conflict to check).
    const sealed: SealedLicense = {
      bytes,
      licenseId: sealedLicenseIdentifier(licence),
      get jws() {
        return bytes.toString('latin1');
      },
      get payload() {
        return decodePayload(bytes.toString('latin1')) as LicenseEnvelope;
      },
    };
    return { line: row.line, sealed, ...(status ? { status } : {}) };
  }

  async function send(row: PreparedRow): Promise<RowOutcome> {
    let published;
    try {
      published = await hub.publish(row.sealed, { via: options.via });
    } catch (error) {
      if (isFatal(error)) throw error;
      const refusal = error as HubRefusalError;
      return {
        line: row.line,
        reject: reject(row.line, 'licence', refusal.code, [...refusal.errors], refusal.errors.length ? undefined : refusal.detail),
      };
    }
    const licence = published.created === false ? 'existing' : 'accepted';
    if (!row.status) return { line: row.line, licence };
    try {
      const changed = await hub.changeStatus(published.id, row.status);
      return { line: row.line, licence, status: changed.applied ? 'applied' : 'existing' };
    } catch (error) {
      if (isFatal(error)) throw error;
      const refusal = error as HubRefusalError | ContractViolationError;
      const errors = 'errors' in refusal ? [...refusal.errors] : [];
      return {
        line: row.line,
        licence,
        reject: reject(row.line, 'status', refusal.code, errors, errors.length ? undefined : (refusal as HubRefusalError).detail),
      };
    }
  }

  return { prepare, send };
}
