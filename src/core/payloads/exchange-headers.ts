/**
 * @module core/payloads/exchange-headers
 * 交换消息头 Exchange message headers — generated from schemas/messages/exchange-headers.json (https://zhengzhao.gov.cn/schemas/messages/exchange-headers/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
/** 交换消息头 Exchange message headers */
export interface ExchangeHeaders {
  /** 消息标识 Message id */
  'message-id': string;
  /** 访问令牌 Access token */
  authorization: string;
}
