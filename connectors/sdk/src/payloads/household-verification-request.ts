/**
 * @module payloads/household-verification-request
 * 户籍信息核验请求 Household registration check request — generated from schemas/data-services/household-verification-request.json (https://zhengzhao.gov.cn/schemas/data-services/household-verification-request/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { ResidentId } from './definitions.js';

/** 户籍信息核验请求 Household registration check request */
export interface HouseholdVerificationRequest {
  idNumber: ResidentId;
  /** 姓名 Name */
  name: string;
}
