/**
 * @module core/catalogue/service-item
 * A service item (事项) as the catalogue keeps it: the contract `catalogue/service-item` plus its
 * version and state. Also the checks the contract cannot express.
 */
import type { FieldError } from '../errors.js';
import type { ServiceItem } from '../payloads/service-item.js';

export type { ServiceItem };
export type Material = ServiceItem['materials'][number];

export type ItemState = 'draft' | 'published' | 'superseded';

export interface CatalogueVersion {
  item: ServiceItem;
  version: number;
  state: ItemState;
  savedAt: Date;
  publishedAt: Date | undefined;
}

/**
 * What the schema cannot say: unique material codes, licence types the hub knows, a promise no
 * longer than the law allows, a lead department that is not also listed as participating.
 */
export function serviceItemProblems(item: ServiceItem, isLicenceType: (typeCode: string) => boolean): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  item.materials.forEach((m, i) => {
    if (seen.has(m.code)) problems.push({ pointer: `/materials/${i}/code`, detail: `材料编号 ${m.code} 重复` });
    seen.add(m.code);
    if (m.source.kind === 'license' && !isLicenceType(m.source.typeCode)) {
      problems.push({ pointer: `/materials/${i}/source/typeCode`, detail: '枢纽没有这种证照类型' });
    }
  });
  if (item.promisedDays > item.statutoryDays) {
    problems.push({ pointer: '/promisedDays', detail: '承诺时限不得长于法定时限' });
  }
  (item.participatingDepartments ?? []).forEach((d, i) => {
    if (d.uscc === item.leadDepartment.uscc)
      problems.push({ pointer: `/participatingDepartments/${i}`, detail: '牵头部门不必重复列为并联部门' });
  });
  return problems;
}

/** Every department that handles the item: the lead first, then the participating ones. */
export function departmentsOf(item: ServiceItem): string[] {
  return [item.leadDepartment.uscc, ...(item.participatingDepartments ?? []).map((d) => d.uscc)];
}
