import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli, builtMain, spawnBuilt, waitForLog } from '../support/hub-process.js';

describe('the hub process', () => {
  it('exits 2 on bad configuration, naming every bad variable at once', async () => {
    const hub = spawnBuilt(builtMain, [], { PORT: 'http', KAFKA_BROKERS: 'not a broker', ZZ_DEMO: 'perhaps' });
    expect(await hub.exited).toBe(2);
    const output = hub.output();
    expect(output).toContain('PORT: must be an integer');
    expect(output).toContain('KAFKA_BROKERS:');
    expect(output).toContain('ZZ_DEMO:');
  });

  it('starts on an empty data dir, logs JSON without the token, and stops gracefully on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-process-'));
    const hub = spawnBuilt(builtMain, [], { ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false' });
    const [, url] = await waitForLog(hub, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const token = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();

    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
    const lines = hub
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['zhengzhao hub listening', 'stopped']));
    expect(hub.output()).toContain(path.join(dataDir, 'admin.token'));
    expect(hub.output()).not.toContain(token);
  });
});

describe('the zhengzhao command', () => {
  it('lists its commands with --help', async () => {
    const cli = spawnBuilt(builtCli, ['--help'], {});
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(/commands:[\s\S]*start[\s\S]*token create/);
  });

  it('exits 2 on an unknown command or a missing option', async () => {
    const unknown = spawnBuilt(builtCli, ['frobnicate'], {});
    expect(await unknown.exited).toBe(2);
    const missing = spawnBuilt(builtCli, ['token', 'create'], {});
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain('--role is required');
  });

  it('mints a token on a running hub and prints it alone on the last line', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-cli-'));
    const hub = spawnBuilt(builtMain, [], { ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false' });
    try {
      const [, url] = await waitForLog(hub, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const cli = spawnBuilt(builtCli, ['token', 'create', '--role', 'auditor', '--ttl', '1h', '--url', url as string], {
        ZZ_DATA_DIR: dataDir,
      });
      expect(await cli.exited).toBe(0);
      const stdout = cli.output().trim().split('\n').at(-1) as string;
      expect(stdout).toMatch(/^zz_[A-Za-z0-9_-]{43}$/);
      const refused = spawnBuilt(builtCli, ['token', 'create', '--role', 'clerk', '--url', url as string], { ZZ_DATA_DIR: dataDir });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain('ERR_VALIDATION');
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });
});
