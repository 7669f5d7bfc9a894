/**
 * @module config/config
 * The only reader of `process.env`. Every variable is parsed once at start; all problems are
 * collected and reported together so an operator fixes the environment in one go, and the result is
 * frozen. Secrets may be given as `<NAME>_FILE` (a path whose content is the value), the Docker/K8s
 * convention, so they never sit in the process environment.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import path from 'node:path';
import { parseTrustedProxies, type TrustedProxy } from './trusted-proxies.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'auto' | 'json' | 'pretty';
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'json', 'pretty'];

export interface Config {
  readonly host: string;
  readonly port: number;
  /**
   * Base URL clients reach the hub at (token audience, CRL distribution point). Absent: the
   * address the hub actually binds, known once it listens.
   */
  readonly publicUrl: string | undefined;
  readonly dataDir: string;
  /** Absent → embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolMax: number;
  /** Absent → in-process bus. */
  readonly kafkaBrokers: readonly string[] | undefined;
  readonly kafkaTopicPrefix: string;
  readonly kafkaClientId: string;
  readonly kafkaGroupId: string;
  readonly demo: boolean;
  readonly bootstrapTokenFile: string;
  readonly caPassphraseFile: string | undefined;
  readonly bodyLimitBytes: number;
  /** Verifications per second one user may make (burst twice that); per hub instance. */
  readonly verifyRatePerUser: number;
  /** Verifications per second one department may make (burst twice that); per hub instance. */
  readonly verifyRatePerDepartment: number;
  /** Verifications per second from one client address (burst twice that); per hub instance. */
  readonly verifyRatePerAddress: number;
  /** The longest any data service may make a consumer wait (a service's own timeout is capped by it). */
  readonly dataTimeoutMaxMs: number;
  /** Consecutive timeouts after which a data service is reported unavailable. */
  readonly dataUnavailableAfter: number;
  /** How long an unavailable data service is refused before a probe request goes through. */
  readonly dataCoolDownMs: number;
  /** Data requests one instance holds at once; more are refused with ERR_DATA_BUSY. */
  readonly dataMaxInFlight: number;
  readonly shutdownTimeoutMs: number;
  /** Delays before each webhook delivery attempt; absent → the standard 0 s … 10 h schedule. */
  readonly webhookRetryScheduleMs: readonly number[] | undefined;
  readonly logLevel: LogLevel;
  /** Reverse proxies whose `X-Forwarded-For` names the real client (`ZZ_TRUSTED_PROXIES`). */
  readonly trustedProxies: readonly TrustedProxy[];
  /** `auto`: human-readable on a terminal, JSON lines otherwise; `json` / `pretty` force one. */
  readonly logFormat: LogFormat;
  /** Names this process in logs and on /metrics (which instance handled which message). */
  readonly instanceId: string;
  /**
   * Append-only file the signed audit checkpoints and the register of chains are published to,
   * outside the database. Every instance of one hub must use the same one (audit README).
   */
  readonly auditAnchorFile: string;
  /** How often each audit chain is checkpointed; an open chain silent for twice this is flagged stale. */
  readonly auditCheckpointIntervalMs: number;
  /** How often the seal sweep re-verifies every stored licence's seal and row MAC; 0 turns it off. */
  readonly sealSweepIntervalMs: number;
  /** Licences per page of the sweep (one query and that many ES256 verifications per page). */
  readonly sealSweepPageSize: number;
  /** A consumer that finishes nothing of the message in hand for this long makes /readyz fail. */
  readonly consumerStallMs: number;
  /**
   * Hub processes sharing the one port (`ZZ_WORKERS`, 1 … the CPU count): above 1 a supervising
   * primary forks them (http/worker-cluster), each an instance of its own with its own audit chains.
   */
  readonly workers: number;
}

export interface ConfigProblem {
  variable: string;
  problem: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const TOPIC_PREFIX = /^[A-Za-z0-9._-]{0,100}$/;

/** Parse and validate the environment; throws `ConfigError` listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const reader = createReader(env, problems);

  const host = reader.string('HOST', '127.0.0.1');
  const port = reader.integer('PORT', 8080, 0, 65535);
  const dataDir = path.resolve(cwd, reader.string('ZZ_DATA_DIR', './data'));
  const databaseUrl = reader.secret('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push({ variable: 'DATABASE_URL', problem: 'must be a postgres:// or postgresql:// URL' });
  }
  const brokersRaw = reader.optional('KAFKA_BROKERS');
  const kafkaBrokers = brokersRaw
    ?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (kafkaBrokers !== undefined) {
    const bad = kafkaBrokers.filter((b) => !BROKER.test(b));
    if (kafkaBrokers.length === 0 || bad.length > 0) {
      problems.push({
        variable: 'KAFKA_BROKERS',
        problem: `must be a comma-separated list of host:port (bad: ${bad.join(', ') || 'empty'})`,
      });
    }
  }
  const kafkaTopicPrefix = reader.string('KAFKA_TOPIC_PREFIX', 'zz.');
  if (!TOPIC_PREFIX.test(kafkaTopicPrefix)) {
    problems.push({ variable: 'KAFKA_TOPIC_PREFIX', problem: 'may contain only A-Z a-z 0-9 . _ - (≤ 100)' });
  }
  const embedded = databaseUrl === undefined && kafkaBrokers === undefined;
  const logLevel = reader.string('LOG_LEVEL', 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push({ variable: 'LOG_LEVEL', problem: `must be one of ${LOG_LEVELS.join(', ')}` });
  }
  const logFormat = reader.string('LOG_FORMAT', 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) {
    problems.push({ variable: 'LOG_FORMAT', problem: `must be one of ${LOG_FORMATS.join(', ')}` });
  }
  const publicUrl = reader.optional('ZZ_PUBLIC_URL');
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    problems.push({ variable: 'ZZ_PUBLIC_URL', problem: 'must be an http(s) URL' });
  }

  const workers = reader.integer('ZZ_WORKERS', 1, 1, availableParallelism());
  if (workers > 1 && databaseUrl === undefined) {
    problems.push({ variable: 'ZZ_WORKERS', problem: 'above 1 needs DATABASE_URL: the embedded database belongs to one process' });
  }
  const demo = reader.boolean('ZZ_DEMO', embedded);
  if (workers > 1 && demo && databaseUrl !== undefined) {
    problems.push({ variable: 'ZZ_WORKERS', problem: 'above 1 cannot seed the demo county (set ZZ_DEMO=false)' });
  }

  const trustedProxies = parseTrustedProxies(reader.optional('ZZ_TRUSTED_PROXIES'));
  if (trustedProxies.bad.length > 0) {
    problems.push({ variable: 'ZZ_TRUSTED_PROXIES', problem: `must be addresses or CIDR ranges (bad: ${trustedProxies.bad.join(', ')})` });
  }

  const config: Config = {
    host,
    port,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    dataDir,
    databaseUrl,
    databasePoolMax: reader.integer('DATABASE_POOL_MAX', 10, 1, 500),
    kafkaBrokers,
    kafkaTopicPrefix,
    kafkaClientId: reader.string('KAFKA_CLIENT_ID', 'zhengzhao'),
    kafkaGroupId: reader.string('KAFKA_GROUP_ID', 'zhengzhao-hub'),
    demo,
    bootstrapTokenFile: path.resolve(cwd, reader.string('ZZ_BOOTSTRAP_TOKEN_FILE', path.join(dataDir, 'admin.token'))),
    caPassphraseFile: reader.optional('ZZ_CA_PASSPHRASE_FILE'),
    bodyLimitBytes: reader.integer('ZZ_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    verifyRatePerUser: reader.integer('ZZ_VERIFY_RATE_USER', 20, 1, 1_000_000),
    verifyRatePerDepartment: reader.integer('ZZ_VERIFY_RATE_DEPARTMENT', 200, 1, 1_000_000),
    verifyRatePerAddress: reader.integer('ZZ_VERIFY_RATE_ADDRESS', 200, 1, 1_000_000),
    dataTimeoutMaxMs: reader.integer('ZZ_DATA_TIMEOUT_MAX_MS', 30_000, 100, 300_000),
    dataUnavailableAfter: reader.integer('ZZ_DATA_UNAVAILABLE_AFTER', 3, 1, 1_000),
    dataCoolDownMs: reader.integer('ZZ_DATA_COOL_DOWN_MS', 30_000, 100, 3_600_000),
    dataMaxInFlight: reader.integer('ZZ_DATA_MAX_IN_FLIGHT', 10_000, 1, 1_000_000),
    shutdownTimeoutMs: reader.integer('ZZ_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    webhookRetryScheduleMs: readDelays(reader.optional('ZZ_WEBHOOK_RETRY_SCHEDULE_MS'), 'ZZ_WEBHOOK_RETRY_SCHEDULE_MS', problems),
    instanceId: reader.string('ZZ_INSTANCE_ID', `${hostname()}-${process.pid}`),
    auditAnchorFile: path.resolve(cwd, reader.string('ZZ_AUDIT_ANCHOR_FILE', path.join(dataDir, 'audit-anchor.jsonl'))),
    auditCheckpointIntervalMs: reader.integer('ZZ_AUDIT_CHECKPOINT_INTERVAL_MS', 5 * 60_000, 1_000, 24 * 3600_000),
    sealSweepIntervalMs: reader.integer('ZZ_SEAL_SWEEP_INTERVAL_MS', 24 * 3600_000, 0, 30 * 24 * 3600_000),
    sealSweepPageSize: reader.integer('ZZ_SEAL_SWEEP_PAGE_SIZE', 200, 1, 10_000),
    consumerStallMs: reader.integer('ZZ_CONSUMER_STALL_MS', 60_000, 100, 3600_000),
    logLevel,
    trustedProxies: trustedProxies.proxies,
    logFormat,
    workers,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Comma-separated milliseconds, e.g. `0,5000,300000`: 1–20 delays of at most two days each. */
function readDelays(raw: string | undefined, name: string, problems: ConfigProblem[]): readonly number[] | undefined {
  if (raw === undefined) return undefined;
  const delays = raw.split(',').map((part) => part.trim());
  const valid = delays.length <= 20 && delays.every((d) => /^\d{1,9}$/.test(d) && Number(d) <= 2 * 24 * 3600_000);
  if (!valid) {
    problems.push({
      variable: name,
      problem: `must be 1 to 20 comma-separated delays in milliseconds, each at most two days, got "${raw}"`,
    });
    return undefined;
  }
  return Object.freeze(delays.map(Number));
}

/** Typed accessors that record problems instead of throwing, so all are reported at once. */
function createReader(env: Env, problems: ConfigProblem[]) {
  const optional = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    optional,
    string: (name: string, fallback: string): string => optional(name) ?? fallback,
    integer(name: string, fallback: number, min: number, max: number): number {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        problems.push({ variable: name, problem: `must be an integer from ${min} to ${max}, got "${raw}"` });
        return fallback;
      }
      return value;
    },
    boolean(name: string, fallback: boolean): boolean {
      const raw = optional(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
      if (['0', 'false', 'no', 'off'].includes(raw)) return false;
      problems.push({ variable: name, problem: `must be true or false, got "${raw}"` });
      return fallback;
    },
    /** `NAME` or `NAME_FILE`, not both. */
    secret(name: string): string | undefined {
      const direct = optional(name);
      const file = optional(`${name}_FILE`);
      if (direct !== undefined && file !== undefined) {
        problems.push({ variable: `${name}_FILE`, problem: `set either ${name} or ${name}_FILE, not both` });
        return direct;
      }
      if (file === undefined) return direct;
      try {
        const content = readFileSync(file, 'utf8').trim();
        if (content === '') problems.push({ variable: `${name}_FILE`, problem: `file ${file} is empty` });
        return content || undefined;
      } catch (error) {
        problems.push({ variable: `${name}_FILE`, problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code})` });
        return undefined;
      }
    },
  };
}
