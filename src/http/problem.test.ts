/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import * as errors from '../core/errors.js';
import { HubError, ValidationError } from '../core/errors.js';
import { STATUS_BY_CODE, toProblem } from './problem.js';

const errorModules = import.meta.glob('../core/**/*errors.ts', { eager: true }) as Record<string, Record<string, unknown>>;

/**
 * The code → status table as clients rely on it: a changed status is a breaking change of the
 * public surface, so it must fail here and be changed on purpose, in both places.
 */
const EXPECTED_STATUS: Readonly<Record<number, readonly string[]>> = {
  400: [
    'ERR_MALFORMED_REQUEST',
    'ERR_MALFORMED_MESSAGE',
    'ERR_JSON_DUPLICATE_MEMBER',
    'ERR_UNSAFE_TEXT',
    'ERR_JWS_MALFORMED',
    'ERR_SUBMISSION_HEADER',
    'ERR_TOKEN_REQUEST_INVALID',
    'ERR_GRANT_TYPE_UNSUPPORTED',
  ],
  401: [
    'ERR_UNAUTHENTICATED',
    'ERR_INVALID_TOKEN',
    'ERR_LOGIN_FAILED',
    'ERR_SESSION_INVALID',
    'ERR_CLIENT_ID_MISMATCH',
    'ERR_ASSERTION_TOO_LARGE',
    'ERR_ASSERTION_HEADER_TOO_LARGE',
    'ERR_ASSERTION_MALFORMED',
    'ERR_ASSERTION_ENCODING',
    'ERR_ASSERTION_HEADER_INVALID',
    'ERR_ASSERTION_ALG_NONE',
    'ERR_ASSERTION_ALG_UNSUPPORTED',
    'ERR_ASSERTION_ALG_KEY_MISMATCH',
    'ERR_ASSERTION_WEAK_KEY',
    'ERR_ASSERTION_TYP_INVALID',
    'ERR_ASSERTION_CRIT_UNSUPPORTED',
    'ERR_ASSERTION_JWK_FORBIDDEN',
    'ERR_ASSERTION_JKU_FORBIDDEN',
    'ERR_ASSERTION_X5U_FORBIDDEN',
    'ERR_ASSERTION_X5C_MISSING',
    'ERR_ASSERTION_X5C_INVALID',
    'ERR_ASSERTION_CERTIFICATE_SUBJECT',
    'ERR_ASSERTION_SIGNATURE_MISSING',
    'ERR_ASSERTION_SIGNATURE_INVALID',
    'ERR_ASSERTION_CLAIMS_INVALID',
    'ERR_ASSERTION_ISSUER_MISMATCH',
    'ERR_ASSERTION_SUBJECT_MISMATCH',
    'ERR_ASSERTION_AUDIENCE_INVALID',
    'ERR_ASSERTION_EXPIRY_MISSING',
    'ERR_ASSERTION_EXPIRED',
    'ERR_ASSERTION_EXPIRY_TOO_FAR',
    'ERR_ASSERTION_NOT_YET_VALID',
    'ERR_ASSERTION_JTI_MISSING',
    'ERR_ASSERTION_JTI_INVALID',
    'ERR_ASSERTION_REPLAYED',
    'ERR_ACCESS_TOKEN_INVALID',
    'ERR_ACCESS_TOKEN_EXPIRED',
    'ERR_ACCESS_TOKEN_REVOKED',
  ],
  403: [
    'ERR_FORBIDDEN',
    'ERR_DEPARTMENT_INACTIVE',
    'ERR_WEBHOOK_TYPE_NOT_ENTITLED',
    'ERR_ISSUER_MISMATCH',
    'ERR_NO_ISSUING_RIGHT',
    'ERR_DOCUMENT_ISSUER_MISMATCH',
    'ERR_USER_SCOPE',
    'ERR_CSRF',
    'ERR_CASE_SCOPE',
    'ERR_DATA_GRANT_EXPIRED',
    'ERR_DATA_NOT_PROVIDER',
    'ERR_DATA_NOT_SHARED',
    'ERR_DATA_NO_GRANT',
    'ERR_DATA_PURPOSE_NOT_GRANTED',
  ],
  404: [
    'ERR_ROUTE_NOT_FOUND',
    'ERR_NOT_FOUND',
    'ERR_DEPARTMENT_NOT_FOUND',
    'ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND',
    'ERR_CERTIFICATE_NOT_FOUND',
    'ERR_LICENSE_NOT_FOUND',
    'ERR_DOCUMENT_NOT_FOUND',
    'ERR_DOCUMENT_FILE_NOT_STORED',
    'ERR_USER_NOT_FOUND',
    'ERR_CALENDAR_YEAR_UNKNOWN',
    'ERR_CASE_NOT_FOUND',
    'ERR_CASE_PACKAGE_NOT_FOUND',
    'ERR_CATALOGUE_ITEM_NOT_FOUND',
    'ERR_DATA_GRANT_NOT_FOUND',
    'ERR_DATA_SERVICE_NOT_FOUND',
    'ERR_DATA_BODIES_NOT_KEPT',
  ],
  405: ['ERR_METHOD_NOT_ALLOWED'],
  409: [
    'ERR_DEPARTMENT_EXISTS',
    'ERR_CERTIFICATE_STATE',
    'ERR_LICENSE_AMBIGUOUS',
    'ERR_LICENSE_CONFLICT',
    'ERR_LICENSE_TRANSITION',
    'ERR_LICENSE_REPLACEMENT',
    'ERR_DOCUMENT_CONFLICT',
    'ERR_DOCUMENT_AMBIGUOUS',
    'ERR_USER_EXISTS',
    'ERR_CASE_EXISTS',
    'ERR_CASE_NOT_OPEN',
    'ERR_MILESTONE_INVALID',
    'ERR_MILESTONE_DUPLICATE',
    'ERR_CATALOGUE_ITEM_NOT_PUBLISHED',
    'ERR_DATA_CONTRACT_INCOMPATIBLE',
    'ERR_DATA_GRANT_STATE',
    'ERR_STATUS_CHANGE_REPLAYED',
    'ERR_RECORD_ALTERED',
  ],
  413: ['ERR_PAYLOAD_TOO_LARGE'],
  415: ['ERR_UNSUPPORTED_MEDIA_TYPE'],
  422: [
    'ERR_VALIDATION',
    'ERR_USCC_INVALID',
    'ERR_WEBHOOK_URL_INVALID',
    'ERR_SEAL_IMAGE_INVALID',
    'ERR_VERIFICATION_BATCH_TOO_LARGE',
    'ERR_LICENSE_TYPE_UNKNOWN',
    'ERR_DOCUMENT_FILE_MISMATCH',
    'ERR_DOCUMENT_HASH_MISMATCH',
    'ERR_DOCUMENT_RECORD_MISMATCH',
    'ERR_SEAL_KEY_COMPROMISED',
    'ERR_SEAL_INVALID',
    'ERR_JWS_ALGORITHM',
    'ERR_JWS_TYPE',
    'ERR_JWS_HEADER_FORBIDDEN',
    'ERR_JWS_X5C_MISSING',
    'ERR_JWS_SIGNATURE_INVALID',
    'ERR_JWS_PAYLOAD_INVALID',
    'ERR_JWS_DUPLICATE_MEMBER',
    'ERR_ID_NUMBER_INVALID',
    'ERR_LICENSE_ID_INVALID',
    'ERR_CERT_NAME_NOT_PERMITTED',
    'ERR_CERT_NAME_EXCLUDED',
    'ERR_CERT_NAME_CONSTRAINTS_INVALID',
    'ERR_CERT_SERIAL_INVALID',
    'ERR_CERT_ISSUER_EMPTY',
    'ERR_CERT_CA_SUBJECT_EMPTY',
    'ERR_CERT_AKI_MISSING',
    'ERR_CERT_SAN_NOT_CRITICAL',
    'ERR_CERT_AKI_CRITICAL',
    'ERR_CERT_SKI_MISSING',
    'ERR_CERT_SKI_CRITICAL',
    'ERR_CERT_BASIC_CONSTRAINTS_NOT_CRITICAL',
    'ERR_CERT_KEY_CERT_SIGN_NOT_CA',
    'ERR_CERT_ANCHOR_AKI_ISSUER_SERIAL',
    'ERR_CERT_ANCHOR_AKI_MISMATCH',
    'ERR_CERT_CHAIN_CYCLE',
    'ERR_CERT_CHAIN_TOO_LONG',
    'ERR_CERT_EXPIRED',
    'ERR_CERT_EXTENDED_KEY_USAGE',
    'ERR_CERT_ISSUER_KEY_USAGE',
    'ERR_CERT_ISSUER_NOT_CA',
    'ERR_CERT_ISSUER_NOT_FOUND',
    'ERR_CERT_KEY_USAGE',
    'ERR_CERT_LEAF_IS_CA',
    'ERR_CERT_MALFORMED',
    'ERR_CERT_NOT_YET_VALID',
    'ERR_CERT_PATH_LEN_EXCEEDED',
    'ERR_CERT_PATH_WORK_EXCEEDED',
    'ERR_CERT_REVOKED',
    'ERR_CERT_SIGNATURE_INVALID',
    'ERR_CERT_SUBJECT_INVALID',
    'ERR_CERT_SUSPENDED',
    'ERR_CERT_UNKNOWN_CRITICAL_EXTENSION',
    'ERR_CERT_UNTRUSTED_ROOT',
    'ERR_CERT_VALIDITY_INVALID',
    'ERR_CERT_WEAK_ALGORITHM',
    'ERR_CRL_ISSUER_KEY_USAGE',
    'ERR_CRL_MALFORMED',
    'ERR_CRL_MISSING',
    'ERR_CRL_SIGNATURE_INVALID',
    'ERR_CRL_STALE',
    'ERR_CRL_UNKNOWN_CRITICAL_EXTENSION',
    'ERR_CSR_KEY_UNSUPPORTED',
    'ERR_CSR_MALFORMED',
    'ERR_CSR_SIGNATURE_INVALID',
    'ERR_CSR_WEAK_KEY',
    'ERR_CSR_WEAK_SIGNATURE',
    'ERR_CALENDAR_INVALID',
    'ERR_APPLICANT_ID_INVALID',
    'ERR_MATERIAL_NOT_PUBLISHED',
    'ERR_CATALOGUE_ITEM_INVALID',
    'ERR_CATALOGUE_IMPORT_INVALID',
    'ERR_DATA_FIELDS_INVALID',
    'ERR_DATA_PURPOSE_MISSING',
    'ERR_DATA_SERVICE_INVALID',
    'ERR_DEAD_LETTER_MALFORMED',
    'ERR_DEAD_LETTER_UNOPENABLE',
  ],
  429: [
    'ERR_VERIFICATION_RATE_LIMITED',
    'ERR_HOLDER_CHECKS_LIMITED',
    'ERR_LOGIN_LOCKED',
    'ERR_HOLDER_LOOKUP_RATE_LIMITED',
    'ERR_DATA_QUOTA_EXCEEDED',
  ],
  500: ['ERR_INTERNAL', 'ERR_KEY_DECRYPT', 'ERR_CA_MATERIAL_INVALID'],
  502: ['ERR_BUS_MESSAGE_REFUSED', 'ERR_DATA_MALFORMED_ANSWER', 'ERR_DATA_PROVIDER_REFUSED', 'ERR_DATA_PROVIDER_UNREACHABLE'],
  503: ['ERR_DEPENDENCY_UNAVAILABLE', 'ERR_SHUTTING_DOWN', 'ERR_NOT_READY', 'ERR_DATA_PROVIDER_UNAVAILABLE', 'ERR_DATA_BUSY'],
  504: ['ERR_DATA_TIMEOUT'],
};

function allHubErrorClasses(): (typeof HubError)[] {
  const exported = [errors, ...Object.values(errorModules)].flatMap((m) => Object.values(m));
  return exported.filter((value): value is typeof HubError => typeof value === 'function' && value.prototype instanceof HubError);
}

describe('problem details', () => {
  it('maps every HubError code in core to a status', () => {
    const classes = allHubErrorClasses();
    expect(classes.length).toBeGreaterThan(10);
    const unmapped = classes.map((c) => c.code).filter((code) => STATUS_BY_CODE[code] === undefined);
    expect(unmapped).toEqual([]);
  });

  it('answers every code with the status the public surface promises, and has no code beyond them', () => {
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_STATUS).flatMap(([status, codes]) => codes.map((code) => [code, Number(status)])),
    );
    expect({ ...STATUS_BY_CODE }).toEqual(expected);
  });

  it('keeps the public detail, code and field errors of a HubError', () => {
    const body = toProblem(new ValidationError('bad', { errors: [{ pointer: '/a', detail: 'is required' }] }), {
      requestId: 'r1',
    });
    expect(body).toEqual({
      type: 'urn:zhengzhao:problem:ERR_VALIDATION',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'bad',
      code: 'ERR_VALIDATION',
      requestId: 'r1',
      errors: [{ pointer: '/a', detail: 'is required' }],
    });
  });

  it('echoes nothing of an unknown error', () => {
    const body = toProblem(new Error('password=hunter2 at db.internal:5432'));
    expect(body.status).toBe(500);
    expect(body.code).toBe('ERR_INTERNAL');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('db.internal');
  });

  it('does not let extension members override the standard ones', () => {
    const body = toProblem(new ValidationError('x', { extra: { status: 200, code: 'OK', expected: 'Y' } }));
    expect(body).toMatchObject({ status: 422, code: 'ERR_VALIDATION', expected: 'Y' });
  });
});
