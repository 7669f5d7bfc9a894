/**
 * @module payloads/construction-planning-permit
 * 建设工程规划许可证 Construction project planning permit — generated from schemas/licenses/construction-planning-permit.json (https://zhengzhao.gov.cn/schemas/licenses/construction-planning-permit/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { LicenseEnvelope } from './license-envelope.js';

/** 许可内容 Permitted works */
export interface ConstructionPlanningPermitData {
  /** 建设项目名称 Project name */
  projectName: string;
  /** 项目代码 Investment project code */
  projectCode?: string;
  /** 建设位置 Location */
  location: string;
  /** 建设规模 Scale */
  scale: {
    /** 证面表述 As printed */
    description: string;
    /** 总建筑面积（平方米） Total floor area (m²) */
    totalFloorArea?: number;
  };
  /** 附图及附件名称 Attached drawings and documents */
  attachments?: string[];
}

/** 建设工程规划许可证 Construction project planning permit */
export type ConstructionPlanningPermit = LicenseEnvelope & {
  typeCode?: '11100000MB1703998T011';
  /** 许可证编号 Permit number */
  number?: string;
  /** 建设单位 Developer */
  holder?: {
    idType?: 'USCC';
  };
  data?: ConstructionPlanningPermitData;
};
