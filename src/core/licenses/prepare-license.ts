/**
 * @module core/licenses/prepare-license
 * Everything about a submitted licence that needs no database write: the seal (integrity and seal
 * path at the time of submission), the contract of its type (schema), the national identifiers in
 * it (GB 11643 / GB 32100 check characters), who sealed it versus who it names as issuer versus who
 * is calling, and the issuing right. The result carries the identifier lineage; the version is
 * settled in the write transaction (001, or the next after the licence it replaces).
 */
import type { Principal } from '../auth/principal.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { checkPayloadIdentifiers } from '../contracts/payload-identifiers.js';
import { type FieldError, ValidationError } from '../errors.js';
import { licenseSerialFromNumber, parseLicenseIdentifier } from '../identifiers/license-identifier.js';
import { validateUscc } from '../identifiers/uscc.js';
import type { SealVerifier, VerifiedSeal } from '../ports/seal-verifier.js';
import type { LicenseEnvelope } from '../payloads/license-envelope.js';
import type { RightsDirectory } from '../rights/rights-directory.js';
import { IssuerMismatchError, LicenseTypeUnknownError } from './license-errors.js';

export const LICENSE_JWS_TYPE = 'zz-license+jws';

export interface PreparedLicense {
  jws: string;
  seal: VerifiedSeal;
  payload: LicenseEnvelope;
  /** `1.2.156.3005.2.<type>.<issuer>.<serial>` — the identifier without version and check char. */
  lineage: string;
}

export interface PrepareDeps {
  seals: SealVerifier;
  contracts: ContractRegistry;
  rights: Pick<RightsDirectory, 'assertMayIssue'>;
  now(): Date;
}

/**
 * `caller` is the authenticated department system over HTTP; over Kafka it is absent and the
 * message key (the issuer's credit code, when given) must agree with the seal instead.
 */
export async function prepareLicense(
  deps: PrepareDeps,
  jws: string,
  origin: { caller?: Principal; key?: string | null },
): Promise<PreparedLicense> {
  const seal = await deps.seals.verify(jws, { typ: LICENSE_JWS_TYPE, at: deps.now() });
  const raw = seal.payload;
  const typeCode = typeof raw.typeCode === 'string' ? raw.typeCode : '';
  const contract = deps.contracts.licenseType(typeCode);
  if (!contract) {
    throw new LicenseTypeUnknownError(`no licence type with code "${typeCode.slice(0, 40)}"`, {
      errors: [{ pointer: '/typeCode', detail: 'unknown licence type' }],
    });
  }
  const schemaErrors = deps.contracts.validate(contract.schemaId, raw);
  if (schemaErrors.length > 0)
    throw new ValidationError(`the licence does not match the ${contract.name} contract`, { errors: schemaErrors });
  const payload = raw as unknown as LicenseEnvelope;
  const dateErrors = checkValidityDates(payload);
  if (dateErrors.length > 0) throw new ValidationError('the licence ends before it begins', { errors: dateErrors });
  const identifierErrors = checkPayloadIdentifiers(payload, { at: new Date(`${payload.issuedAt}T23:59:59+08:00`) });
  if (identifierErrors.length > 0) throw new ValidationError('an identifier in the licence fails its check', { errors: identifierErrors });

  const sealer = seal.seal.uscc;
  if (payload.issuer.uscc !== sealer) {
    throw new IssuerMismatchError(`the licence names issuer ${payload.issuer.uscc} but is sealed by ${sealer || 'an unknown department'}`);
  }
  if (origin.caller && origin.caller.department !== sealer) {
    throw new IssuerMismatchError('a department system may only submit licences sealed by its own department');
  }
  if (origin.key && origin.key !== sealer) {
    // The key is echoed only when it is a credit code: a careless connector keying by the holder's
    // 居民身份证号 must not see it repeated on a results topic every department reads.
    const key = validateUscc(origin.key).ok ? ` ${origin.key}` : ' (not a credit code)';
    throw new IssuerMismatchError(`the message key${key} is not the sealing department ${sealer}`);
  }
  await deps.rights.assertMayIssue(sealer, typeCode);

  const serial = licenseSerialFromNumber(payload.number);
  if (serial === '') {
    throw new ValidationError('the licence number has no digits or letters to derive an identifier from', {
      errors: [{ pointer: '/number', detail: 'needs at least one of 0-9 A-Z' }],
    });
  }
  if (payload.replaces !== undefined) parseLicenseIdentifier(payload.replaces);
  return { jws, seal, payload, lineage: `1.2.156.3005.2.${typeCode}.${sealer}.${serial}` };
}

/** ISO calendar dates compare as strings; a licence valid until a day before it was issued or took effect is a typo or a forgery. */
function checkValidityDates(payload: Pick<LicenseEnvelope, 'issuedAt' | 'validFrom' | 'validUntil'>): FieldError[] {
  const until = payload.validUntil;
  if (until === undefined) return [];
  const errors: FieldError[] = [];
  if (until < payload.validFrom)
    errors.push({ pointer: '/validUntil', detail: `validUntil ${until} lies before validFrom ${payload.validFrom}` });
  if (until < payload.issuedAt)
    errors.push({ pointer: '/validUntil', detail: `validUntil ${until} lies before issuedAt ${payload.issuedAt}` });
  return errors;
}
