/**
 * @module http/problem
 * RFC 9457 problem details. The one table mapping stable error codes to HTTP status lives here;
 * every error leaving the hub goes through `toProblem`. Unknown errors become a bare 500 that
 * echoes nothing: their detail goes to the log under the request id, never to the caller.
 */
import { HubError, type FieldError } from '../core/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** code → HTTP status. A HubError code missing here is a bug (a unit test checks them all). */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ERR_INTERNAL: 500,
  ERR_VALIDATION: 422,
  ERR_MALFORMED_REQUEST: 400,
  ERR_MALFORMED_MESSAGE: 400,
  ERR_JSON_DUPLICATE_MEMBER: 400,
  ERR_UNSAFE_TEXT: 400,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_ROUTE_NOT_FOUND: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_UNAUTHENTICATED: 401,
  ERR_INVALID_TOKEN: 401,
  ERR_FORBIDDEN: 403,
  ERR_NOT_FOUND: 404,
  ERR_DEPENDENCY_UNAVAILABLE: 503,
  ERR_BUS_MESSAGE_REFUSED: 502,
  ERR_SHUTTING_DOWN: 503,
  ERR_NOT_READY: 503,
  ERR_USCC_INVALID: 422,
  ERR_DEPARTMENT_EXISTS: 409,
  ERR_DEPARTMENT_NOT_FOUND: 404,
  ERR_DEPARTMENT_INACTIVE: 403,
  ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND: 404,
  ERR_WEBHOOK_URL_INVALID: 422,
  ERR_WEBHOOK_TYPE_NOT_ENTITLED: 403,
  ERR_CERTIFICATE_NOT_FOUND: 404,
  ERR_CERTIFICATE_STATE: 409,
  ERR_SEAL_IMAGE_INVALID: 422,
  // A sealed object (licence, status change, document) whose JWS is unacceptable.
  ERR_JWS_MALFORMED: 400,
  ERR_LICENSE_NOT_FOUND: 404,
  ERR_LICENSE_AMBIGUOUS: 409,
  ERR_VERIFICATION_RATE_LIMITED: 429,
  ERR_VERIFICATION_BATCH_TOO_LARGE: 422,
  ERR_HOLDER_CHECKS_LIMITED: 429,
  ERR_LICENSE_TYPE_UNKNOWN: 422,
  ERR_LICENSE_CONFLICT: 409,
  ERR_ISSUER_MISMATCH: 403,
  ERR_NO_ISSUING_RIGHT: 403,
  ERR_LICENSE_TRANSITION: 409,
  ERR_STATUS_CHANGE_REPLAYED: 409,
  ERR_RECORD_ALTERED: 409,
  ERR_LICENSE_REPLACEMENT: 409,
  ERR_SUBMISSION_HEADER: 400,
  ERR_DOCUMENT_NOT_FOUND: 404,
  ERR_DOCUMENT_CONFLICT: 409,
  ERR_DOCUMENT_ISSUER_MISMATCH: 403,
  ERR_DOCUMENT_FILE_MISMATCH: 422,
  ERR_DOCUMENT_AMBIGUOUS: 409,
  ERR_DOCUMENT_FILE_NOT_STORED: 404,
  // Document verification check codes: reported inside a 200 verdict, 422 if ever thrown.
  ERR_DOCUMENT_HASH_MISMATCH: 422,
  ERR_DOCUMENT_RECORD_MISMATCH: 422,
  // Issuer check codes of licences and documents alike (pki/seal-at-issuance), 422 if ever thrown.
  ERR_SEAL_KEY_COMPROMISED: 422,
  ERR_SEAL_INVALID: 422,
  ERR_JWS_ALGORITHM: 422,
  ERR_JWS_TYPE: 422,
  ERR_JWS_HEADER_FORBIDDEN: 422,
  ERR_JWS_X5C_MISSING: 422,
  ERR_JWS_SIGNATURE_INVALID: 422,
  ERR_JWS_PAYLOAD_INVALID: 422,
  ERR_JWS_DUPLICATE_MEMBER: 422,
  ERR_ID_NUMBER_INVALID: 422,
  ERR_LICENSE_ID_INVALID: 422,
  ERR_USER_EXISTS: 409,
  ERR_USER_NOT_FOUND: 404,
  ERR_USER_SCOPE: 403,
  ERR_LOGIN_FAILED: 401,
  ERR_LOGIN_LOCKED: 429,
  ERR_SESSION_INVALID: 401,
  ERR_CSRF: 403,
  // Certificates, CRLs and CSRs a caller presented that fail validation: the request is well
  // formed but its content is not acceptable.
  ERR_CERT_NAME_NOT_PERMITTED: 422,
  ERR_CERT_NAME_EXCLUDED: 422,
  ERR_CERT_NAME_CONSTRAINTS_INVALID: 422,
  ERR_CERT_SERIAL_INVALID: 422,
  ERR_CERT_ISSUER_EMPTY: 422,
  ERR_CERT_CA_SUBJECT_EMPTY: 422,
  ERR_CERT_AKI_MISSING: 422,
  ERR_CERT_SAN_NOT_CRITICAL: 422,
  ERR_CERT_AKI_CRITICAL: 422,
  ERR_CERT_SKI_MISSING: 422,
  ERR_CERT_SKI_CRITICAL: 422,
  ERR_CERT_BASIC_CONSTRAINTS_NOT_CRITICAL: 422,
  ERR_CERT_KEY_CERT_SIGN_NOT_CA: 422,
  ERR_CERT_ANCHOR_AKI_ISSUER_SERIAL: 422,
  ERR_CERT_ANCHOR_AKI_MISMATCH: 422,
  ERR_CERT_CHAIN_CYCLE: 422,
  ERR_CERT_CHAIN_TOO_LONG: 422,
  ERR_CERT_EXPIRED: 422,
  ERR_CERT_EXTENDED_KEY_USAGE: 422,
  ERR_CERT_ISSUER_KEY_USAGE: 422,
  ERR_CERT_ISSUER_NOT_CA: 422,
  ERR_CERT_ISSUER_NOT_FOUND: 422,
  ERR_CERT_KEY_USAGE: 422,
  ERR_CERT_LEAF_IS_CA: 422,
  ERR_CERT_MALFORMED: 422,
  ERR_CERT_NOT_YET_VALID: 422,
  ERR_CERT_PATH_LEN_EXCEEDED: 422,
  ERR_CERT_PATH_WORK_EXCEEDED: 422,
  ERR_CERT_REVOKED: 422,
  ERR_CERT_SIGNATURE_INVALID: 422,
  ERR_CERT_SUBJECT_INVALID: 422,
  ERR_CERT_SUSPENDED: 422,
  ERR_CERT_UNKNOWN_CRITICAL_EXTENSION: 422,
  ERR_CERT_UNTRUSTED_ROOT: 422,
  ERR_CERT_VALIDITY_INVALID: 422,
  ERR_CERT_WEAK_ALGORITHM: 422,
  ERR_CRL_ISSUER_KEY_USAGE: 422,
  ERR_CRL_MALFORMED: 422,
  ERR_CRL_MISSING: 422,
  ERR_CRL_SIGNATURE_INVALID: 422,
  ERR_CRL_STALE: 422,
  ERR_CRL_UNKNOWN_CRITICAL_EXTENSION: 422,
  ERR_CSR_KEY_UNSUPPORTED: 422,
  ERR_CSR_MALFORMED: 422,
  ERR_CSR_SIGNATURE_INVALID: 422,
  ERR_CSR_WEAK_KEY: 422,
  ERR_CSR_WEAK_SIGNATURE: 422,
  // Cases, the catalogue and the working-day calendar.
  ERR_CALENDAR_YEAR_UNKNOWN: 404,
  ERR_CALENDAR_INVALID: 422,
  ERR_CASE_NOT_FOUND: 404,
  ERR_CASE_PACKAGE_NOT_FOUND: 404,
  ERR_CASE_EXISTS: 409,
  ERR_CASE_NOT_OPEN: 409,
  ERR_CASE_SCOPE: 403,
  ERR_MILESTONE_INVALID: 409,
  ERR_MILESTONE_DUPLICATE: 409,
  ERR_APPLICANT_ID_INVALID: 422,
  ERR_HOLDER_LOOKUP_RATE_LIMITED: 429,
  ERR_MATERIAL_NOT_PUBLISHED: 422,
  ERR_CATALOGUE_ITEM_NOT_FOUND: 404,
  ERR_CATALOGUE_ITEM_NOT_PUBLISHED: 409,
  ERR_CATALOGUE_ITEM_INVALID: 422,
  ERR_CATALOGUE_IMPORT_INVALID: 422,
  // System authentication (POST /v1/auth/token): a malformed token request is 400 (OAuth
  // invalid_request / unsupported_grant_type); every assertion failure is 401 invalid_client
  // (RFC 7523 §3.2), each with its own code; hub access tokens that fail are 401 like any bearer.
  ERR_TOKEN_REQUEST_INVALID: 400,
  ERR_GRANT_TYPE_UNSUPPORTED: 400,
  ERR_CLIENT_ID_MISMATCH: 401,
  ERR_ASSERTION_TOO_LARGE: 401,
  ERR_ASSERTION_HEADER_TOO_LARGE: 401,
  ERR_ASSERTION_MALFORMED: 401,
  ERR_ASSERTION_ENCODING: 401,
  ERR_ASSERTION_HEADER_INVALID: 401,
  ERR_ASSERTION_ALG_NONE: 401,
  ERR_ASSERTION_ALG_UNSUPPORTED: 401,
  ERR_ASSERTION_ALG_KEY_MISMATCH: 401,
  ERR_ASSERTION_WEAK_KEY: 401,
  ERR_ASSERTION_TYP_INVALID: 401,
  ERR_ASSERTION_CRIT_UNSUPPORTED: 401,
  ERR_ASSERTION_JWK_FORBIDDEN: 401,
  ERR_ASSERTION_JKU_FORBIDDEN: 401,
  ERR_ASSERTION_X5U_FORBIDDEN: 401,
  ERR_ASSERTION_X5C_MISSING: 401,
  ERR_ASSERTION_X5C_INVALID: 401,
  ERR_ASSERTION_CERTIFICATE_SUBJECT: 401,
  ERR_ASSERTION_SIGNATURE_MISSING: 401,
  ERR_ASSERTION_SIGNATURE_INVALID: 401,
  ERR_ASSERTION_CLAIMS_INVALID: 401,
  ERR_ASSERTION_ISSUER_MISMATCH: 401,
  ERR_ASSERTION_SUBJECT_MISMATCH: 401,
  ERR_ASSERTION_AUDIENCE_INVALID: 401,
  ERR_ASSERTION_EXPIRY_MISSING: 401,
  ERR_ASSERTION_EXPIRED: 401,
  ERR_ASSERTION_EXPIRY_TOO_FAR: 401,
  ERR_ASSERTION_NOT_YET_VALID: 401,
  ERR_ASSERTION_JTI_MISSING: 401,
  ERR_ASSERTION_JTI_INVALID: 401,
  ERR_ASSERTION_REPLAYED: 401,
  ERR_ACCESS_TOKEN_INVALID: 401,
  ERR_ACCESS_TOKEN_EXPIRED: 401,
  ERR_ACCESS_TOKEN_REVOKED: 401,
  // Hub key material that cannot be used: an operator problem, never the caller's.
  ERR_KEY_DECRYPT: 500,
  ERR_CA_MATERIAL_INVALID: 500,
  // Data sharing: the provider's failures reach the consumer as 502/503/504, never as silence.
  ERR_DATA_SERVICE_NOT_FOUND: 404,
  ERR_DATA_NOT_SHARED: 403,
  ERR_DATA_SERVICE_INVALID: 422,
  ERR_DATA_CONTRACT_INCOMPATIBLE: 409,
  ERR_DATA_NOT_PROVIDER: 403,
  ERR_DATA_GRANT_NOT_FOUND: 404,
  ERR_DATA_BODIES_NOT_KEPT: 404,
  ERR_DEAD_LETTER_MALFORMED: 422,
  ERR_DEAD_LETTER_UNOPENABLE: 422,
  ERR_DATA_GRANT_STATE: 409,
  ERR_DATA_FIELDS_INVALID: 422,
  ERR_DATA_NO_GRANT: 403,
  ERR_DATA_GRANT_EXPIRED: 403,
  ERR_DATA_PURPOSE_MISSING: 422,
  ERR_DATA_PURPOSE_NOT_GRANTED: 403,
  ERR_DATA_QUOTA_EXCEEDED: 429,
  ERR_DATA_TIMEOUT: 504,
  ERR_DATA_PROVIDER_UNAVAILABLE: 503,
  ERR_DATA_PROVIDER_REFUSED: 502,
  ERR_DATA_MALFORMED_ANSWER: 502,
  ERR_DATA_PROVIDER_UNREACHABLE: 502,
  ERR_DATA_BUSY: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** At most this many field errors are listed; the rest are counted (`errorsOmitted`). */
export const MAX_PROBLEM_ERRORS = 50;

export function problemType(code: string): string {
  return `urn:zhengzhao:problem:${code}`;
}

export function toProblem(error: unknown, context: { instance?: string; requestId?: string } = {}): ProblemBody {
  if (!(error instanceof HubError)) {
    return {
      type: problemType('ERR_INTERNAL'),
      title: TITLES[500] as string,
      status: 500,
      detail: 'an unexpected error occurred; quote the request id when reporting it',
      code: 'ERR_INTERNAL',
      ...context,
    };
  }
  const status = STATUS_BY_CODE[error.code] ?? 500;
  return {
    ...error.extra,
    type: problemType(error.code),
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.detail,
    code: error.code,
    ...context,
    ...(error.errors ? listed(error.errors) : {}),
  };
}

/** A body of 60,000 unknown members must not earn a 3 MB answer: the first errors, and a count. */
function listed(errors: FieldError[]): { errors: FieldError[]; errorsOmitted?: number } {
  if (errors.length <= MAX_PROBLEM_ERRORS) return { errors };
  return { errors: errors.slice(0, MAX_PROBLEM_ERRORS), errorsOmitted: errors.length - MAX_PROBLEM_ERRORS };
}

/**
 * Headers a problem answer carries beside its body: Retry-After when the caller should come back,
 * and `Connection: close` after a 413 — the body was left unread, so the connection cannot serve
 * another request, and a client pooling connections must be told rather than find it closed.
 */
export function problemHeaders(body: ProblemBody): Record<string, string> {
  return {
    ...(typeof body.retryAfter === 'number' ? { 'retry-after': String(Math.ceil(body.retryAfter)) } : {}),
    ...(body.status === 413 ? { connection: 'close' } : {}),
  };
}
