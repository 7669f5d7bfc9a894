/**
 * @module main/console
 * Wiring of the console's desks beyond sign-in and verification: its assets, the security admin's
 * departments, certificates, staff accounts and the catalogue editor, the clerk's case intake and
 * material packages, and the auditor's log, chain check, statistics and supervision.
 */
import type { CertificateService } from '../core/certificates/certificate-service.js';
import type { CrlPublisher } from '../core/certificates/crl-publisher.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import type { AuditVerification } from '../core/audit/audit-verification.js';
import type { AuditReader, AuditStatsReader } from '../core/ports/audit-reader.js';
import type { RouteRegistry } from '../http/route.js';
import { registerCertificateConsoleRoutes } from '../web/admin/certificate-console-routes.js';
import { registerDepartmentConsoleRoutes } from '../web/admin/department-console-routes.js';
import { registerAuditConsoleRoutes } from '../web/audit/audit-console-routes.js';
import { registerStatsConsoleRoutes } from '../web/audit/stats-console-routes.js';
import { registerConsoleAssetRoutes } from '../web/console-assets.js';
import { registerRightsConsoleRoutes, type RightsConsoleDeps } from '../web/admin/rights-console-routes.js';
import { registerWebhookConsoleRoutes, type WebhookConsoleDeps } from '../web/admin/webhook-console-routes.js';
import { registerCaseConsoleRoutes, type CaseConsoleDeps } from '../web/cases/case-console-routes.js';
import { registerPackageConsoleRoutes, type PackageConsoleDeps } from '../web/cases/package-console-routes.js';
import { registerSupervisionConsoleRoutes, type SupervisionConsoleDeps } from '../web/audit/supervision-console-routes.js';
import { registerCatalogueConsoleRoutes, type CatalogueConsoleDeps } from '../web/admin/catalogue-console-routes.js';
import { registerRecentVerificationsRoutes } from '../web/recent-verifications-routes.js';
import { AuditActions } from '../core/audit/audit-actions.js';

export interface ConsoleWiringDeps {
  secureCookies: boolean;
  departments: DepartmentService;
  certificates: CertificateService;
  crls: CrlPublisher;
  audit: AuditReader & AuditStatsReader;
  verifyAudit(): Promise<AuditVerification>;
  typeName(code: string): string | undefined;
  /** Case intake: the case service, the material check and the published catalogue. */
  cases: CaseConsoleDeps;
  lookUpPackage: PackageConsoleDeps['lookUpPackage'];
  supervise: SupervisionConsoleDeps['supervise'];
  catalogue: CatalogueConsoleDeps['catalogue'];
  webhooks: WebhookConsoleDeps['webhooks'];
  rights: Omit<RightsConsoleDeps, 'departments'>;
  now(): Date;
}

export function registerConsoleDesks(routes: RouteRegistry, deps: ConsoleWiringDeps): void {
  const departmentName = (uscc: string) =>
    deps.departments.get(uscc).then(
      (d) => d.name,
      () => undefined,
    );
  registerConsoleAssetRoutes(routes, { secureCookies: deps.secureCookies });
  registerDepartmentConsoleRoutes(routes, { departments: deps.departments });
  registerCertificateConsoleRoutes(routes, {
    certificates: deps.certificates,
    crls: deps.crls,
    departments: deps.departments,
    now: deps.now,
  });
  registerAuditConsoleRoutes(routes, { audit: deps.audit, verify: deps.verifyAudit });
  registerCaseConsoleRoutes(routes, deps.cases);
  registerPackageConsoleRoutes(routes, { lookUpPackage: deps.lookUpPackage });
  registerCatalogueConsoleRoutes(routes, { catalogue: deps.catalogue, departments: deps.departments });
  registerRightsConsoleRoutes(routes, { ...deps.rights, departments: deps.departments });
  registerWebhookConsoleRoutes(routes, { webhooks: deps.webhooks, now: deps.now });
  registerRecentVerificationsRoutes(routes, {
    recent: (actor, limit) => deps.audit.search({ actor, action: AuditActions.licenseVerify }, undefined, limit, 'newest'),
    typeName: deps.typeName,
  });
  registerStatsConsoleRoutes(routes, { stats: deps.audit, departmentName, typeName: deps.typeName, now: deps.now });
  registerSupervisionConsoleRoutes(routes, { supervise: deps.supervise, departmentName });
}
