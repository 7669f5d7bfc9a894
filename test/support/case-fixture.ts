/**
 * What the case tests share: the approval bureau that issues 营业执照 and leads the food items of
 * the demo catalogue, a company applicant, publishing and revoking its licence the way the bureau's
 * system would, and waiting on a condition read from the hub.
 */
import type { EnrolledDepartment } from './department-fixture.js';
import type { HubFixture } from './hub-fixture.js';
import { BUSINESS_LICENSE, examplePayload } from '../licenses/license-payloads.js';

export const APPROVAL = { uscc: '11431322MB1E48273Y', name: '新化县行政审批服务局' };
export const COMPANY = { idType: 'USCC', id: '91431322MA4P8K2L3A', name: '新化县紫鹊界农业开发有限公司' };

/** Publishes the company's 营业执照 (its number is its credit code) and answers its identifier. */
export function publishCompanyLicence(fixture: HubFixture, issuer: EnrolledDepartment): Promise<string> {
  return publishHeldByCompany(fixture, issuer, BUSINESS_LICENSE, COMPANY.id);
}

/** Publishes a licence of `typeCode` held by the company, as the issuer's system would, and answers its identifier. */
export async function publishHeldByCompany(
  fixture: HubFixture,
  issuer: EnrolledDepartment,
  typeCode: string,
  number: string,
): Promise<string> {
  const payload = { ...examplePayload(typeCode, APPROVAL, number), holder: { name: COMPANY.name, idType: COMPANY.idType, id: COMPANY.id } };
  const response = await fetch(`${fixture.hub.url}/v1/licenses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.systemToken}`, 'content-type': 'application/jose' },
    body: issuer.seal(payload),
  });
  if (response.status !== 201) throw new Error(`publish: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export function revokeLicence(fixture: HubFixture, issuer: EnrolledDepartment, licenceId: string): Promise<Response> {
  return fetch(`${fixture.hub.url}/v1/licenses/${licenceId}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.systemToken}`, 'content-type': 'application/jose' },
    body: issuer.seal(
      { licenseId: licenceId, status: 'revoked', reason: '依法吊销', effectiveAt: new Date().toISOString() },
      'zz-license-status+jws',
    ),
  });
}

/** Reads until `ok` holds (a loaded machine is slow, never wrong). */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
