/**
 * @module core/departments/department
 * A county department known to the hub (市场监督管理局, 乡镇人民政府, 村委会 …), identified by its
 * 统一社会信用代码. Only active departments may authenticate, seal or be granted issuing rights.
 */
export const DepartmentLevels = ['county', 'township', 'village'] as const;
export type DepartmentLevel = (typeof DepartmentLevels)[number];

export interface Department {
  uscc: string;
  name: string;
  level: DepartmentLevel;
  active: boolean;
  createdAt: Date;
}
