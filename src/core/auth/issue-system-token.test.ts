import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { accessTokenKeyId, createAccessTokenService, type AccessTokenService } from '../../pki/auth/access-token.js';
import { createClientAssertionVerifier } from '../../pki/auth/client-assertion.js';
import { assertionClaims, makeSystemClient, signAssertion, type SystemClient } from '../../../test/fixtures/client-assertions.js';
import { FileSigner } from '../../pki/keys/file-signer.js';
import { createPathValidator } from '../../pki/path/cached-path-validator.js';
import { failure, makePki, type Pki } from '../../../test/fixtures/pki.js';
import { DepartmentInactiveError } from '../departments/department-errors.js';
import type { ClientAssertionVerifier } from '../ports/client-assertion-verifier.js';
import { InMemoryAssertionReplayStore } from './in-memory-assertion-replay-store.js';
import { issueSystemToken, JWT_BEARER_ASSERTION, type IssueSystemTokenDeps } from './issue-system-token.js';
import { InMemoryAuditWriter } from '../audit/in-memory-audit-writer.js';

const ENDPOINT = 'https://hub.test/v1/auth/token';

let pki: Pki;
let client: SystemClient;
let assertions: ClientAssertionVerifier;
let tokens: AccessTokenService;

beforeAll(async () => {
  pki = await makePki();
  client = await makeSystemClient({ issuer: pki.issuing });
  const validator = createPathValidator({ trustAnchors: [pki.root.certificate], crls: () => [pki.crl], requireRevocationCheck: true });
  assertions = createClientAssertionVerifier({ validator, tokenEndpoint: ENDPOINT });
  const signer = FileSigner.generate('ES256');
  tokens = createAccessTokenService({ signer, kid: await accessTokenKeyId(signer.publicKeySpki), issuer: 'https://hub.test' });
});

function deps(overrides: Partial<IssueSystemTokenDeps> = {}) {
  const replay = new InMemoryAssertionReplayStore();
  const assertActiveDepartment = vi.fn(async () => undefined);
  return { assertions, replay, assertActiveDepartment, tokens, audit: new InMemoryAuditWriter(), now: () => new Date(), ...overrides };
}

function request(claims: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: JWT_BEARER_ASSERTION,
    client_assertion: signAssertion(client, { claims: assertionClaims(client, ENDPOINT, claims) }),
    ...extra,
  };
}

describe('issueSystemToken', () => {
  it('trades a valid assertion for an access token naming the department and certificate', async () => {
    const d = deps();
    const issued = await issueSystemToken(d, request());
    expect(issued.expiresIn).toBe(900);
    expect(await tokens.verify(issued.token)).toMatchObject({
      department: client.uscc,
      certificateSerial: client.certificate.serialNumber.toLowerCase(),
    });
    expect(d.assertActiveDepartment).toHaveBeenCalledWith(client.uscc);
  });

  it('never accepts a jti twice, but the same jti from another department is its own', async () => {
    const d = deps();
    const once = request({ jti: 'fixed-jti' });
    await issueSystemToken(d, once);
    const again = await failure(issueSystemToken(d, once));
    expect(again).toMatchObject({ code: 'ERR_ASSERTION_REPLAYED', extra: { jti: 'fixed-jti' } });
    expect((await failure(issueSystemToken(d, request({ jti: 'fixed-jti' })))).code).toBe('ERR_ASSERTION_REPLAYED');
    await expect(d.replay.remember({ issuer: '11431322006123456X', jti: 'fixed-jti', until: new Date() })).resolves.toBe(true);
  });

  it('does not use up the jti of a refused assertion', async () => {
    const d = deps({ assertActiveDepartment: vi.fn().mockRejectedValueOnce(new DepartmentInactiveError('off')) });
    const jti = randomUUID();
    expect(await failure(issueSystemToken(d, request({ jti })))).toMatchObject({ code: 'ERR_DEPARTMENT_INACTIVE' });
    expect(await failure(issueSystemToken(d, request({ jti, aud: 'https://x.test' })))).toMatchObject({
      code: 'ERR_ASSERTION_AUDIENCE_INVALID',
    });
    await expect(issueSystemToken(d, request({ jti }))).resolves.toBeDefined();
  });

  it('checks client_id when sent', async () => {
    await expect(issueSystemToken(deps(), request({}, { client_id: client.uscc }))).resolves.toBeDefined();
    expect((await failure(issueSystemToken(deps(), request({}, { client_id: 'someone-else' })))).code).toBe('ERR_CLIENT_ID_MISMATCH');
  });

  it('audits a refused assertion as a refusal with its code, the department only once the signature proved it', async () => {
    const audit = new InMemoryAuditWriter();
    const d = deps({ audit });
    const once = request({ jti: 'replayed-jti' });
    await issueSystemToken(d, once);
    expect((await failure(issueSystemToken(d, once))).code).toBe('ERR_ASSERTION_REPLAYED');
    const valid = once.client_assertion;
    const [head, body] = valid.split('.');
    const forged = `${head}.${body}.${Buffer.alloc(64).toString('base64url')}`;
    expect((await failure(issueSystemToken(d, { ...once, client_assertion: forged }))).code).toBe('ERR_ASSERTION_SIGNATURE_INVALID');
    // An attacker's free text in the claims and header never reaches the entry.
    const hostile = 'X'.repeat(10_000);
    const junk = signAssertion(client, { claims: assertionClaims(client, ENDPOINT, { iss: hostile, sub: hostile }) });
    await failure(issueSystemToken(d, { ...once, client_assertion: junk }));

    const [issued, replayed, badSignature, hostileEntry] = audit.entries;
    expect(issued?.action).toBe('token.system');
    expect(replayed).toMatchObject({
      action: 'token.system.refused',
      result: 'ERR_ASSERTION_REPLAYED',
      actor: `system:${client.uscc}`,
      department: client.uscc,
      target: client.certificate.serialNumber.toLowerCase(),
      details: { jtiSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(JSON.stringify(replayed)).not.toContain('replayed-jti');
    expect(badSignature).toMatchObject({
      action: 'token.system.refused',
      result: 'ERR_ASSERTION_SIGNATURE_INVALID',
      actor: 'anonymous',
      department: undefined,
      target: undefined,
      details: { claimedIssuer: client.uscc },
    });
    expect(hostileEntry).toMatchObject({ action: 'token.system.refused', actor: 'anonymous', details: {} });
    expect(JSON.stringify(hostileEntry).length).toBeLessThan(500);
    expect(audit.entries).toHaveLength(4);
  });

  it('refuses a malformed token request before looking at the assertion', async () => {
    const verify = vi.fn();
    const d = deps({ assertions: { verify } });
    const cases: [Record<string, string | undefined>, string, string][] = [
      [{ grant_type: undefined }, 'ERR_TOKEN_REQUEST_INVALID', 'grant_type'],
      [{ grant_type: 'password' }, 'ERR_GRANT_TYPE_UNSUPPORTED', 'grant_type'],
      [{ grant_type: 'authorization_code' }, 'ERR_GRANT_TYPE_UNSUPPORTED', 'grant_type'],
      [{ client_assertion_type: undefined }, 'ERR_TOKEN_REQUEST_INVALID', 'client_assertion_type'],
      [
        { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
        'ERR_TOKEN_REQUEST_INVALID',
        'client_assertion_type',
      ],
      [{ client_assertion: undefined }, 'ERR_TOKEN_REQUEST_INVALID', 'client_assertion'],
      [{ client_assertion: '' }, 'ERR_TOKEN_REQUEST_INVALID', 'client_assertion'],
    ];
    for (const [change, code, parameter] of cases) {
      const body = Object.fromEntries(Object.entries({ ...request(), ...change }).filter(([, v]) => v !== undefined));
      expect(await failure(issueSystemToken(d, body))).toMatchObject({ code, extra: { parameter } });
    }
    expect(verify).not.toHaveBeenCalled();
  });
});
