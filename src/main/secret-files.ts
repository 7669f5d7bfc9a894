/**
 * @module main/secret-files
 * Secrets the hub writes for its operator (bootstrap token, generated CA passphrase): private to
 * the hub's user, mode 0600, in a 0700 directory.
 */
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';

export async function writeSecretFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, content, { mode: 0o600 });
  // writeFile keeps the mode of an existing file; make sure it is private.
  await chmod(file, 0o600);
}

/**
 * The passphrase protecting the hub's keys at rest: ZZ_CA_PASSPHRASE_FILE, or one generated into
 * the data dir on first start — fine for one machine; several instances must share one file.
 * Workers starting together (`ZZ_WORKERS`) may all find it missing: each writes its candidate
 * aside and links it into place, which only the first can do, so all read the same passphrase.
 */
export async function readOrCreatePassphrase(config: Config, logger: Logger): Promise<string> {
  if (config.caPassphraseFile) return (await readFile(config.caPassphraseFile, 'utf8')).trim();
  const file = path.join(config.dataDir, 'ca.passphrase');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const candidate = `${file}.${randomBytes(6).toString('hex')}`;
    await writeSecretFile(candidate, `${randomBytes(32).toString('base64url')}\n`);
    try {
      await link(candidate, file);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== 'EEXIST') throw linkError;
      return (await readFile(file, 'utf8')).trim();
    } finally {
      await unlink(candidate);
    }
    const level = config.databaseUrl === undefined ? 'info' : 'warn';
    logger[level]({ file }, 'no ZZ_CA_PASSPHRASE_FILE: generated a CA passphrase in the data dir (mode 0600)');
    return (await readFile(file, 'utf8')).trim();
  }
}
