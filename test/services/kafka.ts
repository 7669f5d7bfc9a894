/**
 * @module test/services/kafka
 * A single-node KRaft Apache Kafka 3.9.1 on loopback for integration tests, run from the Maven
 * Central jars (see ./kafka-classpath.ts). The broker can be stopped and started again on the same
 * port with its data, so tests can prove that what was acknowledged survives a broker restart.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';
import { kafkaClasspath } from './kafka-classpath.js';
import { logTail } from './log-tail.js';
import { pingKafka, poll } from './probe.js';

export interface KafkaService {
  /** `127.0.0.1:PORT`, the value for KAFKA_BROKERS. */
  brokers: string;
  port: number;
  /** Config, data (`data/`) and logs (`server.log`, `jvm.out`) of this broker. */
  dataDir: string;
  /** Stops the JVM (SIGTERM, SIGKILL after 15 s), keeping the data; a no-op when stopped. */
  stop(): Promise<void>;
  /** Brings the same broker back on the same port and waits until it serves; a no-op when running. */
  start(): Promise<void>;
  /** stop() and delete the data dir. */
  destroy(): Promise<void>;
}

export interface StartKafkaOptions {
  /** Client port; random when absent. */
  port?: number;
  /** Reused when it already holds a formatted broker; a fresh temp dir when absent. */
  dataDir?: string;
  /**
   * `test` (default): the C1 compiler and a serial collector — about a third less CPU per start and
   * no C2 compiling in the background, which a two-core machine running a suite feels, while test
   * traffic never needs C2's speed. `throughput`: the JVM's defaults, for benchmarks.
   */
  profile?: 'test' | 'throughput';
}

const run = promisify(execFile);
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;
const BROKER_JVM = ['-Xmx512m', '-XX:+ExitOnOutOfMemoryError'];
/** JVM options that start a short-lived or lightly used JVM with less CPU (see StartKafkaOptions.profile). */
const LEAN_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const TOOL_JVM = ['-Xmx256m', ...LEAN_JVM];

/** Broker JVMs this process started and has not seen exit, and the temp dirs it made: both go on exit. */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

export async function startKafka(opts: StartKafkaOptions = {}): Promise<KafkaService> {
  const [randomPort, controllerPort] = await freePorts(2);
  const port = opts.port ?? randomPort;
  if (port === undefined || controllerPort === undefined) throw new Error('no free ports for Kafka');
  const classpath = await kafkaClasspath();
  const dataDir = opts.dataDir ?? (await makeTempDir());
  const brokers = `127.0.0.1:${port}`;
  const jvm = opts.profile === 'throughput' ? BROKER_JVM : [...BROKER_JVM, ...LEAN_JVM];
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    child = launchBroker(classpath, dataDir, jvm);
    child.once('exit', () => {
      child = undefined;
    });
    await waitUntilServing(brokers, child, dataDir);
  };
  const stop = async () => {
    if (child) await terminate(child);
  };
  try {
    await writeConfig(dataDir, port, controllerPort);
    await formatStorage(classpath, dataDir);
    await start();
  } catch (error) {
    await stop();
    // The error carries the log tails; a temp dir of ours is of no further use.
    if (opts.dataDir === undefined) await removeDir(dataDir);
    throw error;
  }
  return {
    brokers,
    port,
    dataDir,
    start,
    stop,
    destroy: async () => {
      await stop();
      await removeDir(dataDir);
    },
  };
}

function paths(dataDir: string) {
  return {
    properties: join(dataDir, 'server.properties'),
    log4j: join(dataDir, 'log4j.properties'),
    serverLog: join(dataDir, 'server.log'),
    jvmOut: join(dataDir, 'jvm.out'),
    logDirs: join(dataDir, 'data'),
  };
}

async function writeConfig(dataDir: string, port: number, controllerPort: number): Promise<void> {
  const p = paths(dataDir);
  await mkdir(p.logDirs, { recursive: true });
  await writeFile(p.properties, serverProperties(port, controllerPort, p.logDirs));
  await writeFile(p.log4j, log4jProperties(p.serverLog));
}

function serverProperties(port: number, controllerPort: number, logDirs: string): string {
  return `${Object.entries({
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDirs,
    // The hub creates its topics explicitly; a typo must fail, not create a topic.
    'auto.create.topics.enable': 'false',
    // A lone test consumer should not wait 3 s for company before it gets partitions.
    'group.initial.rebalance.delay.ms': '0',
    'offsets.topic.replication.factor': '1',
    // One partition: the start probe's group look-up (probe.ts) then proves every group's
    // coordinator ready. With the default 50, groups hashed to partitions still being loaded, and
    // the first group of a run on a loaded machine could wait past its test's bound.
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'min.insync.replicas': '1',
    'num.partitions': '1',
  })
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** WARN and above to a file in the data dir: the test output stays clean, failures keep a trail. */
function log4jProperties(serverLog: string): string {
  return [
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${serverLog}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');
}

/** KRaft log dirs must be formatted with a cluster id once; a reused data dir keeps its own. */
async function formatStorage(classpath: string, dataDir: string): Promise<void> {
  const p = paths(dataDir);
  if (existsSync(join(p.logDirs, 'meta.properties'))) return;
  const java = (...args: string[]) => run('java', [...TOOL_JVM, `-Dlog4j.configuration=file:${p.log4j}`, '-cp', classpath, ...args]);
  await java('kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', p.properties);
}

/**
 * A cluster id as `kafka-storage random-uuid` makes one (Kafka's Uuid: 16 random bytes, base64url
 * without padding, never starting with '-'), without a JVM start of its own for it.
 */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function launchBroker(classpath: string, dataDir: string, jvm: readonly string[]): ChildProcess {
  const p = paths(dataDir);
  const out = openSync(p.jvmOut, 'a');
  try {
    const args = [...jvm, `-Dlog4j.configuration=file:${p.log4j}`, '-cp', classpath, 'kafka.Kafka', p.properties];
    const child = spawn('java', args, { cwd: dataDir, stdio: ['ignore', out, out] });
    // A failed spawn (no `java`) sets exitCode without an 'exit' event; the readiness poll sees the
    // code and the reason lands in the log tail it reports.
    child.once('error', (error) => appendFileSync(p.jvmOut, `spawn failed: ${error.message}\n`));
    track(child);
    // The harness owns the JVM's lifetime (stop/exit hook); it must not keep the test process alive.
    child.unref();
    return child;
  } finally {
    closeSync(out);
  }
}

/** Polls until a kafkajs admin sees the broker in the cluster metadata; fails fast if the JVM dies. */
async function waitUntilServing(brokers: string, child: ChildProcess, dataDir: string): Promise<void> {
  const giveUp = () =>
    child.exitCode !== null || child.signalCode !== null ? `the broker JVM exited (${child.exitCode ?? child.signalCode})` : undefined;
  try {
    await poll(`Kafka at ${brokers}`, () => pingKafka(brokers), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 300, giveUp });
  } catch (error) {
    await terminate(child);
    throw await startFailure(dataDir, error);
  }
}

async function startFailure(dataDir: string, cause: unknown): Promise<Error> {
  const p = paths(dataDir);
  const tails = `${await logTail(p.serverLog)}\n${await logTail(p.jvmOut)}`;
  return new Error(`Kafka 3.9.1 in ${dataDir} did not start: ${(cause as Error).message}\n${tails}`, { cause });
}

/** SIGTERM for a clean shutdown (logs closed, nothing to recover), SIGKILL if it hangs. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'zz-kafka-'));
  tempDirs.add(dir);
  installExitHook();
  return dir;
}

async function removeDir(dir: string): Promise<void> {
  tempDirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  installExitHook();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible in 'exit': no grace period, the broker is throwaway by then.
  // Retries cover a JVM still dying while its directory is removed.
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });
}
