/**
 * @module test/services/kafka-classpath
 * The Java classpath of Apache Kafka 3.9.1 as Maven resolves test/services/kafka/pom.xml. The jars
 * stay in ~/.m2; the computed classpath is cached under the OS temp dir keyed by the pom's hash, so
 * Maven (a few seconds of JVM) only runs when the pom changes or a jar went missing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POM = fileURLToPath(new URL('./kafka/pom.xml', import.meta.url));

let cached: Promise<string> | undefined;

/** Colon-separated jar list for `java -cp`; resolved once per process. */
export function kafkaClasspath(): Promise<string> {
  cached ??= resolveClasspath().catch((error: unknown) => {
    cached = undefined; // let a later call retry, e.g. after the network came back
    throw error;
  });
  return cached;
}

async function resolveClasspath(): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(POM))
    .digest('hex')
    .slice(0, 16);
  const cacheFile = join(tmpdir(), `zz-kafka-classpath-${hash}.txt`);
  const fromCache = await readClasspath(cacheFile);
  if (fromCache !== undefined) return fromCache;
  // Unique temp name: parallel test processes may resolve at the same time; rename is atomic.
  const partial = `${cacheFile}.${process.pid}.${Date.now()}`;
  try {
    await buildClasspath(partial);
    await rename(partial, cacheFile);
  } finally {
    await rm(partial, { force: true });
  }
  const fresh = await readClasspath(cacheFile);
  if (fresh === undefined) throw new Error(`Maven wrote no usable classpath to ${cacheFile}`);
  return fresh;
}

/** The cached classpath, unless absent or naming a jar that is gone (e.g. ~/.m2 was cleaned). */
async function readClasspath(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  const classpath = (await readFile(file, 'utf8')).trim();
  const jars = classpath.split(':');
  return jars.length > 1 && jars.every((jar) => existsSync(jar)) ? classpath : undefined;
}

/** Offline first (jars already in ~/.m2, no network needed); online when something is missing. */
async function buildClasspath(outputFile: string): Promise<void> {
  const args = ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${outputFile}`];
  try {
    await run('mvn', ['-o', ...args]);
  } catch {
    try {
      await run('mvn', args);
    } catch (error) {
      throw new Error(
        `mvn could not resolve the Kafka jars of ${POM} (needs Java + Maven and Maven Central on first run): ` + (error as Error).message,
        { cause: error },
      );
    }
  }
}
