/**
 * @module core/payloads/definitions
 * 公共定义 Shared definitions — generated from schemas/common/definitions.json (https://zhengzhao.gov.cn/schemas/common/definitions/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u
 */
/** 统一社会信用代码 Unified social credit code */
export type Uscc = string;

/** 证照类型代码 Licence type code */
export type TypeCode = string;

/** 电子证照标识 Licence identifier */
export type LicenseId = string;

/** 证照化名引用 Keyed licence reference */
export type LicenseReference = string;

/** 证照标识或化名引用 Licence identifier or keyed reference */
export type LicenseName = (LicenseId | LicenseReference);

/** 居民身份证号 Resident identity card number */
export type ResidentId = string;

/** 证件类型 Identification type */
export type IdType = 'USCC' | 'ID' | 'PASSPORT' | 'HK_MACAO_PERMIT' | 'TAIWAN_PERMIT' | 'FOREIGN_PERMANENT_RESIDENT' | 'OTHER';

/** 自然人证件类型 Personal identification type */
export type PersonIdType = 'ID' | 'PASSPORT' | 'HK_MACAO_PERMIT' | 'TAIWAN_PERMIT' | 'FOREIGN_PERMANENT_RESIDENT' | 'OTHER';

/** 主体 Party */
export interface Party {
  /** 名称或姓名 Name */
  name: string;
  idType: IdType;
  /** 证件号码 Identification number */
  id: string;
}

/** 机构 Authority */
export interface Authority {
  uscc: Uscc;
  /** 机构名称 Name */
  name: string;
}

/** 性别 Sex */
export type Sex = '男' | '女';

/** 日期 Date */
export type CalendarDate = string;
