/**
 * @module payloads/marriage-verification-response
 * 婚姻登记信息核验结果 Marriage registration check answer — generated from schemas/data-services/marriage-verification-response.json (https://zhengzhao.gov.cn/schemas/data-services/marriage-verification-response/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 婚姻登记信息核验结果 Marriage registration check answer */
export interface MarriageVerificationResponse {
  /** 是否有婚姻登记记录 Any marriage registration on record */
  found: boolean;
  /** 婚姻状况 Marital status */
  maritalStatus?: '未婚' | '已婚' | '离婚' | '丧偶';
  /** 登记日期 Date of the latest registration */
  registeredOn?: string;
  /** 登记类别 Kind of registration */
  registrationKind?: '结婚登记' | '离婚登记';
  /** 证书字号 Certificate number */
  certificateNumber?: string;
  /** 配偶姓名 Spouse's name */
  spouseName?: string;
  /** 登记机关 Registering authority */
  registrationAuthority?: string;
}
