import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded hub on loopback:8080 with the demo on', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/srv/data',
      databaseUrl: undefined,
      kafkaBrokers: undefined,
      kafkaTopicPrefix: 'zz.',
      demo: true,
      bootstrapTokenFile: '/srv/data/admin.token',
      bodyLimitBytes: 1024 * 1024,
      publicUrl: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns the demo off by default when real services are configured', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://h/db', KAFKA_BROKERS: 'a:9092, b:9093' }, '/srv');
    expect(config.demo).toBe(false);
    expect(config.kafkaBrokers).toEqual(['a:9092', 'b:9093']);
  });

  it('reports every problem at once, naming each variable', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        KAFKA_BROKERS: 'nohost',
        ZZ_DEMO: 'maybe',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'xml',
        KAFKA_TOPIC_PREFIX: 'bad prefix!',
      }).sort(),
    ).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'LOG_FORMAT', 'LOG_LEVEL', 'PORT', 'ZZ_DEMO']);
  });

  it('reads secrets from *_FILE and refuses both forms together', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zz-config-'));
    const file = path.join(dir, 'db-url');
    writeFileSync(file, 'postgres://u:secret@h/db\n');
    expect(loadConfig({ DATABASE_URL_FILE: file }).databaseUrl).toBe('postgres://u:secret@h/db');
    expect(problemsOf({ DATABASE_URL_FILE: file, DATABASE_URL: 'postgres://h/db' })).toEqual(['DATABASE_URL_FILE']);
    expect(problemsOf({ DATABASE_URL_FILE: path.join(dir, 'missing') })).toEqual(['DATABASE_URL_FILE']);
  });

  it('runs one hub process by default, up to one per CPU on a real PostgreSQL without the demo', () => {
    const real = { DATABASE_URL: 'postgres://h/db' };
    expect(loadConfig({}, '/srv').workers).toBe(1);
    expect(loadConfig({ ...real, ZZ_WORKERS: String(availableParallelism()) }, '/srv').workers).toBe(availableParallelism());
    expect(problemsOf({ ...real, ZZ_WORKERS: '0' })).toEqual(['ZZ_WORKERS']);
    expect(problemsOf({ ...real, ZZ_WORKERS: String(availableParallelism() + 1) })).toEqual(['ZZ_WORKERS']);
    // Two processes cannot share the embedded database, nor both seed the demo county.
    expect(problemsOf({ ZZ_WORKERS: '2' })).toEqual(['ZZ_WORKERS']);
    expect(problemsOf({ ...real, ZZ_WORKERS: '2', ZZ_DEMO: 'true' })).toEqual(['ZZ_WORKERS']);
  });

  it('rejects out-of-range numbers', () => {
    expect(problemsOf({ PORT: '70000', ZZ_BODY_LIMIT: '10' }).sort()).toEqual(['PORT', 'ZZ_BODY_LIMIT']);
  });

  it('reads a webhook retry schedule of comma-separated milliseconds, or leaves the standard one', () => {
    expect(loadConfig({}, '/srv').webhookRetryScheduleMs).toBeUndefined();
    expect(loadConfig({ ZZ_WEBHOOK_RETRY_SCHEDULE_MS: '0, 200,5000' }, '/srv').webhookRetryScheduleMs).toEqual([0, 200, 5000]);
    expect(problemsOf({ ZZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,5s' })).toEqual(['ZZ_WEBHOOK_RETRY_SCHEDULE_MS']);
    expect(problemsOf({ ZZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,,1' })).toEqual(['ZZ_WEBHOOK_RETRY_SCHEDULE_MS']);
    expect(problemsOf({ ZZ_WEBHOOK_RETRY_SCHEDULE_MS: String(3 * 24 * 3600_000) })).toEqual(['ZZ_WEBHOOK_RETRY_SCHEDULE_MS']);
  });
});
