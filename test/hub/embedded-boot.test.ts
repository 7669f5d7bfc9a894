import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { waitUntilReady } from '../support/hub-fixture.js';

describe('embedded hub from an empty data dir', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-embedded-'));
  let hub: RunningHub;
  let bootMs: number;

  beforeAll(async () => {
    const started = performance.now();
    hub = await startHub(loadConfig({ ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false' }), silentLogger);
    bootMs = performance.now() - started;
  });
  afterAll(async () => hub?.stop('test done'));

  it('serves /healthz and is ready with the embedded database and in-process bus', async ({ annotate }) => {
    // How long the boot took is reported, not bounded: a loaded machine is slow, not wrong.
    await annotate(`booted in ${Math.round(bootMs)} ms`);
    expect(await (await fetch(`${hub.url}/healthz`)).json()).toEqual({ status: 'ok' });
    // Ready once the submission consumer has joined, moments after start.
    await waitUntilReady(hub.url);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: { status: 'up' }, bus: { status: 'up' }, consumer: { status: 'up' } } });
  });

  it('writes the bootstrap token with mode 0600, and it mints role tokens', async () => {
    const tokenFile = path.join(dataDir, 'admin.token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    const department = await fetch(`${hub.url}/v1/departments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: '91350100M000100Y43', name: '新化县市场监督管理局', level: 'county' }),
    });
    expect(department.status).toBe(201);
    const response = await fetch(`${hub.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'clerk', department: '91350100M000100Y43', ttl: '1h' }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { token: string; role: string; expiresAt: string };
    expect(created.role).toBe('clerk');
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    // The minted clerk token authenticates but may not mint tokens itself.
    const denied = await fetch(`${hub.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'security-admin' }),
    });
    expect(denied.status).toBe(403);
  });

  it('refuses a department whose credit code check char is wrong, naming the expected one', async () => {
    const token = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const response = await fetch(`${hub.url}/v1/departments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: '91350100M000100Y44', name: '某局', level: 'county' }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'ERR_USCC_INVALID', expected: '3' });
  });

  it('keeps the data and does not mint a second bootstrap token on restart', async () => {
    const before = readFileSync(path.join(dataDir, 'admin.token'), 'utf8');
    await hub.stop('restart');
    hub = await startHub(loadConfig({ ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false' }), silentLogger);
    expect(readFileSync(path.join(dataDir, 'admin.token'), 'utf8')).toBe(before);
    const response = await fetch(`${hub.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${before.trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'auditor' }),
    });
    expect(response.status).toBe(201);
  });
});
