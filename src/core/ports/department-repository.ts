/**
 * @module core/ports/department-repository
 */
import type { Department, DepartmentLevel } from '../departments/department.js';

export interface DepartmentRepository {
  /** False when a department with this credit code already exists. */
  insert(department: Omit<Department, 'createdAt'>): Promise<boolean>;
  find(uscc: string): Promise<Department | undefined>;
  list(filter?: { active?: boolean; level?: DepartmentLevel }): Promise<Department[]>;
  update(uscc: string, changes: Partial<Pick<Department, 'name' | 'level' | 'active'>>): Promise<Department | undefined>;
}
