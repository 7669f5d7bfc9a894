/**
 * @module payloads/food-business-license
 * 食品经营许可证 Food business licence — generated from schemas/licenses/food-business-license.json (https://zhengzhao.gov.cn/schemas/licenses/food-business-license/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { LicenseEnvelope } from './license-envelope.js';

/** 许可事项 Licensed particulars */
export interface FoodBusinessLicenseData {
  /** 法定代表人（负责人） Legal representative (person in charge) */
  legalRepresentative: string;
  /** 住所 Domicile */
  domicile: string;
  /** 经营场所 Business premises */
  premises: string;
  /** 主体业态 Business form */
  businessForm: '食品销售经营者' | '餐饮服务经营者' | '单位食堂';
  /** 主体业态备注 Business form remarks */
  businessFormRemarks?: string[];
  /** 经营项目 Business items */
  businessItems: string[];
  /** 日常监督管理机构 Routine supervisory agency */
  supervisoryAgency: string;
  /** 日常监督管理人员 Routine supervisors */
  supervisors?: string[];
  /** 投诉举报电话 Complaints hotline */
  complaintPhone?: string;
  /** 签发人 Signed by */
  signatory?: string;
}

/** 食品经营许可证 Food business licence */
export type FoodBusinessLicense = LicenseEnvelope & {
  typeCode?: '11100000000013338W011';
  /** 许可证编号 Licence number */
  number?: string;
  holder?: {
    idType?: 'USCC';
  };
  data?: FoodBusinessLicenseData;
  validUntil: unknown;
};
