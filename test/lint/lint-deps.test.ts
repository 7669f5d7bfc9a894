/**
 * The dependency lint (`.ci/lint-deps.mjs`, run by `npm run lint`) on small trees made for the
 * test: it must fail on an import circle — type-only imports included — and on an adapter
 * importing another adapter, and pass this repository as it is.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../.ci/lint-deps.mjs', import.meta.url));
const run = promisify(execFile);

async function lint(tree?: Record<string, string>): Promise<{ code: number; output: string }> {
  let dir: string | undefined;
  if (tree) {
    dir = mkdtempSync(path.join(tmpdir(), 'zz-lint-'));
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  }
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...(dir ? [dir] : [])]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('the dependency lint', () => {
  it('fails on an import circle, naming every file on it', async () => {
    const result = await lint({
      'src/core/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/core/b.ts': "import type { C } from './nested/c.js';\nexport const b = 1;\nexport type B = C;\n",
      'src/core/nested/c.ts': "import type { a } from '../a.js';\nexport type C = typeof a;\n",
      'src/core/free.ts': "import { a } from './a.js';\nexport const free = a;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('import circle: src/core/a.ts → src/core/b.ts → src/core/nested/c.ts → src/core/a.ts');
    expect(result.output).not.toContain('free.ts');
  });

  it('fails when an adapter imports another adapter or core imports a library', async () => {
    const result = await lint({
      'src/postgres/store.ts': 'export const store = 1;\n',
      'src/http/route.ts': "import { store } from '../postgres/store.js';\nexport const route = store;\n",
      'src/core/use-case.ts': "import postgres from 'postgres';\nexport const sql = postgres;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("src/http/route.ts imports '../postgres/store.js': http must not depend on postgres");
    expect(result.output).toContain("src/core/use-case.ts imports 'postgres': core imports no libraries or I/O modules");
  });

  it('passes this repository', async () => {
    expect(await lint()).toEqual({ code: 0, output: 'dependency rule: ok; no import circle\n' });
  });
});
