/**
 * @module payloads/license-submit-headers
 * 证照提交消息头 Licence submission headers — generated from schemas/messages/license-submit-headers.json (https://zhengzhao.gov.cn/schemas/messages/license-submit-headers/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 证照提交消息头 Licence submission headers */
export interface LicenseSubmitHeaders {
  /** 消息标识 Message id */
  'message-id': string;
}
