import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSystemClient, type SystemClient } from '../../../test/fixtures/client-assertions.js';
import { makeCa } from '../../../test/fixtures/pki.js';
import { loadConnectorConfig } from './connector-config.js';
import { ConnectorConfigError } from './errors.js';

const USCC = '114313220061234566';
let dir: string;
let seal: SystemClient;
let system: SystemClient;

const pem = (der: string) => `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
const write = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), name);
const config = (overrides: Record<string, unknown> = {}) =>
  write(
    `connector-${Math.random().toString(36).slice(2)}.json`,
    JSON.stringify({
      hub: 'https://hub.test/',
      department: USCC,
      system: { key: 'system.key', cert: 'system.pem' },
      seal: { key: 'seal.key', cert: 'seal.pem' },
      ...overrides,
    }),
  );
const problems = (file: string, now?: Date) => {
  try {
    loadConnectorConfig(path.join(dir, file), now ? { now } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorConfigError);
    return (error as ConnectorConfigError).problems;
  }
  throw new Error('expected the config to be refused');
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zz-sdk-config-'));
  const root = await makeCa({ name: 'Root' });
  const issuing = await makeCa({ name: 'Issuing', issuer: root, pathLen: 0 });
  seal = await makeSystemClient({ issuer: issuing, uscc: USCC, profile: 'seal' });
  system = await makeSystemClient({ issuer: issuing, uscc: USCC, profile: 'system' });
  for (const [name, client] of [
    ['seal', seal],
    ['system', system],
  ] as const) {
    write(`${name}.key`, client.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    write(`${name}.pem`, client.x5c.slice(0, 2).map(pem).join(''));
  }
});

describe('connector.json', () => {
  it('loads keys and chains, with paths relative to the file and the hub URL normalised', () => {
    const loaded = loadConnectorConfig(path.join(dir, config({ kafka: { brokers: ['kafka:9092'] } })));
    expect(loaded).toMatchObject({ hub: 'https://hub.test', department: USCC, kafka: { brokers: ['kafka:9092'], topicPrefix: 'zz.' } });
    expect(loaded.seal.algorithm).toBe('ES256');
    expect(loaded.seal.x5c).toEqual(seal.x5c.slice(0, 2));
  });

  it('names every problem at once, with pointers: schema and key pairs together', () => {
    const file = write('bad.json', JSON.stringify({ hub: 'ftp://x', department: '123', seal: { key: 'a' }, extra: 1 }));
    expect(
      problems(file)
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['/department', '/extra', '/hub', '/seal/cert', '/system']);
    const both = config({ hub: 'ftp://x', system: { key: 'seal.key', cert: 'system.pem' } });
    expect(problems(both).map((p) => p.pointer)).toEqual(['/hub', '/system/key']);
  });

  it('refuses a key that does not belong to the certificate', () => {
    write('other.key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const found = problems(config({ seal: { key: 'other.key', cert: 'seal.pem' } }));
    expect(found).toEqual([{ pointer: '/seal/key', detail: expect.stringContaining('不是一对') }]);
  });

  it('refuses an expired certificate (both pairs reported)', () => {
    const found = problems(config(), new Date(Date.now() + 2 * 365 * 24 * 3600_000));
    expect(found.map((p) => p.pointer)).toEqual(['/system/cert', '/seal/cert']);
    expect(found[0]?.detail).toContain('过期');
  });

  it('refuses a chain in the wrong order, or without its CA', () => {
    write('reversed.pem', seal.x5c.slice(0, 2).reverse().map(pem).join(''));
    expect(problems(config({ seal: { key: 'seal.key', cert: 'reversed.pem' } }))[0]?.pointer).toBe('/seal/key');
    write('leaf-only.pem', pem(seal.x5c[0]!));
    expect(problems(config({ seal: { key: 'seal.key', cert: 'leaf-only.pem' } }))).toEqual([
      { pointer: '/seal/cert', detail: expect.stringContaining('证书链') },
    ]);
  });

  it('refuses a SEC1 key, a missing file, and a certificate of another department', () => {
    write('sec1.key', seal.privateKey.export({ type: 'sec1', format: 'pem' }) as string);
    expect(problems(config({ seal: { key: 'sec1.key', cert: 'seal.pem' } }))[0]?.detail).toContain('pkcs8');
    expect(problems(config({ system: { key: 'nope.key', cert: 'system.pem' } }))[0]).toEqual({
      pointer: '/system/key',
      detail: expect.stringContaining('ENOENT'),
    });
    expect(problems(config({ department: '91350100M000100Y43' })).map((p) => p.pointer)).toEqual(['/system/cert', '/seal/cert']);
  });
});
