/**
 * @module payloads/road-transport-permit
 * 道路运输经营许可证 Road transport operating permit — generated from schemas/licenses/road-transport-permit.json (https://zhengzhao.gov.cn/schemas/licenses/road-transport-permit/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { LicenseEnvelope } from './license-envelope.js';

/** 许可事项 Licensed particulars */
export interface RoadTransportPermitData {
  /** 地址 Address */
  address: string;
  /** 经营范围 Scope of operation */
  businessScope: string[];
  /** 经济类型 Economic type */
  economicType: '国有经济' | '集体经济' | '私营经济' | '个体经济' | '联营经济' | '股份制经济' | '外商投资经济' | '港澳台投资经济' | '其他经济';
  /** 负责人 Person in charge */
  principal?: string;
}

/** 道路运输经营许可证 Road transport operating permit */
export type RoadTransportPermit = LicenseEnvelope & {
  typeCode?: '11100000000019380L001';
  /** 证号 Permit number */
  number?: string;
  /** 业户 Operator */
  holder?: {
    idType?: 'USCC';
  };
  data?: RoadTransportPermitData;
  validUntil: unknown;
};
