/**
 * @module core/payloads/case-event
 * 办件事件 Case event — generated from schemas/events/case-event.json (https://zhengzhao.gov.cn/schemas/events/case-event/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
import type { LicenseName, Uscc } from './definitions.js';

/** 办件事件 Case event */
export interface CaseEvent {
  /** 事件标识 Event id */
  eventId: string;
  /** 事件类型 Event type */
  type: 'case.relied-license-changed';
  /** 办件编号 Case number */
  caseNo: string;
  department: Uscc;
  /** 事项编码 Item code */
  itemCode: string;
  /** 材料编号 Material */
  material?: string;
  licenseId?: LicenseName;
  /** 证照现状态 Licence status now */
  status?: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  /** 之前状态 Previous status */
  previousStatus?: 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'replaced';
  /** 发生时间 Occurred at */
  occurredAt: string;
}
