/**
 * @module postgres/client-queue.test
 * postgres.js keeps its pool's waiting and busy connections in an internal `Queue`; 3.4.9's never
 * drops shifted-out slots while it is not empty and searches `remove()` from index 0, so under
 * steady load each removal scans the whole history. `patches/postgres+3.4.9.patch` (applied at
 * install by patch-package) fixes both; these tests load the installed copies (ESM, CommonJS and
 * the Workers build) and fail if the patch was not applied.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

interface ClientQueue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}
type QueueFactory = <T>(initial?: T[]) => ClientQueue<T>;

// The package's `exports` hide its internals; reach them from the resolved entry point.
const require = createRequire(import.meta.url);
const packageRoot = join(dirname(require.resolve('postgres')), '..', '..');
const builds = ['src/queue.js', 'cjs/src/queue.js', 'cf/src/queue.js'];

async function load(build: string): Promise<QueueFactory> {
  const mod = (await import(pathToFileURL(join(packageRoot, build)).href)) as { default: QueueFactory };
  return mod.default;
}

/** The internal array's length and how much of it `remove()` searches, seen through a probe it never finds. */
function inside(queue: ClientQueue<object>): { length: number; searched: number } {
  const seen = { length: -1, searched: -1 };
  const probe = {};
  const original = Array.prototype.indexOf;
  Array.prototype.indexOf = function (this: unknown[], x: unknown, from?: number) {
    if (x === probe) Object.assign(seen, { length: this.length, searched: this.length - Math.max(0, from ?? 0) });
    return original.call(this, x, from);
  };
  try {
    queue.remove(probe);
  } finally {
    Array.prototype.indexOf = original;
  }
  return seen;
}

describe.each(builds)('postgres.js client queue (%s)', (build) => {
  it('keeps first-in first-out order through pushes, shifts and removals', async () => {
    const Queue = await load(build);
    const q = Queue<number>([1, 2]);
    q.push(3);
    q.push(4);
    expect(q.shift()).toBe(1);
    expect(q.remove(3)).toBe(3);
    expect(q.remove(3)).toBeNull();
    expect(q.length).toBe(2);
    expect([q.shift(), q.shift()]).toEqual([2, 4]);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.length).toBe(0);
    q.push(5);
    expect([q.length, q.shift()]).toEqual([1, 5]);
  });

  it('stays bounded under steady load: the dead prefix is dropped and remove() searches only live items', async () => {
    const Queue = await load(build);
    const q = Queue<object>();
    const inFlight: object[] = [];
    // Ten items always waiting (more in flight than connections), 100,000 passing through.
    for (let i = 0; i < 10; i++) inFlight.push(q.push({ i }));
    let longest = 0;
    let widest = 0;
    for (let i = 0; i < 100_000; i++) {
      q.push({ i });
      const out = q.shift();
      expect(out).toBeDefined();
      if (i % 7 === 0) {
        const extra = q.push({ extra: i });
        expect(q.remove(extra)).toBe(extra);
      }
      if (i % 1000 === 0) {
        const seen = inside(q);
        longest = Math.max(longest, seen.length);
        widest = Math.max(widest, seen.searched);
      }
    }
    expect(q.length).toBe(10);
    // Unpatched, the array keeps every slot ever pushed (~114,000) and remove() scans them all;
    // patched, the array stays within a small multiple of the live ten and only they are searched.
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThanOrEqual(80);
    expect(widest).toBe(10);
  });
});
