import { describe, expect, it } from 'vitest';
import type { LicenseFacts } from '../licenses/license-row-mac.js';
import { disclosureFor, discloseLicense, discloseVerified } from './disclose.js';

const license = {
  id: '1.2.156.3005.2.111000000000134056001.11431322006123460L.J4313222024000518.001.X',
  typeCode: '111000000000134056001',
  issuer: { uscc: '11431322006123460L', name: '新化县民政局' },
  number: 'J431322-2024-000518',
  holder: { name: '刘建华', idType: 'ID', id: '11010519491231002X' },
  issuedAt: '2024-05-20',
  validFrom: '2024-05-20',
  validUntil: undefined,
  name: '结婚证',
} as unknown as LicenseFacts;
const payload = {
  name: '结婚证',
  data: {
    registeredAt: '2024-05-20',
    spouses: [
      { name: '刘建华', idNumber: '11010519491231002X' },
      { name: '王芳', idNumber: '110105194912310029' },
    ],
  },
};

const rule = { publicFields: ['/data/registeredAt', '/holder/name'], sensitiveFields: ['/data/spouses'] };
const clerk = { actor: 'user:c', role: 'clerk' as const, department: '91350100M000100Y43' };
const system = { actor: 'system:x', role: 'system' as const, department: '91350100M000100Y43' };
const issuer = { actor: 'system:y', role: 'system' as const, department: '11431322006123460L' };

describe('what a verifier is shown', () => {
  it('gives clerks the facts and a masked holder name, nothing personal', () => {
    const shown = discloseLicense(license, payload, disclosureFor(clerk, license, true), rule);
    expect(shown).toMatchObject({ number: 'J431322-2024-000518', issuer: license.issuer, holder: { name: '刘*华' } });
    expect(JSON.stringify(shown)).not.toContain('11010519491231002X');
    expect(shown.data).toBeUndefined();
  });

  it('gives an entitled system the public fields only, never sensitive ones or an ID number', () => {
    expect(disclosureFor(system, license, true)).toBe('entitled');
    const shown = discloseLicense(license, payload, 'entitled', rule);
    expect(shown.data).toEqual({ registeredAt: '2024-05-20' });
    expect(shown.holder).toEqual({ name: '刘建华' });
    expect(JSON.stringify(shown)).not.toContain('11010519491231002X');
  });

  it('denies by default: a system without entitlement sees what a clerk sees', () => {
    expect(disclosureFor(system, license, false)).toBe('minimal');
  });

  it('shows the issuing department everything', () => {
    expect(disclosureFor(issuer, license, false)).toBe('full');
    expect(discloseLicense(license, payload, 'full', rule)).toMatchObject({ holder: license.holder, data: payload.data });
  });

  it('tells only the issuer of a personal-number licence the reference it is named by elsewhere', () => {
    const personal = { ...rule, personalNumber: true };
    const keyedHash = (value: string) => `h(${value})`;
    expect(discloseVerified(license, payload, 'full', personal, keyedHash)).toMatchObject({
      number: license.number,
      reference: `ref:h(${license.id})`,
    });
    expect(discloseVerified(license, payload, 'entitled', personal, keyedHash)).not.toHaveProperty('reference');
    expect(discloseVerified(license, payload, 'minimal', personal, keyedHash)).not.toHaveProperty('reference');
    expect(discloseVerified(license, payload, 'full', rule, keyedHash)).not.toHaveProperty('reference');
  });
});
