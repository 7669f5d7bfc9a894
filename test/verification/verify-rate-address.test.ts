/**
 * Verification rate limits per client address, behind a trusted reverse proxy: the limit keys on
 * the client the proxy names in X-Forwarded-For (the nearest untrusted hop), so many tokens from one
 * client share one limit, and another client behind the same proxy has its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const FOOD_LICENSE = '11100000000013338W011';
const TOWN = { uscc: '11431322006123527U', name: '新化县洋溪镇人民政府' };

describe('verification rate limits per client address', () => {
  let fixture: HubFixture;
  let clerks: string[];

  beforeAll(async () => {
    // The test's loopback peer is the proxy; one verification a second per address, burst two.
    fixture = await startHubFixture({ ZZ_TRUSTED_PROXIES: '127.0.0.1,::1', ZZ_VERIFY_RATE_ADDRESS: '1' });
    await fixture.registerDepartment(TOWN.uscc, TOWN.name, 'township');
    clerks = await Promise.all([1, 2, 3, 4].map(() => fixture.mintToken('clerk', TOWN.uscc)));
  });
  afterAll(async () => fixture?.stop());

  const verify = (token: string, forwardedFor: string) =>
    fetch(`${fixture.hub.url}/v1/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ number: 'JY00000000000000', typeCode: FOOD_LICENSE, purpose: { caseNo: 'XH-RATE-1' } }),
    });

  it('refuses a client over its rate whatever token it uses, and not another client behind the same proxy', async () => {
    const client = '198.51.100.7';
    // Twenty at once over four clerks (5 each, far under the per-user rate); half claim another
    // origin on the left of the header, which the proxy did not vouch for. Two pass at most, plus
    // one per second the burst takes to arrive.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(clerks[i % 4]!, i % 2 === 0 ? client : `203.0.113.${i}, ${client}`)),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const answer of limited) {
      expect(((await answer.json()) as { code: string }).code).toBe('ERR_VERIFICATION_RATE_LIMITED');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // The same clerk, from another client behind the same proxy: its own limit.
    expect((await verify(clerks[0]!, '198.51.100.8')).status).not.toBe(429);
  });
});
