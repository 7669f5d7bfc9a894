/**
 * A 残疾人证 (its number is the holder's resident ID number plus two codes, so its identifier carries
 * the ID too) published by the county's disabled persons' federation, for the tests that prove no ID
 * digit leaves the issuer.
 */
import type { EnrolledDepartment } from './department-fixture.js';
import type { HubFixture } from './hub-fixture.js';
import { examplePayload } from '../licenses/license-payloads.js';

export const DISABILITY = '13100000400008460G001';
export const CDPF = { uscc: '13431322006125087X', name: '新化县残疾人联合会' };

export interface PublishedDisabilityLicence {
  id: string;
  number: string;
  holder: { idType: string; id: string; name: string };
}

/** Publishes the contract's example 残疾人证 through the federation's system; fails unless the number embeds the holder's ID. */
export async function publishDisabilityLicence(fixture: HubFixture, cdpf: EnrolledDepartment): Promise<PublishedDisabilityLicence> {
  const payload = examplePayload(DISABILITY, CDPF);
  const number = payload.number as string;
  const holder = payload.holder as PublishedDisabilityLicence['holder'];
  if (!number.startsWith(holder.id)) throw new Error('the example 残疾人证 number no longer embeds the holder ID');
  const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cdpf.systemToken}`, 'content-type': 'application/jose' },
    body: cdpf.seal(payload),
  });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${await published.text()}`);
  return { id: ((await published.json()) as { id: string }).id, number, holder };
}
