/**
 * @module core/payloads/license-submit-result
 * 证照提交结果 Licence submission result — generated from schemas/messages/license-submit-result.json (https://zhengzhao.gov.cn/schemas/messages/license-submit-result/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
import type { LicenseName } from './definitions.js';

/** 证照提交结果 Licence submission result */
export interface LicenseSubmitResult {
  /** 提交消息标识 Message id of the submission */
  messageId: string;
  /** 是否接收 Accepted */
  ok: boolean;
  licenseId?: LicenseName;
  /** 错误 Error */
  error?: {
    /** 错误码 Error code */
    code: string;
    /** 说明 Detail */
    detail: string;
  };
}
