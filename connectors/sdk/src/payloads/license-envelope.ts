/**
 * @module payloads/license-envelope
 * 电子证照通用载荷 Licence payload envelope — generated from schemas/licenses/envelope.json (https://zhengzhao.gov.cn/schemas/licenses/envelope/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { Authority, CalendarDate, LicenseId, Party, TypeCode } from './definitions.js';

/** 电子证照通用载荷 Licence payload envelope */
export interface LicenseEnvelope {
  typeCode: TypeCode;
  /** 证照编号 Licence number */
  number: string;
  /** 证照名称 Licence name */
  name: string;
  /** 持证主体 Holder */
  holder: Party;
  /** 颁发机构 Issuing authority */
  issuer: Authority;
  /** 颁发日期 Date of issue */
  issuedAt: CalendarDate;
  /** 有效期起始日期 Valid from */
  validFrom: CalendarDate;
  /** 有效期截止日期 Valid until */
  validUntil?: CalendarDate;
  /** 证面信息 Licence particulars */
  data: Record<string, unknown>;
  /** 换发所替代的证照 Licence this one replaces */
  replaces?: LicenseId;
}
