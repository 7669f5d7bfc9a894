/**
 * @module http/authorization
 * The one authorisation table: operation × role. Deny by default — an operation missing here can be
 * called by nobody. Department scoping (acting only for one's own department) is enforced by the use
 * cases, which see the resource.
 */
import type { Role } from '../core/auth/roles.js';

/** `public`: anyone; `authenticated`: any valid credential; a list: only those roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** Who may verify: the API and the console's verification pages alike. */
const VERIFIERS: readonly Role[] = ['clerk', 'system', 'dept-admin'];

export const ACCESS: Readonly<Record<string, Access>> = {
  getHealth: 'public',
  getReadiness: 'public',
  getMetrics: 'public',
  getOpenApi: 'public',
  getDocs: 'public',
  getDocsAsset: 'public',
  // The client assertion in the body is the credential (RFC 7523), checked by the use case.
  issueAccessToken: 'public',
  createApiToken: ['security-admin'],
  createDepartment: ['security-admin'],
  listDepartments: 'authenticated',
  getDepartment: 'authenticated',
  updateDepartment: ['security-admin'],
  publishLicense: ['system'],
  getLicense: ['system', 'dept-admin', 'clerk', 'security-admin'],
  getLicenseHistory: ['system', 'dept-admin', 'clerk', 'security-admin'],
  changeLicenseStatus: ['system'],
  listLicenseTypes: 'authenticated',
  grantIssuingRight: ['security-admin'],
  revokeIssuingRight: ['security-admin'],
  listSchemas: 'authenticated',
  getSchema: 'authenticated',
  getAsyncApi: 'public',
  // Only systems publish: a document is sealed by the issuing department's own system, never by an admin.
  publishDocument: ['system'],
  verifyDocument: 'authenticated',
  // The issuer's own systems (scoped in core/documents) and security admins.
  getDocument: ['system', 'security-admin'],
  getDocumentFile: ['system', 'security-admin'],
  verifyLicense: VERIFIERS,
  verifyLicenseBatch: VERIFIERS,
  verifyPresentedLicense: VERIFIERS,
  getJwks: 'public',
  verifyReceipt: 'public',
  rotateReceiptKey: ['security-admin'],
  rotateLicenseRowKey: ['security-admin'],
  rotateDataBodyKey: ['security-admin'],
  grantReadingRight: ['security-admin'],
  revokeReadingRight: ['security-admin'],
  getCaChain: 'public',
  getCrl: 'public',
  issueCertificate: ['security-admin'],
  listCertificates: ['security-admin'],
  getCertificate: ['security-admin'],
  getSealImage: 'authenticated',
  revokeCertificate: ['security-admin'],
  suspendCertificate: ['security-admin'],
  releaseCertificate: ['security-admin'],
  // A dead letter may seal a personal ID number or a credential: only the hub's operators open one,
  // audited; auditors see each opening in the audit log, not the content (core/bus/dead-letter-opener).
  openDeadLetter: ['security-admin'],
  listAudit: ['auditor'],
  verifyAudit: ['auditor'],
  // Department admins see their own department's figures only (scoped in http/routes/stats-routes).
  getStats: ['auditor', 'dept-admin'],
  // Department admins only for clerks of their own department: scoped in core/users/create-user.
  createUser: ['security-admin', 'dept-admin'],
  disableUser: ['security-admin'],
  resetUserPassword: ['security-admin'],
  // Department admins only for their own department's subscriptions: scoped in core/webhooks.
  createWebhookSubscription: ['security-admin', 'dept-admin'],
  listWebhookSubscriptions: ['security-admin', 'dept-admin'],
  getWebhookSubscription: ['security-admin', 'dept-admin'],
  listWebhookDeliveries: ['security-admin', 'dept-admin'],
  redeliverWebhooks: ['security-admin', 'dept-admin'],
  getWebhookSigningKey: 'public',
  // The sign-in form is for anonymous visitors; its POST checks its own double-submit token.
  getConsoleLogin: 'public',
  postConsoleLogin: 'public',
  // Console pages take the session cookie only (http/route-auth): a visitor without one is sent to
  // the sign-in form; unsafe requests carry the session's anti-CSRF token.
  getConsole: 'authenticated',
  postConsoleLogout: 'authenticated',
  getConsoleVerify: VERIFIERS,
  postConsoleVerify: VERIFIERS,
  getConsoleVerifyPresented: VERIFIERS,
  postConsoleVerifyPresented: VERIFIERS,
  getConsoleRecentVerifications: VERIFIERS,
  // Case intake at the window: who may open cases and check their materials (core/cases scopes them).
  getConsoleCaseIntake: ['clerk', 'dept-admin'],
  postConsoleCase: ['clerk', 'dept-admin'],
  getConsoleCase: ['clerk', 'dept-admin'],
  postConsoleCaseCheck: ['clerk', 'dept-admin'],
  // A material package through its QR link: the departments of the case (scoped in core/cases), auditors.
  getConsoleCasePackage: ['clerk', 'dept-admin', 'auditor'],
  // The stylesheet, the script and the language switch carry nothing private.
  getConsoleAsset: 'public',
  switchConsoleLanguage: 'public',
  // The security admin's desk: each page as its API operation.
  getConsoleDepartments: ['security-admin'],
  postConsoleDepartment: ['security-admin'],
  postConsoleDepartmentDeactivate: ['security-admin'],
  getConsoleCertificates: ['security-admin'],
  getConsoleCertificate: ['security-admin'],
  postConsoleCertificate: ['security-admin'],
  postConsoleCertificateAction: ['security-admin'],
  getConsoleUsers: ['security-admin'],
  getConsoleRights: ['security-admin'],
  postConsoleRight: ['security-admin'],
  // Webhook subscriptions: department admins see their own department's (scoped in core/webhooks).
  getConsoleWebhooks: ['security-admin', 'dept-admin'],
  getConsoleWebhook: ['security-admin', 'dept-admin'],
  postConsoleWebhookRedeliver: ['security-admin', 'dept-admin'],
  postConsoleUser: ['security-admin'],
  postConsoleUserAction: ['security-admin'],
  // The auditor's room; department admins see their own department's statistics.
  getConsoleAudit: ['auditor'],
  getConsoleAuditVerify: ['auditor'],
  getConsoleStats: ['auditor', 'dept-admin'],
  getConsoleStatsCsv: ['auditor', 'dept-admin'],
  getConsoleSupervision: ['auditor', 'dept-admin'],
  getConsoleSupervisionCsv: ['auditor', 'dept-admin'],
  // The 两个清单 editor: the roles of the catalogue API.
  getConsoleCatalogue: ['security-admin'],
  getConsoleCatalogueItem: ['security-admin'],
  postConsoleCatalogueItem: ['security-admin'],
  postConsoleCataloguePublish: ['security-admin'],
  // Data sharing: department scoping (own services, own grants, provider-only decisions) is in core/data-sharing.
  registerDataService: ['dept-admin', 'security-admin'],
  listDataServices: 'authenticated',
  getDataService: 'authenticated',
  applyDataGrant: ['dept-admin'],
  approveDataGrant: ['dept-admin'],
  refuseDataGrant: ['dept-admin'],
  withdrawDataGrant: ['dept-admin'],
  listDataGrants: ['dept-admin', 'system', 'security-admin', 'auditor'],
  requestData: ['system'],
  readDataExchangeBodies: ['auditor'],
  // 两个清单 and the working-day calendar are public by law; changing them is the security admin's.
  listCatalogueItems: 'public',
  getCatalogueItem: 'public',
  listCatalogueFees: 'public',
  exportCatalogue: 'public',
  listCatalogueDrafts: ['security-admin'],
  saveCatalogueDraft: ['security-admin'],
  publishCatalogueItem: ['security-admin'],
  importCatalogue: ['security-admin'],
  getCalendar: 'public',
  correctCalendar: ['security-admin'],
  // Cases: the departments of the item act on them (scoped in core/cases); auditors read them.
  openCase: ['clerk', 'system', 'dept-admin'],
  getCase: ['clerk', 'system', 'dept-admin', 'auditor'],
  addCaseMilestone: ['clerk', 'system', 'dept-admin'],
  checkCaseMaterials: ['clerk', 'system', 'dept-admin'],
  getCasePackage: ['clerk', 'system', 'dept-admin', 'auditor'],
  // Staff at the window, for the holder in front of them (audited in core/cases/holder-usage).
  reportHolderUsage: ['clerk', 'dept-admin'],
  // Department admins see their own department only (scoped in core/cases/supervision).
  getSupervision: ['auditor', 'dept-admin'],
  exportSupervision: ['auditor', 'dept-admin'],
};

const NOBODY: Access = [];

export function accessFor(operationId: string): Access {
  return ACCESS[operationId] ?? NOBODY;
}

/** Whether `role` may call `operationId`: the console offers a user only what the API would allow. */
export function roleMay(operationId: string, role: Role): boolean {
  const access = accessFor(operationId);
  return access === 'public' || access === 'authenticated' || access.includes(role);
}
