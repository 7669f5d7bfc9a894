/**
 * @module core/payloads/data-provider-request
 * 转交提供方的数据请求 Data request to the provider — generated from schemas/messages/data-provider-request.json (https://zhengzhao.gov.cn/schemas/messages/data-provider-request/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
import type { Uscc } from './definitions.js';

/** 转交提供方的数据请求 Data request to the provider */
export interface DataProviderRequest {
  /** 交换标识 Exchange id */
  exchangeId: string;
  /** 服务编码 Service code */
  service: string;
  consumer: Uscc;
  /** 用途 Purpose */
  purpose: {
    /** 办件编号 Case number */
    caseNo: string;
    /** 事项编码 Service item code */
    serviceItem?: string;
  };
  /** 参数 Parameters */
  params: unknown;
  /** 截止时间 Deadline */
  deadline: string;
}
