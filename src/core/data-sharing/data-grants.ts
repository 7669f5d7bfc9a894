/**
 * @module core/data-sharing/data-grants
 * The life of an access grant, each step audited with its write: the consumer's dept-admin applies
 * for a conditional service with purposes and fields; the provider's dept-admin approves (the same
 * fields or fewer, with an expiry and a rate quota), refuses, or later withdraws an approval. Each
 * side lists the grants it is party to; security admins and auditors see them all.
 */
import { randomUUID } from 'node:crypto';
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { DataSharingRepository } from '../ports/data-sharing-repository.js';
import type { DataGrant, GrantStatus } from './data-grant.js';
import type { DataCatalogue } from './data-catalogue.js';
import {
  DataFieldsInvalidError,
  DataGrantNotFoundError,
  DataGrantStateError,
  DataNotProviderError,
  DataServiceNotSharedError,
} from './data-sharing-errors.js';

export interface GrantApplication {
  purposes: string[];
  fields: string[];
}

export interface GrantApproval {
  /** Default: every field asked for. */
  fields?: string[] | undefined;
  expiresAt: Date;
  quotaPerMinute: number;
}

export interface DataGrantsDeps {
  repository: DataSharingRepository;
  catalogue: DataCatalogue;
  /** Every instance drops its kept grants when a decision is committed (approved-grants.ts). */
  changes: Pick<ChangeNotifier, 'notify'>;
  /** The consumer's answer topic exists before its systems listen on it. */
  consumerJoined(consumer: string): Promise<void>;
  now(): Date;
}

export interface DataGrants {
  apply(caller: Principal, service: string, application: GrantApplication): Promise<DataGrant>;
  approve(caller: Principal, id: string, approval: GrantApproval): Promise<DataGrant>;
  refuse(caller: Principal, id: string, reason: string): Promise<DataGrant>;
  withdraw(caller: Principal, id: string, reason: string): Promise<DataGrant>;
  list(caller: Principal, filter: { service?: string | undefined }): Promise<DataGrant[]>;
}

const COUNTY_WIDE = new Set(['security-admin', 'auditor']);

export function createDataGrants(deps: DataGrantsDeps): DataGrants {
  async function providerGrant(caller: Principal, id: string): Promise<DataGrant> {
    const grant = await deps.repository.findGrant(id);
    if (!grant || (grant.provider !== caller.department && grant.consumer !== caller.department)) {
      throw new DataGrantNotFoundError(`没有共享申请 ${id}`);
    }
    if (grant.provider !== caller.department) throw new DataNotProviderError('only the providing department decides on a grant');
    return grant;
  }

  async function decide(
    caller: Principal,
    grant: DataGrant,
    from: GrantStatus,
    change: Parameters<DataSharingRepository['decideGrant']>[2],
    action: string,
    details: Record<string, unknown>,
  ): Promise<DataGrant> {
    if (grant.status !== from) throw new DataGrantStateError(`the grant is ${grant.status}, not ${from}`);
    const entry = auditEntry(caller, action, change.decidedAt, {
      target: grant.id,
      details: { service: grant.service, consumer: grant.consumer, ...details },
    });
    const decided = await deps.repository.decideGrant(grant.id, from, change, [entry]);
    if (!decided) throw new DataGrantStateError('the grant was decided by someone else meanwhile');
    await deps.changes.notify('data-grants');
    return decided;
  }

  return {
    async apply(caller, code, application) {
      const service = await deps.catalogue.get(code);
      if (service.sharingClass !== 'conditional') {
        throw new DataServiceNotSharedError(
          service.sharingClass === 'unconditional' ? `${code} 为无条件共享，无需申请` : `${code} 为不予共享，不受理申请`,
        );
      }
      if (caller.department === undefined || caller.department === service.provider) {
        throw new DataFieldsInvalidError('a grant is applied for by another department than the provider');
      }
      const offered = new Set(service.fields.map((f) => f.name));
      const unknown = application.fields.filter((f) => !offered.has(f));
      if (unknown.length > 0)
        throw new DataFieldsInvalidError(`${code} offers no field ${unknown.join(', ')}`, { extra: { unknownFields: unknown } });
      const grant = {
        id: randomUUID(),
        service: code,
        provider: service.provider,
        consumer: caller.department,
        purposes: [...new Set(application.purposes)],
        requestedFields: [...new Set(application.fields)],
        grantedFields: undefined,
        status: 'pending' as const,
        quotaPerMinute: undefined,
        expiresAt: undefined,
        reason: undefined,
        appliedBy: caller.actor,
        decidedBy: undefined,
        decidedAt: undefined,
      };
      await deps.consumerJoined(grant.consumer);
      await deps.repository.insertGrant(grant, [
        auditEntry(caller, AuditActions.dataGrantApply, deps.now(), {
          target: grant.id,
          details: { service: code, purposes: grant.purposes, fields: grant.requestedFields },
        }),
      ]);
      return (await deps.repository.findGrant(grant.id)) as DataGrant;
    },

    async approve(caller, id, approval) {
      const grant = await providerGrant(caller, id);
      const fields = approval.fields ?? [...grant.requestedFields];
      const beyond = fields.filter((f) => !grant.requestedFields.includes(f));
      if (beyond.length > 0 || fields.length === 0) {
        throw new DataFieldsInvalidError('approve some of the fields asked for, and nothing else', { extra: { notRequested: beyond } });
      }
      const now = deps.now();
      if (approval.expiresAt.getTime() <= now.getTime()) throw new DataFieldsInvalidError('a grant must expire in the future');
      return decide(
        caller,
        grant,
        'pending',
        {
          status: 'approved',
          decidedBy: caller.actor,
          decidedAt: now,
          reason: undefined,
          grantedFields: [...new Set(fields)],
          quotaPerMinute: approval.quotaPerMinute,
          expiresAt: approval.expiresAt,
        },
        AuditActions.dataGrantApprove,
        { fields, quotaPerMinute: approval.quotaPerMinute, expiresAt: approval.expiresAt.toISOString() },
      );
    },

    async refuse(caller, id, reason) {
      const grant = await providerGrant(caller, id);
      const change = { status: 'refused' as const, decidedBy: caller.actor, decidedAt: deps.now(), reason };
      return decide(caller, grant, 'pending', change, AuditActions.dataGrantRefuse, { reason });
    },

    async withdraw(caller, id, reason) {
      const grant = await providerGrant(caller, id);
      const change = { status: 'withdrawn' as const, decidedBy: caller.actor, decidedAt: deps.now(), reason };
      return decide(caller, grant, 'approved', change, AuditActions.dataGrantWithdraw, { reason });
    },

    list(caller, filter) {
      const department = COUNTY_WIDE.has(caller.role) ? undefined : caller.department;
      if (!COUNTY_WIDE.has(caller.role) && department === undefined) return Promise.resolve([]);
      return deps.repository.listGrants({ department, service: filter.service });
    },
  };
}
