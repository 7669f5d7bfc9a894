/**
 * @module config/package-root
 * Where the installed package lives, so runtime assets (SQL migrations, schemas/) are found the same
 * way from `src/` under vitest and from `dist/src/` after `tsc`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'zhengzhao') return dir;
    if (path.dirname(dir) === dir) throw new TypeError(`zhengzhao package.json not found above ${start}`);
  }
}

export const packageRoot: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Absolute path of a file or folder shipped with the package, e.g. `schemas`. */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot, ...segments);
}
