/**
 * @module http/routes/case-package-routes
 * A material package by its digest: what the QR code on a printed package leads to, for a system
 * or a signed-in department that handles the case. The URL carries the SHA-256 of the package only.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { PackageLookupResult } from '../../core/cases/package-lookup.js';
import type { RouteRegistry } from '../route.js';

export interface CasePackageRouteDeps {
  lookUpPackage(caller: Principal, digest: string): Promise<PackageLookupResult>;
}

export const PACKAGE_PARAMS = {
  type: 'object',
  required: ['digest'],
  properties: { digest: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the package JWS' } },
} as const;

export function registerCasePackageRoutes(routes: RouteRegistry, deps: CasePackageRouteDeps): void {
  routes.add<{ params: { digest: string } }>(
    {
      operationId: 'getCasePackage',
      method: 'GET',
      path: '/v1/cases/packages/{digest}',
      summary: 'A material package by its digest (the link in its QR code), with its signature checked again; audited',
      tags: ['cases'],
      params: PACKAGE_PARAMS,
      responses: {
        200: {
          description: '{digest, caseNo, seq, at, superseded, package, verification, claims}',
          schema: {
            type: 'object',
            required: ['digest', 'caseNo', 'package', 'verification'],
            properties: {
              package: { type: 'string', description: 'JWT, EdDSA, typ zz-material-package+jwt' },
              verification: { type: 'object' },
            },
          },
        },
        404: { description: 'No such package, or not one of the caller’s department (not told apart)' },
      },
    },
    async ({ c, caller, params }) => c.json(await deps.lookUpPackage(caller, params.digest)),
  );
}
