/**
 * @module core/departments/department-errors
 */
import { HubError } from '../errors.js';

export class DepartmentExistsError extends HubError {
  static override code = 'ERR_DEPARTMENT_EXISTS';
}

export class DepartmentNotFoundError extends HubError {
  static override code = 'ERR_DEPARTMENT_NOT_FOUND';
}

/** The department is known but deactivated: it may not act, and nobody may act for it. */
export class DepartmentInactiveError extends HubError {
  static override code = 'ERR_DEPARTMENT_INACTIVE';
}
