/**
 * @module core/licenses/read-license
 * Reading a licence record in full (with its holder's ID and original JWS) is for the issuing
 * department and security admins; everyone else verifies it. A caller who may not read a licence
 * gets exactly the answer for one that does not exist: otherwise the difference between "not
 * found" and "forbidden" would tell any department which identifiers exist.
 */
import type { Principal } from '../auth/principal.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { LicenseRecord } from './license.js';
import { LicenseNotFoundError } from './license-errors.js';

export async function readLicense(licenses: Pick<LicenseRepository, 'find'>, caller: Principal, id: string): Promise<LicenseRecord> {
  const license = await licenses.find(id);
  if (!license || (caller.role !== 'security-admin' && caller.department !== license.issuer.uscc)) {
    throw new LicenseNotFoundError(`no licence ${id} that you may read; to check someone else's licence, verify it`);
  }
  return license;
}
