/**
 * @module payloads/data-provider-response
 * 提供方答复 Provider answer — generated from schemas/messages/data-provider-response.json (https://zhengzhao.gov.cn/schemas/messages/data-provider-response/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { DataConsumerResponseError } from './data-consumer-response.js';

/** 提供方答复 Provider answer */
export interface DataProviderResponse {
  /** 交换标识 Exchange id */
  exchangeId?: string;
  /** 是否答复数据 Answered with data */
  ok: boolean;
  /** 数据 Data */
  data?: Record<string, unknown>;
  error?: DataConsumerResponseError;
}
