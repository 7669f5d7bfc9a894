/**
 * @module payloads/verification-result
 * 查验结果 Verification result — generated from schemas/messages/verification-result.json (https://zhengzhao.gov.cn/schemas/messages/verification-result/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { DataConsumerResponseError } from './data-consumer-response.js';

/** 查验结果 Verification result */
export interface VerificationResult {
  /** 请求消息标识 Message id of the request */
  messageId: string;
  /** 是否完成查验 Verified */
  ok: boolean;
  /** 查验答复 Answer */
  answer?: Record<string, unknown>;
  error?: DataConsumerResponseError;
}
