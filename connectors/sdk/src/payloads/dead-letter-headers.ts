/**
 * @module payloads/dead-letter-headers
 * 死信消息头 Dead-letter headers — generated from schemas/messages/dead-letter-headers.json (https://zhengzhao.gov.cn/schemas/messages/dead-letter-headers/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 死信消息头 Dead-letter headers */
export interface DeadLetterHeaders {
  /** 错误码 Error code */
  'error-code': string;
  /** 错误说明 Error detail */
  'error-detail': string;
  /** 来源主题 Source topic */
  'source-topic': string;
}
