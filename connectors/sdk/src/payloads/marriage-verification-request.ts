/**
 * @module payloads/marriage-verification-request
 * 婚姻登记信息核验请求 Marriage registration check request — generated from schemas/data-services/marriage-verification-request.json (https://zhengzhao.gov.cn/schemas/data-services/marriage-verification-request/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { ResidentId } from './definitions.js';

/** 婚姻登记信息核验请求 Marriage registration check request */
export interface MarriageVerificationRequest {
  idNumber: ResidentId;
  /** 姓名 Name */
  name: string;
}
