/**
 * @module payloads/disability-certificate
 * 残疾人证 Disability certificate — generated from schemas/licenses/disability-certificate.json (https://zhengzhao.gov.cn/schemas/licenses/disability-certificate/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { CalendarDate, Sex } from './definitions.js';
import type { LicenseEnvelope } from './license-envelope.js';

/** 持证人信息 Holder particulars */
export interface DisabilityCertificateData {
  sex: Sex;
  /** 出生日期 Date of birth */
  birthDate: CalendarDate;
  /** 民族 Ethnicity */
  ethnicity?: string;
  /** 住址 Address */
  address: string;
  /** 联系电话 Phone */
  phone?: string;
  /** 残疾类别 Category of disability */
  disabilityCategory: '视力残疾' | '听力残疾' | '言语残疾' | '肢体残疾' | '智力残疾' | '精神残疾' | '多重残疾';
  /** 残疾等级 Grade of disability */
  disabilityGrade: '一级' | '二级' | '三级' | '四级';
  /** 监护人 Guardian */
  guardian?: {
    /** 姓名 Name */
    name: string;
    /** 与持证人关系 Relationship */
    relationship?: string;
    /** 联系电话 Phone */
    phone?: string;
  };
}

/** 残疾人证 Disability certificate */
export type DisabilityCertificate = LicenseEnvelope & {
  typeCode?: '13100000400008460G001';
  /** 残疾人证号 Certificate number */
  number?: string;
  holder?: {
    idType?: 'ID';
  };
  data?: DisabilityCertificateData;
};
