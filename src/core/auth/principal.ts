/**
 * @module core/auth/principal
 * Who is calling, once authenticated. Every use case receives one and every audit entry names one.
 */
import type { Role } from './roles.js';

export interface Principal {
  /** Stable actor id for audit: `token:<id>`, `user:<name>`, `system:<uscc>`. */
  readonly actor: string;
  readonly role: Role;
  /** The department (统一社会信用代码) the caller acts for; absent for county-wide roles. */
  readonly department: string | undefined;
}
