/**
 * @module payloads/real-estate-title
 * 不动产权证书 Real estate title certificate — generated from schemas/licenses/real-estate-title.json (https://zhengzhao.gov.cn/schemas/licenses/real-estate-title/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { CalendarDate, IdType } from './definitions.js';
import type { LicenseEnvelope } from './license-envelope.js';

/** 权利人 Right holder */
export interface RealEstateTitleRightHolder {
  /** 名称或姓名 Name */
  name: string;
  idType: IdType;
  /** 证件号码 Identification number */
  id: string;
  /** 份额 Share */
  share?: string;
}

/** 登记信息 Registered particulars */
export interface RealEstateTitleData {
  /** 权利人 Right holders */
  rightHolders: RealEstateTitleRightHolder[];
  /** 共有情况 Co-ownership */
  coOwnership: '单独所有' | '共同共有' | '按份共有';
  /** 坐落 Location */
  location: string;
  /** 不动产单元号 Real estate unit number */
  unitNumber: string;
  /** 权利类型 Type of right */
  rightType: string;
  /** 权利性质 Nature of right */
  rightNature: string;
  /** 用途 Use */
  use: string;
  /** 面积 Area */
  area: {
    /** 宗地面积/共有宗地面积 Land area */
    land?: number;
    /** 房屋建筑面积 Building area */
    building?: number;
  };
  /** 使用期限 Term of use */
  termOfUse?: {
    /** 起 From */
    from?: CalendarDate;
    /** 止 Until */
    until: CalendarDate;
  };
  /** 权利其他状况 Other conditions of the right */
  otherConditions?: string;
  /** 附记 Notes */
  notes?: string;
}

/** 不动产权证书 Real estate title certificate */
export type RealEstateTitle = LicenseEnvelope & {
  typeCode?: '11100000MB1703998T001';
  /** 不动产权证书号 Certificate number */
  number?: string;
  validUntil?: never;
  data?: RealEstateTitleData;
};
