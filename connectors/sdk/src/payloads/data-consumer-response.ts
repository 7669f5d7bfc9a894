/**
 * @module payloads/data-consumer-response
 * 数据请求答复 Data answer — generated from schemas/messages/data-consumer-response.json (https://zhengzhao.gov.cn/schemas/messages/data-consumer-response/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 错误 Error */
export interface DataConsumerResponseError {
  /** 错误码 Error code */
  code: string;
  /** 说明 Detail */
  detail: string;
}

/** 数据请求答复 Data answer */
export interface DataConsumerResponse {
  /** 请求消息标识 Message id of the request */
  requestId: string;
  /** 交换标识 Exchange id */
  exchangeId?: string;
  /** 是否答复数据 Answered with data */
  ok: boolean;
  /** 服务编码 Service code */
  service?: string;
  /** 获准字段 Granted fields */
  data?: Record<string, unknown>;
  error?: DataConsumerResponseError;
}
