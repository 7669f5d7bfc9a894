/**
 * @module core/payloads/dead-letter-headers
 * 死信消息头 Dead-letter headers — generated from schemas/messages/dead-letter-headers.json (https://zhengzhao.gov.cn/schemas/messages/dead-letter-headers/2.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
/** 死信消息头 Dead-letter headers */
export interface DeadLetterHeaders {
  /** 错误码 Error code */
  'error-code': string;
  /** 错误说明 Error detail */
  'error-detail': string;
  /** 来源主题 Source topic */
  'source-topic': string;
  /** 来源分区 Source partition */
  'source-partition': string;
  /** 来源偏移量 Source offset */
  'source-offset': string;
  /** 已截断 Truncated */
  truncated?: 'true';
  /** 原值字节数 Original size in bytes */
  'original-size': string;
  /** 原值带密钥摘要 Keyed digest of the original value */
  'original-digest': string;
  /** 加密密钥标识 Sealing key id */
  'sealed-key-id': string;
  /** 原消息标识 Original message id */
  'message-id'?: string;
}
