/**
 * @module pki/ca/file-ca-material-store
 * `CaMaterialStore` over a directory (mode 0700). Writes go to a temporary file that is renamed into
 * place, so a crash never leaves half a key; secrets are created 0600 and chmod-ed again in case a
 * previous version of the file was more open.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';

/** Names are plain file names: no separators, no dot files, nothing that escapes the directory. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class FileCaMaterialStore implements CaMaterialStore {
  constructor(private readonly dir: string) {}

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(name: string, data: Uint8Array, options: { secret?: boolean } = {}): Promise<void> {
    const target = this.path(name);
    const mode = options.secret ? 0o600 : 0o644;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, { mode, flag: 'wx' });
      await chmod(temp, mode);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private path(name: string): string {
    if (!NAME.test(name)) throw new TypeError(`invalid CA material name: ${name}`);
    return join(this.dir, name);
  }
}
