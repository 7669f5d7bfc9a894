import { beforeAll, describe, expect, it } from 'vitest';
import { validateCertificatePath } from './validate-path.js';
import {
  failure,
  makeCa,
  makeLeaf,
  makePki,
  nameConstraintsExtension,
  pathOptions,
  type NameConstraintBase,
  type Pki,
} from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
});

/** root → CA with the given constraints → leaf with the given names; validated for purpose any, no CRL. */
async function validateUnder(
  constraints: { permitted?: readonly NameConstraintBase[]; excluded?: readonly NameConstraintBase[] },
  names: { san?: x509.JsonGeneralName[]; subject?: x509.Name },
  critical = true,
) {
  const ca = await makeCa({ name: 'Constrained CA', issuer: pki.root, extraExtensions: [nameConstraintsExtension(constraints, critical)] });
  const leaf = await makeLeaf({
    issuer: ca,
    profile: 'seal',
    ...(names.subject ? { subject: names.subject } : {}),
    ...(names.san ? { extraExtensions: [new x509.SubjectAlternativeNameExtension(names.san)] } : {}),
  });
  return validateCertificatePath(
    pathOptions(pki, leaf, { intermediates: [ca.certificate], purpose: 'any', crls: [], requireRevocationCheck: false }),
  );
}

const dns = (value: string): x509.JsonGeneralName => ({ type: 'dns', value });

describe('name constraints — each form, permitted and excluded', () => {
  it.each([
    ['dNSName in a permitted subtree', { permitted: [{ dns: 'gov.cn' }] }, [dns('hn.gov.cn')]],
    ['dNSName equal to the permitted base', { permitted: [{ dns: 'gov.cn' }] }, [dns('GOV.cn')]],
    ['wildcard within a permitted subtree', { permitted: [{ dns: 'gov.cn' }] }, [dns('*.hn.gov.cn')]],
    ['dNSName outside an excluded one', { excluded: [{ dns: 'evil.gov.cn' }] }, [dns('hn.gov.cn')]],
    ['email in a permitted host', { permitted: [{ email: 'hn.gov.cn' }] }, [{ type: 'email', value: 'a@hn.gov.cn' }]],
    ['email under a permitted domain', { permitted: [{ email: '.gov.cn' }] }, [{ type: 'email', value: 'a@hn.gov.cn' }]],
    ['exact mailbox', { permitted: [{ email: 'seal@hn.gov.cn' }] }, [{ type: 'email', value: 'seal@hn.gov.cn' }]],
    ['URI host', { permitted: [{ uri: '.gov.cn' }] }, [{ type: 'url', value: 'https://x.hn.gov.cn:8443/a' }]],
    ['IPv4 in range', { permitted: [{ ip: '10.20.0.0/16' }] }, [{ type: 'ip', value: '10.20.3.4' }]],
    ['IPv6 in range', { permitted: [{ ip: '2001:db8::/32' }] }, [{ type: 'ip', value: '2001:db8::1' }]],
    ['a form the CA does not constrain', { permitted: [{ ip: '10.0.0.0/8' }] }, [dns('anything.example')]],
  ] as const)('accepts %s', async (_label, constraints, san) => {
    await expect(validateUnder(constraints, { san: [...san] })).resolves.toBeDefined();
  });

  it.each([
    ['dNSName outside', { permitted: [{ dns: 'gov.cn' }] }, [dns('gov.cn.evil.com')], 'ERR_CERT_NAME_NOT_PERMITTED'],
    ['suffix without a label boundary', { permitted: [{ dns: 'gov.cn' }] }, [dns('notgov.cn')], 'ERR_CERT_NAME_NOT_PERMITTED'],
    ['one good and one bad name', { permitted: [{ dns: 'gov.cn' }] }, [dns('a.gov.cn'), dns('b.com')], 'ERR_CERT_NAME_NOT_PERMITTED'],
    ['malformed dNSName', { permitted: [{ dns: 'gov.cn' }] }, [dns('.gov.cn')], 'ERR_CERT_NAME_NOT_PERMITTED'],
    ['excluded dNSName', { excluded: [{ dns: 'evil.gov.cn' }] }, [dns('x.evil.gov.cn')], 'ERR_CERT_NAME_EXCLUDED'],
    ['wildcard that covers an excluded name', { excluded: [{ dns: 'evil.gov.cn' }] }, [dns('*.gov.cn')], 'ERR_CERT_NAME_EXCLUDED'],
    [
      'excluded beats permitted',
      { permitted: [{ dns: 'gov.cn' }], excluded: [{ dns: 'x.gov.cn' }] },
      [dns('x.gov.cn')],
      'ERR_CERT_NAME_EXCLUDED',
    ],
    [
      'email on another host',
      { permitted: [{ email: 'hn.gov.cn' }] },
      [{ type: 'email', value: 'a@sub.hn.gov.cn' }],
      'ERR_CERT_NAME_NOT_PERMITTED',
    ],
    ['excluded mailbox', { excluded: [{ email: 'bad@hn.gov.cn' }] }, [{ type: 'email', value: 'bad@HN.gov.cn' }], 'ERR_CERT_NAME_EXCLUDED'],
    [
      'URI host outside',
      { permitted: [{ uri: 'hn.gov.cn' }] },
      [{ type: 'url', value: 'https://evil.com/hn.gov.cn' }],
      'ERR_CERT_NAME_NOT_PERMITTED',
    ],
    ['URI without a host', { permitted: [{ uri: 'hn.gov.cn' }] }, [{ type: 'url', value: 'urn:hn.gov.cn' }], 'ERR_CERT_NAME_NOT_PERMITTED'],
    ['IPv4 out of range', { permitted: [{ ip: '10.20.0.0/16' }] }, [{ type: 'ip', value: '10.21.0.1' }], 'ERR_CERT_NAME_NOT_PERMITTED'],
    [
      'IPv6 against an IPv4 range',
      { permitted: [{ ip: '10.0.0.0/8' }] },
      [{ type: 'ip', value: '::ffff:10.0.0.1' }],
      'ERR_CERT_NAME_NOT_PERMITTED',
    ],
    ['excluded IPv4', { excluded: [{ ip: '192.168.0.0/16' }] }, [{ type: 'ip', value: '192.168.1.1' }], 'ERR_CERT_NAME_EXCLUDED'],
  ] as const)('refuses %s', async (_label, constraints, san, code) => {
    expect(await failure(validateUnder(constraints, { san: [...san] }))).toMatchObject({ code });
  });

  it('applies directoryName constraints to the subject and to directoryNames in the SAN', async () => {
    const county = new x509.Name([{ C: ['CN'] }, { O: ['新化县人民政府'] }]);
    const inside = new x509.Name([{ C: ['CN'] }, { O: ['新化县人民政府'] }, { CN: ['行政审批专用章'] }]);
    const outside = new x509.Name([{ C: ['CN'] }, { O: ['别县人民政府'] }, { CN: ['行政审批专用章'] }]);
    await expect(validateUnder({ permitted: [{ dn: county }] }, { subject: inside })).resolves.toBeDefined();
    expect(await failure(validateUnder({ permitted: [{ dn: county }] }, { subject: outside }))).toMatchObject({
      code: 'ERR_CERT_NAME_NOT_PERMITTED',
      extra: { form: 'directoryName' },
    });
    expect(
      await failure(validateUnder({ permitted: [{ dn: county }] }, { subject: inside, san: [{ type: 'dn', value: outside.toString() }] })),
    ).toMatchObject({ code: 'ERR_CERT_NAME_NOT_PERMITTED' });
    expect(await failure(validateUnder({ excluded: [{ dn: county }] }, { subject: inside }))).toMatchObject({
      code: 'ERR_CERT_NAME_EXCLUDED',
    });
  });

  it('checks the subject’s emailAddress attribute as an rfc822Name', async () => {
    const subject = new x509.Name([{ CN: ['seal'] }, { E: ['seal@evil.com'] }]);
    expect(await failure(validateUnder({ permitted: [{ email: 'hn.gov.cn' }] }, { subject }))).toMatchObject({
      code: 'ERR_CERT_NAME_NOT_PERMITTED',
      extra: { form: 'rfc822Name', name: 'seal@evil.com' },
    });
    const good = new x509.Name([{ CN: ['seal'] }, { E: ['seal@hn.gov.cn'] }]);
    await expect(validateUnder({ permitted: [{ email: 'hn.gov.cn' }] }, { subject: good })).resolves.toBeDefined();
  });

  it('intersects the permitted subtrees of successive CAs and applies the anchor’s own', async () => {
    const root = await makeCa({
      name: 'Constrained Root',
      extraExtensions: [nameConstraintsExtension({ permitted: [{ dns: 'gov.cn' }] })],
    });
    const ca = await makeCa({
      name: 'Widening CA',
      issuer: root,
      extraExtensions: [nameConstraintsExtension({ permitted: [{ dns: 'example.com' }, { dns: 'hn.gov.cn' }] })],
    });
    const run = async (name: string) => {
      const leaf = await makeLeaf({
        issuer: ca,
        profile: 'seal',
        extraExtensions: [new x509.SubjectAlternativeNameExtension([dns(name)])],
      });
      return validateCertificatePath(
        pathOptions(pki, leaf, {
          intermediates: [ca.certificate],
          trustAnchors: [root.certificate],
          purpose: 'any',
          crls: [],
          requireRevocationCheck: false,
        }),
      );
    };
    await expect(run('x.hn.gov.cn')).resolves.toBeDefined();
    expect(await failure(run('example.com'))).toMatchObject({ code: 'ERR_CERT_NAME_NOT_PERMITTED' });
    expect(await failure(run('a.gov.cn'))).toMatchObject({ code: 'ERR_CERT_NAME_NOT_PERMITTED' });
  });

  it('applies to intermediates below the constraining CA, but not to a self-issued one; always to the leaf', async () => {
    const constrained = await makeCa({
      name: 'Constrained CA',
      issuer: pki.root,
      extraExtensions: [nameConstraintsExtension({ permitted: [{ dns: 'gov.cn' }] })],
    });
    const outsideName = new x509.Name([{ CN: ['outside.example'] }]);
    const sub = await makeCa({
      name: 'Sub CA',
      issuer: constrained,
      extraExtensions: [new x509.SubjectAlternativeNameExtension([dns('outside.example')])],
    });
    const subLeaf = await makeLeaf({ issuer: sub, profile: 'seal' });
    const base = { trustAnchors: [pki.root.certificate], purpose: 'any', crls: [], requireRevocationCheck: false } as const;
    expect(
      await failure(
        validateCertificatePath(pathOptions(pki, subLeaf, { ...base, intermediates: [sub.certificate, constrained.certificate] })),
      ),
    ).toMatchObject({ code: 'ERR_CERT_NAME_NOT_PERMITTED', extra: { subject: sub.certificate.subject } });

    // Key rollover under a constrained CA: the self-issued certificate of the new key names a host
    // outside the constraints, and is exempt; the leaf below it is checked as usual.
    const oldKey = await makeCa({ name: 'Rollover CA', issuer: constrained });
    const newKey = await makeCa({
      name: 'Rollover CA',
      issuer: oldKey,
      extraExtensions: [new x509.SubjectAlternativeNameExtension([dns('outside.example')])],
    });
    const intermediates = [newKey.certificate, oldKey.certificate, constrained.certificate];
    const run = async (name: string) => {
      const leaf = await makeLeaf({
        issuer: newKey,
        profile: 'seal',
        extraExtensions: [new x509.SubjectAlternativeNameExtension([dns(name)])],
      });
      return validateCertificatePath(pathOptions(pki, leaf, { ...base, intermediates, maxChainLength: 6 }));
    };
    expect((await run('a.gov.cn')).chain).toHaveLength(5);
    expect(await failure(run('outside.example'))).toMatchObject({ code: 'ERR_CERT_NAME_NOT_PERMITTED' });
  });

  it('refuses a constraint it cannot apply soundly', async () => {
    const cases: [string, Parameters<typeof validateUnder>[0], boolean][] = [
      ['empty extension', {}, true],
      ['not critical', { permitted: [{ dns: 'gov.cn' }] }, false],
      ['DNS base with a leading period', { permitted: [{ dns: '.gov.cn' }] }, true],
      ['DNS base with a wildcard', { permitted: [{ dns: '*.gov.cn' }] }, true],
      ['IP base without a mask', { permitted: [{ raw: [7, Uint8Array.from([10, 0, 0, 1])] }] }, true],
      ['IP base with a non-contiguous mask', { permitted: [{ raw: [7, Uint8Array.from([10, 0, 0, 0, 255, 0, 255, 0])] }] }, true],
      ['malformed email base', { permitted: [{ email: 'a@b@gov.cn' }] }, true],
    ];
    for (const [label, constraints, critical] of cases) {
      const error = await failure(validateUnder(constraints, { san: [dns('a.gov.cn')] }, critical));
      expect({ label, code: error.code }).toEqual({ label, code: 'ERR_CERT_NAME_CONSTRAINTS_INVALID' });
    }
    // A constrained form the hub does not match (otherName) fails only when a certificate uses that form.
    const otherName = {
      permitted: [{ raw: [0, Uint8Array.from([0x06, 0x03, 0x2a, 0x03, 0x04, 0xa0, 0x02, 0x05, 0x00])] as [number, Uint8Array] }],
    };
    await expect(validateUnder(otherName, { san: [dns('a.gov.cn')] })).resolves.toBeDefined();
    expect(await failure(validateUnder(otherName, { san: [{ type: 'upn', value: 'a@gov.cn' }] }))).toMatchObject({
      code: 'ERR_CERT_NAME_CONSTRAINTS_INVALID',
      extra: { form: 'otherName' },
    });
    // On an end-entity certificate.
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      extraExtensions: [nameConstraintsExtension({ permitted: [{ dns: 'gov.cn' }] })],
    });
    expect(await failure(validateCertificatePath(pathOptions(pki, leaf)))).toMatchObject({ code: 'ERR_CERT_NAME_CONSTRAINTS_INVALID' });
  });
});
