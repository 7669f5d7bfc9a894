/**
 * @module core/identifiers/identifier-errors
 * Failures of the national identifier checks. Kept apart from `pki-errors` because departments,
 * licences and holders use them without any certificate in sight. The expected check character is
 * public (it helps a clerk spot a typo); a personal ID number is never echoed back.
 */
import { HubError } from '../errors.js';

/** 统一社会信用代码 fails GB 32100 (length, alphabet or check character; `extra.expected` when known). */
export class UsccInvalidError extends HubError {
  static override code = 'ERR_USCC_INVALID';
}

/** 居民身份证号 fails GB 11643 (format, birth date or MOD 11-2 check). */
export class IdNumberInvalidError extends HubError {
  static override code = 'ERR_ID_NUMBER_INVALID';
}

/** A licence identifier fails GB/T 36904 structure or its MOD 37,36 check (`extra.expected`). */
export class LicenseIdInvalidError extends HubError {
  static override code = 'ERR_LICENSE_ID_INVALID';
}
