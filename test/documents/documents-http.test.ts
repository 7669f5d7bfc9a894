/**
 * Sealed documents (批准文书) end to end on a real hub and PostgreSQL: departments enrolled through
 * the hub's own API with openssl-made seal keys publish records by JWS and by multipart with the
 * file; clerks verify by 文号 and hash or by uploading the file; every refusal carries its code.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const NRB = { uscc: '11431322MB1D23456B', name: '新化县自然资源局' };
const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const TYP = 'zz-document+jws';
const PDF = Buffer.from('%PDF-1.7\n新化县自然资源局关于梅苑安置小区二期建设工程设计方案的批复\n%%EOF\n');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const record = (
  issuer: { uscc: string; name: string },
  docNo: string,
  file: Uint8Array = PDF,
  title = '关于梅苑安置小区二期建设工程设计方案的批复',
) => ({
  docNo,
  title,
  issuer,
  issuedAt: '2024-06-10',
  sha256: sha256(file),
});

describe('sealed documents over HTTP', () => {
  let fixture: HubFixture;
  let nrb: EnrolledDepartment;
  let samr: EnrolledDepartment;
  let clerk: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    nrb = await enrolDepartment(fixture, { ...NRB, licenseTypes: [] });
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [] });
    clerk = await fixture.mintToken('clerk', SAMR.uscc);
  });
  afterAll(async () => fixture?.stop());

  const url = (path: string) => `${fixture.hub.url}${path}`;
  const auth = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const postJws = (jws: string, token?: string) =>
    fetch(url('/v1/documents'), { method: 'POST', headers: { ...auth(token), 'content-type': 'application/jose' }, body: jws });
  const postForm = (path: string, fields: Record<string, string | Blob>, token?: string) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value instanceof Blob) form.set(name, value, '批复.pdf');
      else form.set(name, value);
    }
    return fetch(url(path), { method: 'POST', headers: auth(token), body: form });
  };
  const verifyJson = (body: unknown, token = clerk) =>
    fetch(url('/v1/documents/verify'), {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const pdf = (bytes: Uint8Array = PDF) => new Blob([bytes], { type: 'application/pdf' });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: `urn:zhengzhao:problem:${code}` });
    return body;
  }

  let byJws: { id: string };
  let withFile: { id: string };

  it('registers a record sealed as a compact JWS, and answers 200 with the same body to the same JWS', async () => {
    const jws = nrb.seal(record(NRB, '新自然资规〔2024〕15号'), TYP);
    const first = await postJws(jws, nrb.systemToken);
    expect(first.status).toBe(201);
    byJws = (await first.json()) as { id: string };
    expect(byJws).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      docNo: '新自然资规〔2024〕15号',
      issuer: NRB,
      sha256: sha256(PDF),
      stored: false,
    });
    const again = await postJws(jws, nrb.systemToken);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(byJws);
  });

  it('registers a record with its file by multipart and serves the file back to the issuer', async () => {
    const response = await postForm(
      '/v1/documents',
      { jws: nrb.seal(record(NRB, '新自然资规〔2024〕16号'), TYP), file: pdf() },
      nrb.systemToken,
    );
    expect(response.status).toBe(201);
    withFile = (await response.json()) as { id: string };
    expect(withFile).toMatchObject({ docNo: '新自然资规〔2024〕16号', stored: true });
    const file = await fetch(url(`/v1/documents/${withFile.id}/file`), { headers: auth(nrb.systemToken) });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
  });

  it('lets the issuer and security admins read a record, nobody else', async () => {
    const own = await fixture.call('GET', `/v1/documents/${withFile.id}`, undefined, nrb.systemToken);
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      id: withFile.id,
      title: '关于梅苑安置小区二期建设工程设计方案的批复',
      stored: true,
      jws: expect.any(String),
    });
    expect((await fixture.call('GET', `/v1/documents/${withFile.id}`)).status).toBe(200);
    await expectProblem(await fixture.call('GET', `/v1/documents/${withFile.id}`, undefined, samr.systemToken), 403, 'ERR_FORBIDDEN');
    await expectProblem(await fixture.call('GET', `/v1/documents/${withFile.id}`, undefined, clerk), 403, 'ERR_FORBIDDEN');
    await expectProblem(await fixture.call('GET', `/v1/documents/${crypto.randomUUID()}`), 404, 'ERR_DOCUMENT_NOT_FOUND');
    await expectProblem(
      await fixture.call('GET', `/v1/documents/${byJws.id}/file`, undefined, nrb.systemToken),
      404,
      'ERR_DOCUMENT_FILE_NOT_STORED',
    );
  });

  it('verifies by 文号 and hash, by the same file, and fails the content check for a changed file', async () => {
    const valid = await verifyJson({ docNo: '新自然资规〔2024〕15号', sha256: sha256(PDF) });
    expect(valid.status).toBe(200);
    expect(await valid.json()).toEqual({
      result: 'valid',
      checks: { integrity: { ok: true }, issuer: { ok: true }, content: { ok: true } },
      document: {
        docNo: '新自然资规〔2024〕15号',
        title: '关于梅苑安置小区二期建设工程设计方案的批复',
        issuer: NRB,
        issuedAt: '2024-06-10',
      },
    });
    const uploaded = await postForm('/v1/documents/verify', { docNo: '新自然资规〔2024〕16号', file: pdf() }, clerk);
    expect(((await uploaded.json()) as { result: string }).result).toBe('valid');
    const changed = await postForm(
      '/v1/documents/verify',
      { docNo: '新自然资规〔2024〕16号', issuer: NRB.uscc, file: pdf(Buffer.from('%PDF-1.7 改过的')) },
      clerk,
    );
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: true }, issuer: { ok: true }, content: { ok: false, code: 'ERR_DOCUMENT_HASH_MISMATCH' } },
    });
    const unknown = (await (await verifyJson({ docNo: '新政发〔1999〕1号', sha256: sha256(PDF) })).json()) as {
      result: string;
      document?: unknown;
    };
    expect(unknown).toMatchObject({ result: 'not_found' });
    expect(unknown.document).toBeUndefined();
  });

  it('refuses tampered, foreign-seal, wrong-typ, off-contract and mismatched-file submissions with codes', async () => {
    const genuine = nrb.seal(record(NRB, '新自然资规〔2024〕17号'), TYP);
    const [h, , s] = genuine.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify(record(NRB, '新自然资规〔2024〕18号'))).toString('base64url')}.${s}`;
    await expectProblem(await postJws(forged, nrb.systemToken), 422, 'ERR_JWS_SIGNATURE_INVALID');
    // SAMR's seal on a record naming NRB, sent by NRB's system; and SAMR's own record sent by NRB's system.
    await expectProblem(
      await postJws(samr.seal(record(NRB, '新自然资规〔2024〕19号'), TYP), nrb.systemToken),
      403,
      'ERR_DOCUMENT_ISSUER_MISMATCH',
    );
    await expectProblem(
      await postJws(samr.seal(record(SAMR, '新市监〔2024〕1号'), TYP), nrb.systemToken),
      403,
      'ERR_DOCUMENT_ISSUER_MISMATCH',
    );
    await expectProblem(
      await postJws(nrb.seal(record(NRB, '新自然资规〔2024〕20号'), 'zz-license+jws'), nrb.systemToken),
      422,
      'ERR_JWS_TYPE',
    );
    const offContract = await expectProblem(
      await postJws(nrb.seal({ ...record(NRB, '新自然资规〔2024〕21号'), sha256: 'ABC', remark: 'x' }, TYP), nrb.systemToken),
      422,
      'ERR_VALIDATION',
    );
    expect((offContract.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(expect.arrayContaining(['/sha256']));
    const mismatch = await postForm(
      '/v1/documents',
      { jws: nrb.seal(record(NRB, '新自然资规〔2024〕22号'), TYP), file: pdf(Buffer.from('other')) },
      nrb.systemToken,
    );
    await expectProblem(mismatch, 422, 'ERR_DOCUMENT_FILE_MISMATCH');
    const conflict = await postJws(nrb.seal(record(NRB, '新自然资规〔2024〕15号', PDF, '另一个标题'), TYP), nrb.systemToken);
    await expectProblem(conflict, 409, 'ERR_DOCUMENT_CONFLICT');
  });

  it('refuses a 21 MiB file with 413, other media types with 415, and unknown form fields', async () => {
    const big = await postForm(
      '/v1/documents',
      { jws: nrb.seal(record(NRB, '新自然资规〔2024〕23号'), TYP), file: pdf(Buffer.alloc(21 * 1024 * 1024)) },
      nrb.systemToken,
    );
    await expectProblem(big, 413, 'ERR_PAYLOAD_TOO_LARGE');
    const text = await fetch(url('/v1/documents'), {
      method: 'POST',
      headers: { ...auth(nrb.systemToken), 'content-type': 'text/plain' },
      body: 'x',
    });
    await expectProblem(text, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    const misspelt = await postForm('/v1/documents', { jws: 'x', File: pdf() }, nrb.systemToken);
    expect((await expectProblem(misspelt, 422, 'ERR_VALIDATION')).errors as unknown[]).toEqual([
      { pointer: '/File', detail: expect.any(String) },
    ]);
  });

  it('lets clerks verify but not publish; security admins may not publish; anonymous callers get 401', async () => {
    const jws = nrb.seal(record(NRB, '新自然资规〔2024〕24号'), TYP);
    await expectProblem(await postJws(jws, clerk), 403, 'ERR_FORBIDDEN');
    await expectProblem(await postJws(jws, fixture.adminToken), 403, 'ERR_FORBIDDEN');
    await expectProblem(await postJws(jws), 401, 'ERR_UNAUTHENTICATED');
    await expectProblem(await verifyJson({ docNo: '新自然资规〔2024〕15号', sha256: sha256(PDF) }, ''), 401, 'ERR_UNAUTHENTICATED');
    await expectProblem(await verifyJson({ docNo: '新自然资规〔2024〕15号' }), 422, 'ERR_VALIDATION');
  });

  it('asks for the issuer when two issuers use one 文号', async () => {
    expect((await postJws(samr.seal(record(SAMR, '新自然资规〔2024〕15号'), TYP), samr.systemToken)).status).toBe(201);
    const ambiguous = await expectProblem(
      await verifyJson({ docNo: '新自然资规〔2024〕15号', sha256: sha256(PDF) }),
      409,
      'ERR_DOCUMENT_AMBIGUOUS',
    );
    expect(ambiguous.issuers).toEqual([SAMR, NRB].sort((a, b) => a.uscc.localeCompare(b.uscc)));
    const named = await verifyJson({ docNo: '新自然资规〔2024〕15号', issuer: SAMR.uscc, sha256: sha256(PDF) });
    expect(await named.json()).toMatchObject({ result: 'valid', document: { issuer: SAMR } });
  });

  it('reports a record altered in the database as failing integrity', async () => {
    await fixture.db.sql`update documents set title = '被改过的标题' where id = ${withFile.id}`;
    const verdict = (await (await verifyJson({ docNo: '新自然资规〔2024〕16号', sha256: sha256(PDF) })).json()) as {
      result: string;
      checks: Record<string, unknown>;
    };
    expect(verdict).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_DOCUMENT_RECORD_MISMATCH' }, issuer: { ok: true } },
    });
    await fixture.db.sql`update documents set jws = ${forgedJws(nrb)} where id = ${withFile.id}`;
    const forged = (await (await verifyJson({ docNo: '新自然资规〔2024〕16号', sha256: sha256(PDF) })).json()) as {
      checks: Record<string, unknown>;
    };
    expect(forged.checks.integrity).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_INVALID' });
  });

  it('keeps documents sealed before a revocation valid, unless the seal key was compromised', async () => {
    const superseded = await fixture.call('POST', `/v1/pki/certificates/${samr.sealSerial}/revoke`, { reason: 'superseded' });
    expect(superseded.status).toBe(200);
    const stillValid = await verifyJson({ docNo: '新自然资规〔2024〕15号', issuer: SAMR.uscc, sha256: sha256(PDF) });
    expect(await stillValid.json()).toMatchObject({ result: 'valid' });
    await expectProblem(await postJws(samr.seal(record(SAMR, '新市监〔2024〕2号'), TYP), samr.systemToken), 422, 'ERR_CERT_REVOKED');

    expect((await fixture.call('POST', `/v1/pki/certificates/${nrb.sealSerial}/revoke`, { reason: 'keyCompromise' })).status).toBe(200);
    const compromised = await verifyJson({ docNo: '新自然资规〔2024〕15号', issuer: NRB.uscc, sha256: sha256(PDF) });
    expect(await compromised.json()).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: true }, issuer: { ok: false, code: 'ERR_SEAL_KEY_COMPROMISED' }, content: { ok: true } },
    });
  });
});

/** A JWS whose payload was swapped after sealing: the signature is NRB's, the content is not. */
function forgedJws(department: EnrolledDepartment): string {
  const [h, , s] = department.seal(record(NRB, '新自然资规〔2024〕16号'), TYP).split('.');
  return `${h}.${Buffer.from(JSON.stringify(record(NRB, '新自然资规〔2024〕16号', PDF, '被改过的标题'))).toString('base64url')}.${s}`;
}
