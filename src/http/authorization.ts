/**
 * @module http/authorization
 * The one authorisation table: operation × role. Deny by default — an operation missing here can be
 * called by nobody. Department scoping (acting only for one's own department) is enforced by the use
 * cases, which see the resource.
 */
import type { Role } from '../core/auth/roles.js';

/** `public`: anyone; `authenticated`: any valid credential; a list: only those roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export const ACCESS: Readonly<Record<string, Access>> = {
  getHealth: 'public',
  getReadiness: 'public',
  getMetrics: 'public',
  getOpenApi: 'public',
  getDocs: 'public',
  getDocsAsset: 'public',
  createApiToken: ['security-admin'],
  createDepartment: ['security-admin'],
  listDepartments: 'authenticated',
  getDepartment: 'authenticated',
  updateDepartment: ['security-admin'],
};

const NOBODY: Access = [];

export function accessFor(operationId: string): Access {
  return ACCESS[operationId] ?? NOBODY;
}
