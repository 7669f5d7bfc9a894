/**
 * @module core/pki-errors
 * One class per certificate, CRL, CSR or key failure, each with a stable code a caller may branch on
 * (`pki verify` prints it; the auth endpoint maps it to a problem). Path-validation errors carry the
 * failing certificate's `subject` and `serial` in `extra` so an admin sees which link broke. None is
 * retriable: the same input fails the same way until someone changes certificates or CRLs.
 */
import { HubError } from './errors.js';

// --- certificate path validation ---

/** Not a parseable X.509 certificate, or one with a duplicated extension. */
export class CertificateMalformedError extends HubError {
  static override code = 'ERR_CERT_MALFORMED';
}
export class CertificateExpiredError extends HubError {
  static override code = 'ERR_CERT_EXPIRED';
}
export class CertificateNotYetValidError extends HubError {
  static override code = 'ERR_CERT_NOT_YET_VALID';
}
export class CertificateSignatureInvalidError extends HubError {
  static override code = 'ERR_CERT_SIGNATURE_INVALID';
}
/** Signed with SHA-1/MD5 or an algorithm outside the accepted list. */
export class CertificateWeakAlgorithmError extends HubError {
  static override code = 'ERR_CERT_WEAK_ALGORITHM';
}
export class CertificateIssuerNotCaError extends HubError {
  static override code = 'ERR_CERT_ISSUER_NOT_CA';
}
export class CertificatePathLengthExceededError extends HubError {
  static override code = 'ERR_CERT_PATH_LEN_EXCEEDED';
}
export class CertificateIssuerKeyUsageError extends HubError {
  static override code = 'ERR_CERT_ISSUER_KEY_USAGE';
}
export class CertificateKeyUsageError extends HubError {
  static override code = 'ERR_CERT_KEY_USAGE';
}
export class CertificateExtendedKeyUsageError extends HubError {
  static override code = 'ERR_CERT_EXTENDED_KEY_USAGE';
}
/** A seal or system certificate that is itself a CA. */
export class CertificateLeafIsCaError extends HubError {
  static override code = 'ERR_CERT_LEAF_IS_CA';
}
export class CertificateUnknownCriticalExtensionError extends HubError {
  static override code = 'ERR_CERT_UNKNOWN_CRITICAL_EXTENSION';
}
/** A name in a certificate lies outside the permitted subtrees of a CA's name constraints (RFC 5280 §4.2.1.10). */
export class CertificateNameNotPermittedError extends HubError {
  static override code = 'ERR_CERT_NAME_NOT_PERMITTED';
}
/** A name in a certificate lies inside an excluded subtree of a CA's name constraints. */
export class CertificateNameExcludedError extends HubError {
  static override code = 'ERR_CERT_NAME_EXCLUDED';
}
/**
 * A name constraints extension the hub cannot apply soundly: malformed, empty, not critical, on a
 * non-CA, with minimum/maximum, a malformed DNS/IP/email base, or constraining a name form (otherName,
 * x400Address, ediPartyName, registeredID) that a certificate below it uses.
 */
export class CertificateNameConstraintsInvalidError extends HubError {
  static override code = 'ERR_CERT_NAME_CONSTRAINTS_INVALID';
}

// --- certificate profile (RFC 5280 §4 MUST rules a conforming CA follows) ---

/** §4.1.2.2: a serial number that is zero, negative or longer than 20 octets. */
export class CertificateSerialInvalidError extends HubError {
  static override code = 'ERR_CERT_SERIAL_INVALID';
}
/** §4.1.2.4: the issuer field holds an empty distinguished name. */
export class CertificateIssuerEmptyError extends HubError {
  static override code = 'ERR_CERT_ISSUER_EMPTY';
}
/** §4.1.2.6: a CA certificate with an empty subject. */
export class CertificateCaSubjectEmptyError extends HubError {
  static override code = 'ERR_CERT_CA_SUBJECT_EMPTY';
}
/** §4.2.1.6: a certificate with an empty subject whose subjectAltName is missing or not critical. */
export class CertificateSubjectAltNameNotCriticalError extends HubError {
  static override code = 'ERR_CERT_SAN_NOT_CRITICAL';
}
/** §4.2.1.1: a certificate that is not self-issued carries no authorityKeyIdentifier with a keyIdentifier. */
export class CertificateAuthorityKeyIdMissingError extends HubError {
  static override code = 'ERR_CERT_AKI_MISSING';
}
/** §4.2.1.1: authorityKeyIdentifier marked critical. */
export class CertificateAuthorityKeyIdCriticalError extends HubError {
  static override code = 'ERR_CERT_AKI_CRITICAL';
}
/** §4.2.1.2: a CA certificate without subjectKeyIdentifier. */
export class CertificateSubjectKeyIdMissingError extends HubError {
  static override code = 'ERR_CERT_SKI_MISSING';
}
/** §4.2.1.2: subjectKeyIdentifier marked critical. */
export class CertificateSubjectKeyIdCriticalError extends HubError {
  static override code = 'ERR_CERT_SKI_CRITICAL';
}
/** §4.2.1.9: a CA certificate whose basicConstraints is not marked critical. */
export class CertificateBasicConstraintsNotCriticalError extends HubError {
  static override code = 'ERR_CERT_BASIC_CONSTRAINTS_NOT_CRITICAL';
}
/** §4.2.1.3: keyCertSign asserted by a certificate that is not a CA (basicConstraints cA FALSE or absent). */
export class CertificateKeyCertSignNotCaError extends HubError {
  static override code = 'ERR_CERT_KEY_CERT_SIGN_NOT_CA';
}
/** §4.2.1.1: a trust anchor whose authorityKeyIdentifier names an issuer and serial (authorityCertIssuer/Serial). */
export class CertificateAnchorAuthorityKeyIdIssuerError extends HubError {
  static override code = 'ERR_CERT_ANCHOR_AKI_ISSUER_SERIAL';
}
/** A self-issued trust anchor whose authorityKeyIdentifier differs from its own subjectKeyIdentifier. */
export class CertificateAnchorAuthorityKeyIdMismatchError extends HubError {
  static override code = 'ERR_CERT_ANCHOR_AKI_MISMATCH';
}
/** The path ends in a self-signed certificate that is not a configured trust anchor. */
export class CertificateUntrustedRootError extends HubError {
  static override code = 'ERR_CERT_UNTRUSTED_ROOT';
}
/** No certificate among the intermediates and anchors issued this one. */
export class CertificateIssuerNotFoundError extends HubError {
  static override code = 'ERR_CERT_ISSUER_NOT_FOUND';
}
export class CertificateChainTooLongError extends HubError {
  static override code = 'ERR_CERT_CHAIN_TOO_LONG';
}
export class CertificateChainCycleError extends HubError {
  static override code = 'ERR_CERT_CHAIN_CYCLE';
}
/** Path building gave up: too many candidate issuers or intermediates (a denial-of-service guard). */
export class CertificatePathWorkExceededError extends HubError {
  static override code = 'ERR_CERT_PATH_WORK_EXCEEDED';
}
export class CertificateRevokedError extends HubError {
  static override code = 'ERR_CERT_REVOKED';
}
/** On the CRL with reason certificateHold: suspended, may be released later. */
export class CertificateSuspendedError extends HubError {
  static override code = 'ERR_CERT_SUSPENDED';
}

// --- CRLs ---

export class CrlMalformedError extends HubError {
  static override code = 'ERR_CRL_MALFORMED';
}
/** Revocation checking was required and no CRL from the certificate's issuer was supplied. */
export class CrlMissingError extends HubError {
  static override code = 'ERR_CRL_MISSING';
}
/** Every CRL naming the issuer failed signature verification with the issuer's key. */
export class CrlSignatureInvalidError extends HubError {
  static override code = 'ERR_CRL_SIGNATURE_INVALID';
}
/** The CRL issuer's certificate lacks cRLSign. */
export class CrlIssuerKeyUsageError extends HubError {
  static override code = 'ERR_CRL_ISSUER_KEY_USAGE';
}
/** No correctly signed CRL with thisUpdate ≤ at < nextUpdate. */
export class CrlStaleError extends HubError {
  static override code = 'ERR_CRL_STALE';
}
/** Delta CRLs, issuing distribution points and other critical extensions are not processed. */
export class CrlUnknownCriticalExtensionError extends HubError {
  static override code = 'ERR_CRL_UNKNOWN_CRITICAL_EXTENSION';
}

// --- CSRs and issuance ---

export class CsrMalformedError extends HubError {
  static override code = 'ERR_CSR_MALFORMED';
}
export class CsrSignatureInvalidError extends HubError {
  static override code = 'ERR_CSR_SIGNATURE_INVALID';
}
/** RSA shorter than 2048 bits. */
export class CsrWeakKeyError extends HubError {
  static override code = 'ERR_CSR_WEAK_KEY';
}
/** A key type or curve outside ECDSA P-256/P-384, Ed25519, RSA. */
export class CsrKeyUnsupportedError extends HubError {
  static override code = 'ERR_CSR_KEY_UNSUPPORTED';
}
/** Self-signed with SHA-1, MD5 or an algorithm outside the accepted list. */
export class CsrWeakSignatureError extends HubError {
  static override code = 'ERR_CSR_WEAK_SIGNATURE';
}
/** Department name, seal or system name unusable in a certificate subject. */
export class CertificateSubjectInvalidError extends HubError {
  static override code = 'ERR_CERT_SUBJECT_INVALID';
}
/** Requested validity is empty or outlives the issuing CA. */
export class CertificateValidityInvalidError extends HubError {
  static override code = 'ERR_CERT_VALIDITY_INVALID';
}

// --- keys and CA material ---

/** An encrypted private key could not be decrypted (wrong passphrase or damaged file). */
export class KeyDecryptError extends HubError {
  static override code = 'ERR_KEY_DECRYPT';
}
/** Stored CA material is inconsistent: a key that does not match its certificate, or a part missing. */
export class CaMaterialInvalidError extends HubError {
  static override code = 'ERR_CA_MATERIAL_INVALID';
}
