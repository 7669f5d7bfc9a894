/**
 * System authentication end to end over HTTP on real PostgreSQL: a department system trades a
 * client assertion for an access token and calls a protected route with it; the same assertion is
 * refused after a restart and by a second instance; the token stops working the moment its
 * certificate is revoked. The hub is wired here from the modules' exports the way main wires it.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjvValidatorFactory } from '../../src/contracts/ajv-validator-factory.js';
import { createAccessTokenAuthenticator } from '../../src/core/auth/access-token-authenticator.js';
import { firstMatching } from '../../src/core/auth/authenticator.js';
import { issueSystemToken, JWT_BEARER_ASSERTION } from '../../src/core/auth/issue-system-token.js';
import { createDepartmentService } from '../../src/core/departments/department-service.js';
import { usccCheckChar } from '../../src/core/identifiers/uscc.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createApp } from '../../src/http/app.js';
import { createHubMetrics } from '../../src/http/metrics.js';
import { registerAuthRoutes } from '../../src/http/routes/auth-routes.js';
import { registerDepartmentRoutes } from '../../src/http/routes/department-routes.js';
import { accessTokenKeyId, createAccessTokenService } from '../../src/pki/auth/access-token.js';
import { createClientAssertionVerifier } from '../../src/pki/auth/client-assertion.js';
import { assertionClaims, makeSystemClient, signAssertion, type SystemClient } from '../fixtures/client-assertions.js';
import { findCrlEntry } from '../../src/pki/ca/crl.js';
import { FileSigner } from '../../src/pki/keys/file-signer.js';
import { createPathValidator } from '../../src/pki/path/cached-path-validator.js';
import { makeCrl, makePki, type Pki } from '../fixtures/pki.js';
import type * as x509 from '../../src/pki/x509.js';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresAssertionReplayStore } from '../../src/postgres/postgres-assertion-replay-store.js';
import { PostgresDepartmentRepository } from '../../src/postgres/postgres-department-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { InMemoryAuditWriter } from '../../src/core/audit/in-memory-audit-writer.js';

const PUBLIC_URL = 'https://hub.county.test';
const TOKEN_ENDPOINT = `${PUBLIC_URL}/v1/auth/token`;
const OFF_USCC = `11431322006111111${usccCheckChar('11431322006111111')}`;

/** What every instance shares: the database, the CA's current CRL and the hub signing key. */
interface Shared {
  dbUrl: string;
  pki: Pki;
  crl: x509.X509Crl;
  hubKey: FileSigner;
}

interface TestHub {
  url: string;
  revoke(serial: string): Promise<void>;
  stop(): Promise<void>;
}

async function startAuthHub(shared: Shared): Promise<TestHub> {
  const sql = postgres(shared.dbUrl, { max: 5, onnotice: () => {} });
  await migrate(sql);
  const departments = createDepartmentService(new PostgresDepartmentRepository(sql));
  const validator = createPathValidator({
    trustAnchors: [shared.pki.root.certificate],
    crls: () => [shared.crl],
    requireRevocationCheck: true,
  });
  const tokens = createAccessTokenService({
    signer: shared.hubKey,
    kid: await accessTokenKeyId(shared.hubKey.publicKeySpki),
    issuer: PUBLIC_URL,
  });
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator: firstMatching([
      createAccessTokenAuthenticator({
        tokens,
        isRevoked: (serial) => findCrlEntry(shared.crl, serial) !== undefined,
        now: () => new Date(),
      }),
    ]),
    validators: createAjvValidatorFactory(),
    metrics: createHubMetrics([]),
    bodyLimitBytes: 1024 * 1024,
  });
  registerDepartmentRoutes(routes, { departments });
  registerAuthRoutes(routes, {
    issueSystemToken: (request) =>
      issueSystemToken(
        {
          assertions: createClientAssertionVerifier({ validator, tokenEndpoint: TOKEN_ENDPOINT }),
          replay: new PostgresAssertionReplayStore(sql),
          assertActiveDepartment: (uscc) => departments.assertActive(uscc),
          tokens,
          audit: new InMemoryAuditWriter(),
          now: () => new Date(),
        },
        request,
      ),
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async revoke(serial) {
      shared.crl = await makeCrl(shared.pki.issuing, [{ serial, revokedAt: new Date(), reason: 'keyCompromise' }]);
      validator.invalidate(serial);
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await sql.end({ timeout: 5 });
    },
  };
}

async function requestToken(hub: TestHub, assertion: string, extra: Record<string, string> = {}) {
  const response = await fetch(`${hub.url}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION,
      client_assertion: assertion,
      ...extra,
    }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v1/auth/token on real PostgreSQL', () => {
  let db: TestDatabase;
  let shared: Shared;
  let hub: TestHub;
  let client: SystemClient;
  const assertion = (claims: Record<string, unknown> = {}, who = client) =>
    signAssertion(who, { claims: assertionClaims(who, TOKEN_ENDPOINT, claims) });

  beforeAll(async () => {
    db = await createTestDatabase();
    const pki = await makePki();
    shared = { dbUrl: db.url, pki, crl: pki.crl, hubKey: FileSigner.generate('ES256') };
    client = await makeSystemClient({ issuer: pki.issuing, key: 'P-384' });
    hub = await startAuthHub(shared);
    await migrate(db.sql);
    const departments = createDepartmentService(new PostgresDepartmentRepository(db.sql));
    await departments.register({ uscc: client.uscc, name: '新化县市场监督管理局', level: 'county' });
    await departments.register({ uscc: OFF_USCC, name: '已撤销的局', level: 'county' });
    await departments.update(OFF_USCC, { active: false });
  });
  afterAll(async () => {
    await hub?.stop();
    await db?.drop();
  });

  it('issues an access token that authenticates a department system on a protected route', async () => {
    const jti = randomUUID();
    const issued = await requestToken(hub, assertion({ jti }));
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toEqual({ access_token: expect.stringMatching(/^eyJ/), token_type: 'Bearer', expires_in: 900 });
    const [row] = await db.sql`select issuer, expires_at from auth_assertion_jtis where jti = ${jti}`;
    expect(row?.issuer).toBe(client.uscc);

    const bearer = { authorization: `Bearer ${issued.body.access_token as string}` };
    const listed = await fetch(`${hub.url}/v1/departments`, { headers: bearer });
    expect(listed.status).toBe(200);
    // A system is authenticated, not an administrator.
    const denied = await fetch(`${hub.url}/v1/departments`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: OFF_USCC, name: 'x', level: 'county' }),
    });
    expect(denied.status).toBe(403);
  });

  it('answers a hostile assertion with a coded problem and the OAuth error', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', x5c: client.x5c })).toString('base64url')}.${Buffer.from(JSON.stringify(assertionClaims(client, TOKEN_ENDPOINT))).toString('base64url')}.`;
    const refused = await requestToken(hub, none);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'ERR_ASSERTION_ALG_NONE', status: 401, error: 'invalid_client' });
    const wrongGrant = await requestToken(hub, assertion(), { grant_type: 'password' });
    expect(wrongGrant.body).toMatchObject({ code: 'ERR_GRANT_TYPE_UNSUPPORTED', status: 400, error: 'unsupported_grant_type' });
  });

  it('refuses a system of a deactivated department', async () => {
    const off = await makeSystemClient({ issuer: shared.pki.issuing, uscc: OFF_USCC });
    const refused = await requestToken(hub, assertion({}, off));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ERR_DEPARTMENT_INACTIVE', error: 'invalid_client' });
  });

  it('never accepts a jti twice: not after a restart, not on another instance', async () => {
    const once = assertion();
    expect((await requestToken(hub, once)).status).toBe(200);
    await hub.stop();
    hub = await startAuthHub(shared);
    const replayed = await requestToken(hub, once);
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ code: 'ERR_ASSERTION_REPLAYED', error: 'invalid_client' });

    const second = await startAuthHub(shared);
    try {
      const racing = assertion();
      const answers = await Promise.all([hub, second, hub, second].map((h) => requestToken(h, racing)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
    } finally {
      await second.stop();
    }
  });

  it('stops honouring the access token and refuses new assertions once the certificate is revoked', async () => {
    const system = await makeSystemClient({ issuer: shared.pki.issuing, key: 'Ed25519' });
    const issued = await requestToken(hub, assertion({}, system));
    expect(issued.status).toBe(200);
    const bearer = { authorization: `Bearer ${issued.body.access_token as string}` };
    expect((await fetch(`${hub.url}/v1/departments`, { headers: bearer })).status).toBe(200);

    await hub.revoke(system.certificate.serialNumber.toLowerCase());
    const after = await fetch(`${hub.url}/v1/departments`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'ERR_ACCESS_TOKEN_REVOKED' });
    const again = await requestToken(hub, assertion({}, system));
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'ERR_CERT_REVOKED', error: 'invalid_client' });
    // Other systems of the same CA are unaffected.
    expect((await requestToken(hub, assertion())).status).toBe(200);
  });
});
