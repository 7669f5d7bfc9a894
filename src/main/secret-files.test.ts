import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { silentLogger } from '../core/ports/logger.js';
import { readOrCreatePassphrase } from './secret-files.js';

describe('the generated CA passphrase', () => {
  it('is one passphrase however many starters find it missing at once, private to the hub', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-passphrase-'));
    const config = loadConfig({ ZZ_DATA_DIR: dataDir }, '/');
    const passphrases = await Promise.all(Array.from({ length: 8 }, () => readOrCreatePassphrase(config, silentLogger)));
    expect(new Set(passphrases).size).toBe(1);
    expect(passphrases[0]).toMatch(/^[\w-]{43}$/);
    expect(readdirSync(dataDir)).toEqual(['ca.passphrase']);
    expect(statSync(path.join(dataDir, 'ca.passphrase')).mode & 0o777).toBe(0o600);
    expect(await readOrCreatePassphrase(config, silentLogger)).toBe(passphrases[0]);
  });
});
