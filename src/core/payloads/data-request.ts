/**
 * @module core/payloads/data-request
 * 数据请求 Data request — generated from schemas/messages/data-request.json (https://zhengzhao.gov.cn/schemas/messages/data-request/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
/** 用途 Purpose */
export interface DataRequestPurpose {
  /** 办件编号 Case number */
  caseNo?: string;
  /** 事项编码 Service item code */
  serviceItem?: string;
}

/** 数据请求 Data request */
export interface DataRequest {
  /** 服务编码 Service code */
  service: string;
  /** 参数 Parameters */
  params: unknown;
  purpose: DataRequestPurpose;
}
