/**
 * @module payloads/business-license
 * 营业执照 Business licence — generated from schemas/licenses/business-license.json (https://zhengzhao.gov.cn/schemas/licenses/business-license/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { CalendarDate } from './definitions.js';
import type { LicenseEnvelope } from './license-envelope.js';

/** 登记事项 Registered particulars */
export interface BusinessLicenseData {
  /** 类型 Entity type */
  entityType: string;
  /** 法定代表人/负责人/经营者 Legal representative */
  representative: {
    /** 证面称谓 Role as printed */
    role: '法定代表人' | '负责人' | '经营者' | '执行事务合伙人' | '投资人';
    /** 姓名或名称 Name */
    name: string;
  };
  /** 注册资本/出资额 Registered capital */
  registeredCapital?: {
    /** 金额（万元） Amount (×10,000) */
    amount: number;
    /** 币种 Currency */
    currency: string;
  };
  /** 成立日期 Date of establishment */
  establishedOn: CalendarDate;
  /** 营业期限 Operating period */
  operatingPeriod?: {
    /** 自 From */
    from: CalendarDate;
    /** 至 Until */
    until?: CalendarDate;
  };
  /** 住所/经营场所 Domicile */
  domicile: string;
  /** 经营范围 Business scope */
  businessScope: string;
  /** 组成形式 Composition (individual businesses) */
  compositionForm?: '个人经营' | '家庭经营';
}

/** 营业执照 Business licence */
export type BusinessLicense = LicenseEnvelope & {
  typeCode?: '11100000000013338W001';
  /** 统一社会信用代码 Credit code as licence number */
  number?: string;
  holder?: {
    idType?: 'USCC';
  };
  data?: BusinessLicenseData;
};
