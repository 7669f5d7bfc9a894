/**
 * @module pki/ca/hub-certificate-authority
 * The `CertificateAuthority` port over the hub CA's issuing key: certificates from CSRs (profiles,
 * hub-built subjects) and CRLs. The CRL's distribution point is the hub's own `/v1/pki/crl`.
 */
import type { CertificateAuthority, CrlEntryData, SignedCrl } from '../../core/ports/certificate-authority.js';
import { createCrl } from './crl.js';
import type { HubCa } from './ca-hierarchy.js';
import { issueCertificate } from './issue-certificate.js';

export interface HubCertificateAuthorityOptions {
  ca: HubCa;
  /** e.g. `https://hub.example/v1/pki/crl`. */
  crlDistributionPoint: string;
  clock?: () => Date;
}

export function createHubCertificateAuthority(options: HubCertificateAuthorityOptions): CertificateAuthority {
  const clock = options.clock ?? (() => new Date());
  return {
    async issue(request) {
      const issued = await issueCertificate({
        issuer: options.ca.issuing,
        csr: request.csr,
        profile: request.profile,
        subject: {
          departmentName: request.departmentName,
          uscc: request.uscc,
          ...(request.profile === 'seal' ? { sealName: request.name } : { systemName: request.name }),
        },
        crlDistributionPoint: options.crlDistributionPoint,
        ...(request.notAfter ? { notAfter: request.notAfter } : {}),
        clock,
      });
      return {
        serial: issued.serial,
        certificatePem: issued.certificatePem,
        chainPem: issued.chainPem,
        notBefore: issued.notBefore,
        notAfter: issued.notAfter,
        keyDescription: issued.keyDescription,
      };
    },

    async signCrl(crlNumber: bigint, entries: readonly CrlEntryData[]): Promise<SignedCrl> {
      const crl = await createCrl({
        issuer: options.ca.issuing,
        crlNumber,
        entries: entries.map((e) => ({ serial: e.serial, revokedAt: e.revokedAt, reason: e.reason })),
        clock,
      });
      return { der: new Uint8Array(crl.rawData), thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate as Date };
    },

    caChainPem: () => options.ca.caChainPem(),
  };
}
