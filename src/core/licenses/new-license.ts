/**
 * @module core/licenses/new-license
 * The licence a sealed payload becomes when stored: its GB/T 36904 identifier (serial from the
 * printed number, the given version), lineage and the facts the hub reads from the payload. One
 * mapping for publication and for tools that write licences directly (the benchmark's seeder).
 */
import { deriveLicenseIdentifier, formatLicenseVersion, licenseSerialFromNumber } from '../identifiers/license-identifier.js';
import type { LicenseEnvelope } from '../payloads/license-envelope.js';
import type { NewLicense } from '../ports/license-repository.js';

export interface SealedFacts {
  jws: string;
  /** SHA-256 of the JWS, hex. */
  digest: string;
  /** Lower-case hex serial of the seal certificate. */
  sealSerial: string;
  /** The payload's JSON text as sealed: stored as it is, never serialised again from the parsed payload. */
  payloadJson: string;
}

export function newLicenseOf(payload: LicenseEnvelope, sealed: SealedFacts, version: number, replaces: string | undefined): NewLicense {
  return {
    id: deriveLicenseIdentifier({
      typeCode: payload.typeCode,
      issuerUscc: payload.issuer.uscc,
      number: payload.number,
      version: formatLicenseVersion(version),
    }),
    lineage: `1.2.156.3005.2.${payload.typeCode}.${payload.issuer.uscc}.${licenseSerialFromNumber(payload.number)}`,
    typeCode: payload.typeCode,
    issuer: { uscc: payload.issuer.uscc, name: payload.issuer.name },
    number: payload.number,
    idVersion: version,
    holder: { name: payload.holder.name, idType: payload.holder.idType, id: payload.holder.id },
    issuedAt: payload.issuedAt,
    validFrom: payload.validFrom,
    validUntil: payload.validUntil,
    payload: payload as unknown as Record<string, unknown>,
    ...sealed,
    replaces,
  };
}
