/**
 * @module main/demo/xinhua-county
 * The demo county, 新化县: its departments (county bureaus, two townships, a village), which
 * licence types each may issue, and the clerk account a newcomer signs in with. Bureaus carry
 * 机关 credit codes (11…, the federation 13…), the village committee a 基层群众性自治组织 code
 * (54…); all pass the GB 32100 check.
 */
import type { DepartmentLevel } from '../../core/departments/department.js';
import { LicenseTypeCodes, type LicenseTypeCode } from './license-context.js';

export interface DemoDepartment {
  uscc: string;
  name: string;
  level: DepartmentLevel;
  /** Types it is granted; a department issuing none still gets a seal for documents. */
  licenseTypes: readonly LicenseTypeCode[];
}

const T = LicenseTypeCodes;

export const XINHUA_DEPARTMENTS: readonly DemoDepartment[] = [
  {
    uscc: '114313220061234566',
    name: '新化县市场监督管理局',
    level: 'county',
    licenseTypes: [T.businessLicense, T.foodBusinessLicense, T.drugBusinessLicense],
  },
  // 相对集中行政许可权改革: the approval bureau issues business and food licences as well.
  { uscc: '11431322MB1E48273Y', name: '新化县行政审批服务局', level: 'county', licenseTypes: [T.businessLicense, T.foodBusinessLicense] },
  {
    uscc: '11431322MB1D23456B',
    name: '新化县自然资源局',
    level: 'county',
    licenseTypes: [T.realEstateTitle, T.constructionPlanningPermit],
  },
  { uscc: '11431322006123460L', name: '新化县民政局', level: 'county', licenseTypes: [T.marriageCertificate] },
  { uscc: '11431322006123479H', name: '新化县交通运输局', level: 'county', licenseTypes: [T.roadTransportPermit] },
  { uscc: '13431322006125087X', name: '新化县残疾人联合会', level: 'county', licenseTypes: [T.disabilityCertificate] },
  { uscc: '11431322MB1C60894N', name: '新化县人力资源和社会保障局', level: 'county', licenseTypes: [] },
  { uscc: '114313220061235191', name: '新化县上梅街道办事处', level: 'township', licenseTypes: [] },
  { uscc: '11431322006123527U', name: '新化县洋溪镇人民政府', level: 'township', licenseTypes: [] },
  { uscc: '54431322MEA0753217', name: '新化县洋溪镇光明村民委员会', level: 'village', licenseTypes: [] },
];

/** The console account printed at start: a window clerk of the approval bureau. */
export const DEMO_CLERK = { username: 'demo-clerk', department: '11431322MB1E48273Y' } as const;

/** Same county every time: the licences differ only by the day they are generated relative to. */
export const DEMO_SEED = 431322;
export const DEMO_LICENSES = 320;

/** Departments allowed to issue `typeCode`. */
export function issuersOf(typeCode: LicenseTypeCode): DemoDepartment[] {
  return XINHUA_DEPARTMENTS.filter((d) => d.licenseTypes.includes(typeCode));
}
