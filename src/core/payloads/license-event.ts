/**
 * @module core/payloads/license-event
 * 证照生命周期事件 Licence lifecycle event — generated from schemas/events/license-event.json (https://zhengzhao.gov.cn/schemas/events/license-event/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
import type { Authority, LicenseName, TypeCode } from './definitions.js';

/** 证照生命周期事件 Licence lifecycle event */
export interface LicenseEvent {
  /** 事件标识 Event id */
  eventId: string;
  /** 事件类型 Event type */
  type: 'license.issued' | 'license.status-changed' | 'license.replaced' | 'license.expired';
  licenseId: LicenseName;
  /** 记录版本 Record version */
  version: number;
  /** 事件后的状态 Status after the event */
  status: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  /** 事件前的状态 Status before the event */
  previousStatus?: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  /** 国家证照状态代码 National status code */
  nationalStatusCode?: '03' | '04' | '05' | '07' | '99';
  /** 换发后的证照 Replacement licence */
  replacedBy?: LicenseName;
  /** 发生时间 Occurred at */
  occurredAt: string;
  /** 颁发机构 Issuing authority */
  issuer: Authority;
  typeCode: TypeCode;
}
