/**
 * @module main/demo/seed-demo-county
 * Seeds 新化县 into an empty hub through the hub's own use cases, so the demo data is exactly what
 * real departments would have produced: departments registered (credit codes checked), seal and
 * system certificates issued by the hub CA from locally generated keys and CSRs, issuing rights
 * granted, a clerk account created, and licences sealed by each department's seal and published
 * through the publication pipeline as that department's system — stored, event-announced, and some
 * then suspended, revoked or cancelled by sealed status changes.
 *
 * The private keys are kept (passphrase-encrypted PKCS#8, mode 0600) in the key store the caller
 * gives, so the demo departments can seal more later. Seeding runs only when no department exists.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { Applicant } from '../../core/cases/case.js';
import type { CertificateService } from '../../core/certificates/certificate-service.js';
import type { DepartmentService } from '../../core/departments/department-service.js';
import { beijingDate, currentStatus } from '../../core/licenses/license.js';
import type { RightsDirectory } from '../../core/rights/rights-directory.js';
import { LICENSE_STATUS_JWS_TYPE } from '../../core/licenses/change-license-status.js';
import { LICENSE_JWS_TYPE } from '../../core/licenses/prepare-license.js';
import { describeFailure, type PublishOutcome } from '../../core/licenses/publish-licenses.js';
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';
import type { Logger } from '../../core/ports/logger.js';
import type { CreatedUser, CreateUserInput } from '../../core/users/create-user.js';
import type { FileSigner } from '../../pki/keys/file-signer.js';
import { pemToX5c, signSealedJws } from '../../pki/jws/sealed-jws-signer.js';
import { generateDepartmentKey, toFileSigner } from './department-keys.js';
import { LicenseTypeCodes, type LicenseTypeCode } from './license-context.js';
import { createLicenseGenerator } from './license-generator.js';
import { DEMO_CLERK, DEMO_LICENSES, DEMO_SEED, issuersOf, XINHUA_DEPARTMENTS, type DemoDepartment } from './xinhua-county.js';
import { demoStatusChanges } from './demo-status-changes.js';
import { seedDemoCases, type DemoCaseDeps } from './demo-cases.js';
import { XINHUA_CATALOGUE } from './xinhua-catalogue.js';

export interface DemoSeedDeps {
  departments: DepartmentService;
  certificates: Pick<CertificateService, 'issue'>;
  rights: Pick<RightsDirectory, 'grant'>;
  publish(caller: Principal, jws: string): Promise<PublishOutcome>;
  changeStatus(caller: Principal, id: string, jws: string): Promise<unknown>;
  createUser(caller: Principal, input: CreateUserInput): Promise<CreatedUser>;
  /** Imports and publishes service items (两个清单). */
  importCatalogue(caller: Principal, items: readonly unknown[]): Promise<{ imported: number }>;
  /** Case use cases on the seeder's clock, for the county's recent history (demo only). */
  casesAt: DemoCaseDeps['casesAt'];
  /** Where the departments' encrypted keys and certificates are kept. */
  keys: CaMaterialStore;
  passphrase: string;
  consoleUrl: string;
  logger: Logger;
  now(): Date;
  signal: AbortSignal;
}

export interface DemoSummary {
  departments: number;
  certificates: number;
  licenses: number;
  refused: number;
  statusChanges: number;
  cases: number;
  /** A licence valid today, for a newcomer's first verification. */
  tryVerifying: string | undefined;
  /** The demo clerk's login, for the start banner of a hub started at a terminal. */
  clerk: { username: string; password: string };
}

interface Enrolled {
  department: DemoDepartment;
  seal: FileSigner;
  x5c: string[];
  system: Principal;
}

const SEEDER: Principal = { actor: 'hub:demo-county', role: 'security-admin', department: undefined };
const PUBLISH_CONCURRENCY = 4;
const PROGRESS_EVERY = 100;

/** Seeds the county and answers what it made, or `undefined` when the hub already has departments. */
export async function seedDemoCounty(deps: DemoSeedDeps): Promise<DemoSummary | undefined> {
  const existing = await deps.departments.list();
  if (existing.length > 0) {
    deps.logger.debug({ departments: existing.length }, 'demo county not seeded: the hub already has departments');
    return undefined;
  }
  deps.logger.info({ departments: XINHUA_DEPARTMENTS.length, licenses: DEMO_LICENSES }, 'seeding the demo county 新化县');

  const enrolled = new Map<string, Enrolled>();
  for (const department of XINHUA_DEPARTMENTS) {
    deps.signal.throwIfAborted();
    enrolled.set(department.uscc, await enrol(deps, department));
  }

  const clerk = await deps.createUser(SEEDER, { username: DEMO_CLERK.username, role: 'clerk', department: DEMO_CLERK.department });
  deps.logger.info(
    { username: clerk.username, console: deps.consoleUrl },
    `demo clerk login (shown once): username ${clerk.username} password ${clerk.password} at ${deps.consoleUrl}`,
  );

  const catalogue = await deps.importCatalogue(SEEDER, XINHUA_CATALOGUE);
  deps.logger.info({ items: catalogue.imported }, 'demo catalogue (两个清单) published');

  const published = await publishLicenses(deps, enrolled);
  const { changed: statusChanges, untouched, valid } = await changeSomeStatuses(deps, enrolled, published.stored);
  const companies = valid.filter((l) => l.typeCode === LicenseTypeCodes.businessLicense).map((l) => l.holder);
  const cases = await seedDemoCases(deps, companies);
  return {
    departments: enrolled.size,
    certificates: enrolled.size * 2,
    licenses: published.stored.length,
    refused: published.refused,
    statusChanges,
    cases,
    tryVerifying: untouched,
    clerk: { username: clerk.username, password: clerk.password },
  };
}

async function enrol(deps: DemoSeedDeps, department: DemoDepartment): Promise<Enrolled> {
  await deps.departments.register({ uscc: department.uscc, name: department.name, level: department.level });
  const issuesLicenses = department.licenseTypes.length > 0;
  const seal = await certify(deps, department, 'seal', {
    profile: 'seal',
    seal: issuesLicenses ? { name: `${department.name}电子证照专用章`, kind: '电子证照专用章' } : { name: department.name, kind: '公章' },
  });
  await certify(deps, department, 'system', { profile: 'system', system: { name: `${department.name}业务系统` } });
  for (const typeCode of department.licenseTypes) await deps.rights.grant('issue', typeCode, department.uscc, SEEDER);
  return {
    department,
    seal: seal.signer,
    x5c: seal.x5c,
    system: { actor: `system:${department.uscc}`, role: 'system', department: department.uscc },
  };
}

type CertifyInput = Pick<Parameters<CertificateService['issue']>[1], 'profile' | 'seal' | 'system'>;

/** Key and CSR made locally, certificate from the hub CA, both kept in the key store. */
async function certify(deps: DemoSeedDeps, department: DemoDepartment, use: 'seal' | 'system', input: CertifyInput) {
  const key = await generateDepartmentKey();
  const issued = await deps.certificates.issue(SEEDER, { ...input, csr: key.csr, department: department.uscc });
  const { signer, encryptedPem } = toFileSigner(key.privateKey, deps.passphrase);
  const base = `${department.uscc.toLowerCase()}-${use}`;
  await deps.keys.write(`${base}.key.pem`, new TextEncoder().encode(encryptedPem), { secret: true });
  await deps.keys.write(`${base}.pem`, new TextEncoder().encode(issued.certificate + issued.chain));
  return { signer, x5c: pemToX5c(issued.certificate + issued.chain).slice(0, 2) };
}

interface StoredLicense {
  id: string;
  typeCode: LicenseTypeCode;
  issuer: string;
  validUntil: string | undefined;
  holder: Applicant;
}

async function publishLicenses(deps: DemoSeedDeps, enrolled: Map<string, Enrolled>) {
  const generator = createLicenseGenerator({
    seed: DEMO_SEED,
    today: beijingDate(deps.now()),
    issuerOf: (typeCode, random) => {
      const { uscc, name } = random.pick(issuersOf(typeCode));
      return { uscc, name };
    },
  });
  const stored: StoredLicense[] = [];
  let refused = 0;
  let next = 0;
  const worker = async () => {
    while (next < DEMO_LICENSES) {
      deps.signal.throwIfAborted();
      const { payload } = generator.license(next++);
      const issuer = enrolled.get(payload.issuer.uscc) as Enrolled;
      const jws = await signSealedJws(payload, { signer: issuer.seal, typ: LICENSE_JWS_TYPE, x5c: issuer.x5c });
      const outcome = await deps.publish(issuer.system, jws);
      if (outcome.ok) {
        stored.push({
          id: outcome.license.id,
          typeCode: payload.typeCode as LicenseTypeCode,
          issuer: payload.issuer.uscc,
          validUntil: payload.validUntil,
          holder: { idType: payload.holder.idType, id: payload.holder.id, name: payload.holder.name },
        });
      } else {
        refused += 1;
        deps.logger.warn({ number: payload.number, ...describeFailure(outcome.error) }, 'a demo licence was refused');
      }
      if ((stored.length + refused) % PROGRESS_EVERY === 0)
        deps.logger.info({ published: stored.length, of: DEMO_LICENSES }, 'demo county: publishing licences');
    }
  };
  await Promise.all(Array.from({ length: PUBLISH_CONCURRENCY }, worker));
  return { stored, refused };
}

/** A few licences of businesses lose their validity, as they do in any county; answers those still valid. */
async function changeSomeStatuses(
  deps: DemoSeedDeps,
  enrolled: Map<string, Enrolled>,
  stored: readonly StoredLicense[],
): Promise<{ changed: number; untouched: string | undefined; valid: StoredLicense[] }> {
  const today = beijingDate(deps.now());
  const candidates = stored
    .filter((l) => l.typeCode !== LicenseTypeCodes.marriageCertificate && l.typeCode !== LicenseTypeCodes.disabilityCertificate)
    .filter((l) => currentStatus({ status: 'valid', validUntil: l.validUntil }, today) === 'valid')
    .sort((a, b) => a.id.localeCompare(b.id));
  let changed = 0;
  const changes = demoStatusChanges(candidates, deps.now());
  for (const { license, change } of changes) {
    deps.signal.throwIfAborted();
    const issuer = enrolled.get(license.issuer) as Enrolled;
    const jws = await signSealedJws(change, { signer: issuer.seal, typ: LICENSE_STATUS_JWS_TYPE, x5c: issuer.x5c });
    await deps.changeStatus(issuer.system, license.id, jws);
    changed += 1;
  }
  const valid = candidates.filter((c) => !changes.some((x) => x.license.id === c.id));
  return { changed, untouched: valid[0]?.id, valid };
}
