/**
 * @module payloads/marriage-certificate
 * 结婚证 Marriage certificate — generated from schemas/licenses/marriage-certificate.json (https://zhengzhao.gov.cn/schemas/licenses/marriage-certificate/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { CalendarDate, PersonIdType, Sex } from './definitions.js';
import type { LicenseEnvelope } from './license-envelope.js';

/** 当事人 Spouse */
export interface MarriageCertificateSpouse {
  /** 姓名 Name */
  name: string;
  sex: Sex;
  /** 国籍 Nationality */
  nationality: string;
  /** 出生日期 Date of birth */
  birthDate: CalendarDate;
  idType: PersonIdType;
  /** 身份证件号 Identification number */
  id: string;
}

/** 登记信息 Registration particulars */
export interface MarriageCertificateData {
  /** 登记日期 Date of registration */
  registeredOn: CalendarDate;
  /** 双方当事人 The spouses */
  spouses: MarriageCertificateSpouse[];
  /** 备注 Notes */
  notes?: string;
}

/** 结婚证 Marriage certificate */
export type MarriageCertificate = LicenseEnvelope & {
  typeCode?: '111000000000134056001';
  /** 结婚证字号 Certificate number */
  number?: string;
  /** 持证人 Holder */
  holder?: {
    idType?: PersonIdType;
  };
  validUntil?: never;
  data?: MarriageCertificateData;
};
