/**
 * @module payloads/household-verification-response
 * 户籍信息核验结果 Household registration check answer — generated from schemas/data-services/household-verification-response.json (https://zhengzhao.gov.cn/schemas/data-services/household-verification-response/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
/** 户籍信息核验结果 Household registration check answer */
export interface HouseholdVerificationResponse {
  /** 身份证号与姓名是否一致 ID number and name match */
  match: boolean;
  /** 姓名 Name */
  name?: string;
  /** 性别 Sex */
  sex?: '男' | '女';
  /** 民族 Ethnicity */
  ethnicity?: string;
  /** 出生日期 Date of birth */
  birthDate?: string;
  /** 户籍地址 Registered address */
  address?: string;
  /** 户号 Household number */
  householdNo?: string;
  /** 与户主关系 Relation to the head of household */
  relationToHead?: string;
  /** 登记机关 Registering police station */
  registrationAuthority?: string;
}
