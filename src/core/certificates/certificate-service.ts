/**
 * @module core/certificates/certificate-service
 * Use cases of the hub CA: issue seal and system certificates for active departments, the
 * inventory, revocation / suspension / release with a CRL re-signed on every change, and the
 * periodic re-signing that keeps the CRL fresh when nothing changes. Issuance and every status
 * change are audited in the transaction that stores them.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { DepartmentService } from '../departments/department-service.js';
import { ValidationError } from '../errors.js';
import type { CertificateAuthority } from '../ports/certificate-authority.js';
import type { CertificateFilter, CertificateRepository, StatusChange, StoredCrl } from '../ports/certificate-repository.js';
import { CertificateNotFoundError, CertificateStateError, SealImageInvalidError } from './certificate-errors.js';
import type { CertificateProfile, CertificateRecord, RevocationReason, SealKind } from './certificate-record.js';

export interface IssueCertificateInput {
  csr: string;
  profile: CertificateProfile;
  department: string;
  seal?: { name: string; kind: SealKind; image?: string };
  system?: { name: string };
  notAfter?: string;
}

export interface IssuedCertificateAnswer {
  serial: string;
  certificate: string;
  chain: string;
  notBefore: Date;
  notAfter: Date;
}

const CHANGE_ACTIONS = {
  revoke: AuditActions.certificateRevoke,
  suspend: AuditActions.certificateSuspend,
  release: AuditActions.certificateRelease,
} as const;

const MAX_SEAL_IMAGE_BYTES = 256 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Re-sign when the current CRL has less than this left, so verifiers never hold a stale one. */
const CRL_REFRESH_MARGIN_MS = 12 * 3600_000;

export interface CertificateServiceDeps {
  ca: CertificateAuthority;
  certificates: CertificateRepository;
  departments: DepartmentService;
  now(): Date;
  /** Who acts, for the audit entries of revoke/suspend/release (the request's principal). */
  currentCaller(): Principal;
  /** Awaited after any revocation, suspension or release: drop cached chains, load the new CRL. */
  onStatusChange(serial: string): Promise<void> | void;
}

export function createCertificateService(deps: CertificateServiceDeps) {
  const signCrl = (crlNumber: bigint, entries: Parameters<CertificateAuthority['signCrl']>[1]) => deps.ca.signCrl(crlNumber, entries);

  async function get(serial: string): Promise<CertificateRecord> {
    const record = await deps.certificates.find(normaliseSerial(serial));
    if (!record) throw new CertificateNotFoundError(`no certificate with serial ${serial}`);
    return record;
  }

  async function change(serial: string, change: StatusChange, verb: 'revoke' | 'suspend' | 'release'): Promise<CertificateRecord> {
    const current = await get(serial);
    const audit = auditEntry(deps.currentCaller(), CHANGE_ACTIONS[verb], change.at, {
      target: current.serial,
      details: { department: current.department, profile: current.profile, ...(change.reason ? { reason: change.reason } : {}) },
    });
    const updated = await deps.certificates.changeStatus(current.serial, change, signCrl, [audit]);
    if (!updated) {
      throw new CertificateStateError(`cannot ${verb} a certificate that is ${current.status}`, {
        extra: { status: current.status },
      });
    }
    await deps.onStatusChange(current.serial);
    return updated;
  }

  return {
    async issue(caller: Principal, input: IssueCertificateInput): Promise<IssuedCertificateAnswer> {
      const department = await deps.departments.assertActive(input.department);
      const name = input.profile === 'seal' ? input.seal?.name : (input.system?.name ?? `${department.name}业务系统`);
      if (input.profile === 'seal' && !input.seal) {
        throw new ValidationError('a seal certificate needs the seal', {
          errors: [{ pointer: '/seal', detail: 'is required for profile seal' }],
        });
      }
      const image = input.seal?.image === undefined ? undefined : decodeSealImage(input.seal.image);
      const issued = await deps.ca.issue({
        csr: input.csr,
        profile: input.profile,
        departmentName: department.name,
        uscc: department.uscc,
        name: name as string,
        ...(input.notAfter ? { notAfter: new Date(input.notAfter) } : {}),
      });
      await deps.certificates.insert(
        {
          serial: issued.serial,
          profile: input.profile,
          department: department.uscc,
          name: name as string,
          sealKind: input.seal?.kind,
          sealImage: image,
          certificatePem: issued.certificatePem,
          keyDescription: issued.keyDescription,
          notBefore: issued.notBefore,
          notAfter: issued.notAfter,
          issuedBy: caller.actor,
        },
        [
          auditEntry(caller, AuditActions.certificateIssue, deps.now(), {
            target: issued.serial,
            details: { department: department.uscc, profile: input.profile, name, notAfter: issued.notAfter.toISOString() },
          }),
        ],
      );
      return {
        serial: issued.serial,
        certificate: issued.certificatePem,
        chain: issued.chainPem,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
      };
    },

    get,
    list: (filter: Omit<CertificateFilter, 'now'>) => deps.certificates.list({ ...filter, now: deps.now() }),

    async sealImage(serial: string): Promise<Uint8Array> {
      const image = await deps.certificates.sealImage(normaliseSerial(serial));
      if (!image) throw new CertificateNotFoundError(`certificate ${serial} has no seal image`);
      return image;
    },

    revoke: (serial: string, reason: RevocationReason) =>
      change(serial, { status: 'revoked', reason, at: deps.now(), from: ['valid', 'suspended'] }, 'revoke'),
    suspend: (serial: string) =>
      change(serial, { status: 'suspended', reason: 'certificateHold', at: deps.now(), from: ['valid'] }, 'suspend'),
    release: (serial: string) => change(serial, { status: 'valid', reason: undefined, at: deps.now(), from: ['suspended'] }, 'release'),

    /** The CRL to serve: the latest, signed now if there is none yet. */
    async currentCrl(): Promise<StoredCrl> {
      return (await deps.certificates.latestCrl()) ?? deps.certificates.reissueCrl(signCrl);
    },

    /** Re-sign when the latest CRL nears its nextUpdate; returns whether it did. */
    async refreshCrlIfDue(): Promise<boolean> {
      const latest = await deps.certificates.latestCrl();
      if (latest && latest.nextUpdate.getTime() - deps.now().getTime() > CRL_REFRESH_MARGIN_MS) return false;
      await deps.certificates.reissueCrl(signCrl);
      return true;
    },

    caChainPem: () => deps.ca.caChainPem(),
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;

function normaliseSerial(serial: string): string {
  return serial.trim().toLowerCase();
}

function decodeSealImage(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_SEAL_IMAGE_BYTES) {
    throw new SealImageInvalidError(`the seal image must be a PNG of at most ${MAX_SEAL_IMAGE_BYTES / 1024} KiB`);
  }
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new SealImageInvalidError('the seal image is not a PNG file');
  }
  return new Uint8Array(bytes);
}
