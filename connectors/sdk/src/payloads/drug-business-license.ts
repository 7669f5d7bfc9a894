/**
 * @module payloads/drug-business-license
 * 药品经营许可证 Drug business licence — generated from schemas/licenses/drug-business-license.json (https://zhengzhao.gov.cn/schemas/licenses/drug-business-license/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { LicenseEnvelope } from './license-envelope.js';

/** 许可事项 Licensed particulars */
export interface DrugBusinessLicenseData {
  /** 注册地址 Registered address */
  registeredAddress: string;
  /** 法定代表人 Legal representative */
  legalRepresentative: string;
  /** 企业负责人 Person in charge */
  principal: string;
  /** 质量负责人 Quality manager */
  qualityManager: string;
  /** 仓库地址 Warehouse address */
  warehouseAddress?: string;
  /** 经营方式 Mode of operation */
  operatingMode: '批发' | '零售（连锁）' | '零售';
  /** 经营范围 Business scope */
  businessScope: string;
  /** 日常监督管理机构 Routine supervisory agency */
  supervisoryAgency?: string;
  /** 投诉举报电话 Complaints hotline */
  complaintPhone?: string;
}

/** 药品经营许可证 Drug business licence */
export type DrugBusinessLicense = LicenseEnvelope & {
  typeCode?: '11100000MB0341032Y001';
  /** 许可证编号 Licence number */
  number?: string;
  holder?: {
    idType?: 'USCC';
  };
  data?: DrugBusinessLicenseData;
  validUntil: unknown;
};
