/**
 * @module core/identifiers/license-identifier
 * 电子证照标识 (GB/T 36904-2018): `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`.
 * type = defining authority's credit code + 3 digits; issuer = issuing authority's credit code;
 * serial = the licence number upper-cased with everything outside [0-9A-Z] removed; version = 3
 * digits; check = ISO 7064 MOD 37,36 hybrid over type+issuer+serial+version (dots removed).
 * Embedded credit codes must pass GB 32100 too, so an identifier can never name a bogus authority.
 */
import { LicenseIdInvalidError } from './identifier-errors.js';
import { assertUscc, validateUscc } from './uscc.js';

export const LICENSE_ID_PREFIX = '1.2.156.3005.2';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/;
const SERIAL = /^[0-9A-Z]+$/;
const VERSION = /^\d{3}$/;
/** Licence numbers are short; the bound keeps identifiers storable and the check loop trivial. */
const MAX_SERIAL_LENGTH = 64;

export interface LicenseIdentifierParts {
  typeCode: string;
  issuerUscc: string;
  serial: string;
  version: string;
}

export interface ParsedLicenseIdentifier extends LicenseIdentifierParts {
  check: string;
}

/** ISO 7064 MOD 37,36 hybrid check character over `[0-9A-Z]` (p = 36; t = (p + v) mod 36, 0 → 36). */
export function mod3736CheckChar(input: string): string {
  let p = 36;
  for (const ch of input) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new TypeError(`not a licence-identifier character: ${ch}`);
    const t = (p + value) % 36 || 36;
    p = (2 * t) % 37;
  }
  return ALPHABET[(37 - p) % 36] as string;
}

/** The hub's rule for turning a department's licence number into the identifier serial. */
export function licenseSerialFromNumber(number: string): string {
  return number.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Zero-padded three-digit version from 1..999 (or an already formatted string). */
export function formatLicenseVersion(version: number | string): string {
  const valid =
    typeof version === 'string' ? VERSION.test(version) && version !== '000' : Number.isInteger(version) && version >= 1 && version <= 999;
  if (!valid) throw new LicenseIdInvalidError('证照版本号应为001至999');
  return String(version).padStart(3, '0');
}

export function deriveLicenseIdentifier(input: { typeCode: string; issuerUscc: string; number: string; version: number | string }): string {
  assertTypeCode(input.typeCode);
  assertUscc(input.issuerUscc);
  const serial = licenseSerialFromNumber(input.number);
  assertSerial(serial);
  const version = formatLicenseVersion(input.version);
  const check = mod3736CheckChar(`${input.typeCode}${input.issuerUscc}${serial}${version}`);
  return `${LICENSE_ID_PREFIX}.${input.typeCode}.${input.issuerUscc}.${serial}.${version}.${check}`;
}

/** Parses and fully checks an identifier; throws `LicenseIdInvalidError` saying what is wrong. */
export function parseLicenseIdentifier(id: string): ParsedLicenseIdentifier {
  if (!id.startsWith(`${LICENSE_ID_PREFIX}.`)) {
    throw new LicenseIdInvalidError(`证照标识应以 ${LICENSE_ID_PREFIX}. 开头`);
  }
  const parts = id.slice(LICENSE_ID_PREFIX.length + 1).split('.');
  if (parts.length !== 5) throw new LicenseIdInvalidError('证照标识应由类型、颁发机构、流水号、版本和校验位五段组成');
  const [typeCode, issuerUscc, serial, version, check] = parts as [string, string, string, string, string];
  assertTypeCode(typeCode);
  if (!validateUscc(issuerUscc).ok) throw new LicenseIdInvalidError('证照标识中的颁发机构统一社会信用代码无效');
  assertSerial(serial);
  if (!VERSION.test(version) || version === '000') throw new LicenseIdInvalidError('证照版本号应为001至999');
  const expected = mod3736CheckChar(`${typeCode}${issuerUscc}${serial}${version}`);
  if (check !== expected) {
    throw new LicenseIdInvalidError(`证照标识校验位错误，应为 ${expected}`, { extra: { expected } });
  }
  return { typeCode, issuerUscc, serial, version, check };
}

function assertTypeCode(typeCode: string): void {
  if (!TYPE_CODE.test(typeCode) || !validateUscc(typeCode.slice(0, 18)).ok) {
    throw new LicenseIdInvalidError('证照类型代码应为定义机构的统一社会信用代码加3位数字');
  }
}

function assertSerial(serial: string): void {
  if (!SERIAL.test(serial) || serial.length > MAX_SERIAL_LENGTH) {
    throw new LicenseIdInvalidError(`证照流水号应为1至${MAX_SERIAL_LENGTH}位数字或大写字母`);
  }
}
