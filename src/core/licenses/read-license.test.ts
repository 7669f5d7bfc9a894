import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import type { StoredLicense } from './license-row-mac.js';
import { LicenseNotFoundError } from './license-errors.js';
import { readLicense } from './read-license.js';

const ISSUER = '114313220061234566';
const stored = { id: 'L-1', issuer: { uscc: ISSUER, name: '市场监管局' } } as StoredLicense;
const licenses = { find: async (id: string) => (id === stored.id ? stored : undefined) };
const system = (department: string): Principal => ({ actor: `system:${department}`, role: 'system', department });

describe('readLicense', () => {
  it('gives the record to its issuer and to security admins', async () => {
    expect(await readLicense(licenses, system(ISSUER), 'L-1')).toBe(stored);
    expect(await readLicense(licenses, { actor: 'admin', role: 'security-admin', department: undefined }, 'L-1')).toBe(stored);
  });

  it('answers another department exactly as for an identifier that does not exist', async () => {
    const other = system('91350100M000100Y43');
    const refusals = await Promise.all(['L-1', 'L-404'].map((id) => readLicense(licenses, other, id).catch((error: unknown) => error)));
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(LicenseNotFoundError);
    const [existing, unknown] = refusals as LicenseNotFoundError[];
    expect(existing?.detail.replace('L-1', 'ID')).toBe(unknown?.detail.replace('L-404', 'ID'));
  });
});
