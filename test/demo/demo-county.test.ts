/**
 * The demo county on the embedded default (PGlite, in-process bus, ZZ_DEMO on by default): what a
 * newcomer gets on first start, checked through the API, the console and — with the hub stopped —
 * the database itself; and a restart that must not seed twice.
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { deriveLicenseIdentifier } from '../../src/core/identifiers/license-identifier.js';
import type { SupervisionReport } from '../../src/core/cases/supervision.js';
import { beijingDate } from '../../src/core/licenses/license.js';
import type { Logger } from '../../src/core/ports/logger.js';
import { createLicenseGenerator } from '../../src/main/demo/license-generator.js';
import { DEMO_PSB } from '../../src/main/demo/demo-data-providers.js';
import { DEMO_CLERK, DEMO_SEED, issuersOf, XINHUA_DEPARTMENTS } from '../../src/main/demo/xinhua-county.js';
import { startHub, type RunningHub } from '../../src/main.js';
import * as x509 from '../../src/pki/x509.js';
import { api, Browser } from '../users/console-client.js';

interface Entry {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every entry, so the test can wait for the seeding's own messages. */
function recordingLogger(entries: Entry[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (fields: object, msg = '') =>
      void entries.push({ level, msg, fields: { ...bindings, ...fields } });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(entries, { ...bindings, ...more }),
  };
}

async function waitForEntry(entries: Entry[], msg: RegExp, timeoutMs = 60_000): Promise<Entry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = entries.find((e) => msg.test(e.msg));
    if (found) return found;
    const failed = entries.find((e) => e.level === 'error');
    if (failed) throw new Error(`hub logged an error: ${failed.msg} ${JSON.stringify(failed.fields)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${msg}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Counts {
  departments: number;
  licenses: number;
  types: number;
  suspended: number;
  revoked: number;
  expired: number;
  sealed_changes: number;
  users: number;
  cases: number;
}

async function countRows(dataDir: string): Promise<Counts> {
  const db = await PGlite.create(path.join(dataDir, 'pglite'));
  try {
    const { rows } = await db.query<Counts>(`
      select (select count(*)::int from departments) as departments,
             (select count(*)::int from licenses) as licenses,
             (select count(distinct type_code)::int from licenses) as types,
             (select count(*)::int from licenses where status = 'suspended') as suspended,
             (select count(*)::int from licenses where status = 'revoked') as revoked,
             (select count(*)::int from licenses where valid_until < current_date) as expired,
             (select count(*)::int from license_history where jws is not null) as sealed_changes,
             (select count(*)::int from users) as users,
             (select count(*)::int from cases) as cases`);
    return rows[0] as Counts;
  } finally {
    await db.close();
  }
}

/**
 * The Beijing date the seeding ran on. Set in `beforeAll` from the dates before the start and after
 * the seeding: a run across 16:00 UTC (midnight in Beijing) sees two, and the stored licence says which.
 */
let seedDay = beijingDate(new Date());

/** Licence `index` of the demo county, as the seeding generated it on `day`, and its identifier. */
function demoLicense(index: number, day = seedDay) {
  const generator = createLicenseGenerator({
    seed: DEMO_SEED,
    today: day,
    issuerOf: (typeCode, random) => {
      const { uscc, name } = random.pick(issuersOf(typeCode));
      return { uscc, name };
    },
  });
  const { payload } = generator.license(index);
  return {
    payload,
    id: deriveLicenseIdentifier({ typeCode: payload.typeCode, issuerUscc: payload.issuer.uscc, number: payload.number, version: '001' }),
  };
}

describe('demo county 新化县 on the embedded default', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-demo-'));
  const entries: Entry[] = [];
  let hub: RunningHub | undefined;
  let adminToken: string;
  let ready: Entry;

  beforeAll(async () => {
    const dayBefore = beijingDate(new Date());
    hub = await startHub(loadConfig({ ZZ_DATA_DIR: dataDir, PORT: '0' }), recordingLogger(entries));
    ready = await waitForEntry(entries, /^demo county ready/);
    await waitForEntry(entries, /^demo data providers answering/);
    adminToken = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    seedDay = dayBefore;
    const dayAfter = beijingDate(new Date());
    if (dayAfter !== dayBefore) {
      // Midnight in Beijing passed while seeding: the first licence as stored names the day it used.
      const { payload, id } = demoLicense(0, dayAfter);
      const minted = await api(hub.url, adminToken, 'POST', '/v1/tokens', { role: 'system', department: payload.issuer.uscc, ttl: '1h' });
      const stored = await api(hub.url, minted.json().token, 'GET', `/v1/licenses/${id}`);
      if (stored.status === 200 && isDeepStrictEqual(stored.json().payload, payload)) seedDay = dayAfter;
    }
  });
  afterAll(async () => {
    await hub?.stop('test done');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers the departments with seal and system certificates from the hub CA', async () => {
    expect(ready.fields).toMatchObject({ departments: XINHUA_DEPARTMENTS.length, certificates: 2 * XINHUA_DEPARTMENTS.length, refused: 0 });
    // A newcomer is told which licence to try first.
    expect(ready.fields.tryVerifying).toMatch(/^1\.2\.156\.3005\.2\./);
    expect(ready.msg).toContain(String(ready.fields.tryVerifying));
    const departments = (await api(hub!.url, adminToken, 'GET', '/v1/departments')).json().items as {
      uscc: string;
      name: string;
      level: string;
    }[];
    // The county's departments, and the 公安局 that the demo data providers register (it issues no licence).
    expect(departments.map((d) => d.uscc).sort()).toEqual([...XINHUA_DEPARTMENTS.map((d) => d.uscc), DEMO_PSB.uscc].sort());
    expect(departments.find((d) => d.uscc === '114313220061234566')).toMatchObject({ name: '新化县市场监督管理局', level: 'county' });
    expect(new Set(departments.map((d) => d.level))).toEqual(new Set(['county', 'township', 'village']));
    const serviceCentre = departments.find((d) => d.name.includes('行政审批服务局'))?.uscc as string;
    const clerk = (await api(hub!.url, adminToken, 'POST', '/v1/tokens', { role: 'clerk', department: serviceCentre, ttl: '1h' })).json()
      .token as string;
    const tried = await api(hub!.url, clerk, 'POST', '/v1/verifications', {
      licenseId: ready.fields.tryVerifying,
      purpose: { caseNo: 'DEMO-1' },
    });
    expect(tried.json()).toMatchObject({ result: 'valid' });

    const certificates = (await api(hub!.url, adminToken, 'GET', '/v1/pki/certificates')).json().items as {
      department: string;
      profile: string;
      status: string;
    }[];
    for (const department of XINHUA_DEPARTMENTS) {
      const own = certificates.filter((c) => c.department === department.uscc && c.status === 'valid');
      expect(own.map((c) => c.profile).sort(), department.name).toEqual(['seal', 'system']);
    }
    // The keys stay with the demo, encrypted and private, so the departments can seal more later.
    expect(statSync(path.join(dataDir, 'demo', '114313220061234566-seal.key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dataDir, 'demo', '114313220061234566-seal.key.pem'), 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
  });

  it('grants each licence type to the departments that issue it', async () => {
    const types = (await api(hub!.url, adminToken, 'GET', '/v1/license-types')).json().items as { code: string; issuers: string[] }[];
    expect(types).toHaveLength(8);
    for (const type of types) {
      expect(type.issuers.sort(), type.code).toEqual(
        issuersOf(type.code as never)
          .map((d) => d.uscc)
          .sort(),
      );
    }
  });

  it('stores a demo licence exactly as its department sealed it, readable with the issuer’s token', async () => {
    const { payload, id } = demoLicense(0);
    const minted = await api(hub!.url, adminToken, 'POST', '/v1/tokens', { role: 'system', department: payload.issuer.uscc, ttl: '1h' });
    const stored = await api(hub!.url, minted.json().token, 'GET', `/v1/licenses/${id}`);
    expect(stored.status).toBe(200);
    const body = stored.json() as { id: string; payload: unknown; jws: string; issuer: { uscc: string } };
    expect(body).toMatchObject({ id, issuer: { uscc: payload.issuer.uscc } });
    expect(body.payload).toEqual(payload);

    // The stored JWS verifies with the seal certificate it carries, which names the issuer.
    const [header, claims, signature] = body.jws.split('.') as [string, string, string];
    const { x5c, typ, alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { x5c: string[]; typ: string; alg: string };
    expect({ typ, alg }).toEqual({ typ: 'zz-license+jws', alg: 'ES256' });
    const seal = new x509.X509Certificate(Buffer.from(x5c[0] as string, 'base64'));
    const key = createPublicKey({ key: Buffer.from(seal.publicKey.rawData), format: 'der', type: 'spki' });
    expect(
      verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(seal.subject).toContain(payload.issuer.uscc);

    const other = await api(hub!.url, adminToken, 'POST', '/v1/tokens', { role: 'system', department: '54431322MEA0753217', ttl: '1h' });
    // Another department cannot tell an existing licence from an unknown identifier.
    const foreign = await api(hub!.url, other.json().token, 'GET', `/v1/licenses/${id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'ERR_LICENSE_NOT_FOUND' });
  });

  it('lets a clerk of another department verify a demo licence by its printed number', async () => {
    const { payload, id } = demoLicense(1);
    const minted = await api(hub!.url, adminToken, 'POST', '/v1/tokens', { role: 'clerk', department: DEMO_CLERK.department, ttl: '1h' });
    const answer = await api(hub!.url, minted.json().token, 'POST', '/v1/verifications', {
      number: payload.number,
      typeCode: payload.typeCode,
      purpose: { caseNo: 'XH2026112400123', serviceItem: '食品经营许可（新办）' },
    });
    expect(answer.status).toBe(200);
    const body = answer.json() as {
      result: string;
      status: string;
      checks: Record<string, { ok: boolean }>;
      receipt: string;
      license: { id: string };
    };
    expect(body.license.id).toBe(id);
    expect(body.checks.integrity?.ok).toBe(true);
    expect(body.checks.issuer?.ok).toBe(true);
    expect(body.result).toBe(body.status === 'valid' ? 'valid' : 'invalid');
    expect(body.receipt.split('.')).toHaveLength(3);
  });

  it('prints a clerk login that signs in to the console', async () => {
    const login = entries.find((e) => /^demo clerk login/.test(e.msg));
    const match = /username (\S+) password (\S+) at (\S+)/.exec(login?.msg ?? '');
    expect(match?.[1]).toBe('demo-clerk');
    expect(match?.[3]).toBe(`${hub!.url}/console/login`);
    const browser = new Browser(hub!.url);
    const signedIn = await browser.logIn(match?.[1] as string, match?.[2] as string);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/console');
    const home = await browser.send('/console');
    expect(home.status).toBe(200);
    expect(home.text).toContain('新化县行政审批服务局');
  });

  it('has six weeks of cases, so supervision shows on-time %, working days p50/p90, visits and exempted materials', async () => {
    const minted = await api(hub!.url, adminToken, 'POST', '/v1/tokens', { role: 'auditor', ttl: '1h' });
    expect(minted.status).toBe(201);
    const from = new Date(Date.now() - 70 * 86_400_000).toISOString().slice(0, 10);
    const res = await api(hub!.url, minted.json().token, 'GET', `/v1/supervision?from=${from}`);
    expect(res.status).toBe(200);
    const report = res.json() as SupervisionReport;
    expect(report.cases.length).toBeGreaterThanOrEqual(20);
    expect(new Set(report.groups.map((g) => g.department)).size).toBeGreaterThanOrEqual(3);
    const decided = report.groups.filter((g) => g.decided > 0);
    expect(decided.length).toBeGreaterThanOrEqual(4);
    for (const group of decided) {
      expect(group.decidedOnTimePercent).toEqual(expect.any(Number));
      expect(group.workingDaysP50).toEqual(expect.any(Number));
      expect(group.workingDaysP90).toBeGreaterThanOrEqual(group.workingDaysP50 as number);
    }
    expect(report.cases.filter((c) => c.onTime === false).length).toBeGreaterThanOrEqual(1);
    expect(report.cases.filter((c) => c.onTime === true).length).toBeGreaterThan(report.cases.length / 2);
    expect(report.cases.some((c) => c.state === 'open')).toBe(true);
    expect(report.dueWithinTwoWorkingDays.length).toBeGreaterThanOrEqual(1);
    expect(report.cases.some((c) => c.visits === 2)).toBe(true);
    expect(report.cases.filter((c) => c.visits === 1).length).toBeGreaterThan(report.cases.length / 2);
    expect(report.cases.some((c) => c.exempted > 0)).toBe(true);
    expect(report.cases.some((c) => c.broughtByApplicant > 0)).toBe(true);
    // No personal ID number in the seeding's log.
    expect(JSON.stringify(entries)).not.toMatch(/\b43\d{4}(19|20)\d{2}[01]\d[0-3]\d{4}[\dX]\b/);
  });

  it('keeps a few hundred licences of all eight types, some expired, suspended or revoked by sealed changes; a restart does not seed again', async () => {
    await hub!.stop('inspect the database');
    hub = undefined;
    const first = await countRows(dataDir);
    expect(first).toMatchObject({ departments: XINHUA_DEPARTMENTS.length + 1, types: 8, users: 1 });
    expect(first.licenses).toBeGreaterThanOrEqual(200);
    expect(first.suspended).toBeGreaterThanOrEqual(1);
    expect(first.revoked).toBeGreaterThanOrEqual(2);
    expect(first.expired).toBeGreaterThanOrEqual(10);
    expect(first.sealed_changes).toBeGreaterThanOrEqual(first.suspended + first.revoked);
    expect(first.cases).toBeGreaterThanOrEqual(20);

    entries.length = 0;
    hub = await startHub(loadConfig({ ZZ_DATA_DIR: dataDir, PORT: '0' }), recordingLogger(entries));
    await waitForEntry(entries, /^demo county not seeded/);
    await hub.stop('done');
    hub = undefined;
    expect(entries.some((e) => /demo clerk login|seeding the demo county/.test(e.msg))).toBe(false);
    expect(await countRows(dataDir)).toEqual(first);
  });
});
