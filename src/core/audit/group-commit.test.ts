import { describe, expect, it } from 'vitest';
import { ShuttingDownError } from '../errors.js';
import { createGroupCommit } from './group-commit.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('group commit', () => {
  it('writes concurrent submissions in batches and settles each promise with its batch', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({
      maxBatch: 50,
      maxDelayMs: 5,
      maxQueued: 1000,
      flush: async (items) => void batches.push([...items]),
    });
    await Promise.all(Array.from({ length: 200 }, (_, i) => group.submit(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(batches.length).toBe(4);
    expect(batches.every((b) => b.length <= 50)).toBe(true);
  });

  it('without a delay, writes the submissions of one turn of the event loop together, then the next turn’s', async () => {
    const batches: number[][] = [];
    const group = createGroupCommit<number>({
      maxBatch: 50,
      maxDelayMs: 0,
      maxQueued: 1000,
      flush: async (items) => void batches.push([...items]),
    });
    const first = [group.submit(1), group.submit(2), group.submit(3)];
    expect(batches).toEqual([]); // not written inside the caller's turn
    await Promise.all(first);
    await group.submit(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('resolves nothing before its batch is written, and rejects the whole batch when the write fails', async () => {
    const gate = deferred();
    let calls = 0;
    const group = createGroupCommit<string>({
      maxBatch: 10,
      maxDelayMs: 1,
      maxQueued: 10,
      flush: async () => {
        calls++;
        await gate.promise;
        if (calls === 1) throw new Error('database down');
      },
    });
    const settled: string[] = [];
    const first = ['a', 'b'].map((x) =>
      group.submit(x).then(
        () => settled.push(`ok ${x}`),
        () => settled.push(`failed ${x}`),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    gate.resolve();
    await Promise.all(first);
    expect(settled).toEqual(['failed a', 'failed b']);
    await expect(group.submit('c')).resolves.toBeUndefined();
  });

  it('makes callers wait for room when the queue is full (back-pressure)', async () => {
    const gate = deferred();
    const group = createGroupCommit<number>({ maxBatch: 2, maxDelayMs: 0, maxQueued: 2, flush: () => gate.promise });
    const submitted = Array.from({ length: 5 }, (_, i) => group.submit(i));
    // Two in the running batch, two queued, the fifth waiting for room.
    await expect.poll(() => group.queued).toBe(2);
    gate.resolve();
    await Promise.all(submitted);
    expect(group.queued).toBe(0);
  });

  it('flushes on close and refuses afterwards', async () => {
    const written: number[] = [];
    const group = createGroupCommit<number>({
      maxBatch: 100,
      maxDelayMs: 60_000,
      maxQueued: 100,
      flush: async (items) => void written.push(...items),
    });
    const pending = [group.submit(1), group.submit(2)];
    await group.close();
    await Promise.all(pending);
    expect(written).toEqual([1, 2]);
    await expect(group.submit(3)).rejects.toBeInstanceOf(ShuttingDownError);
  });

  it('refuses impossible limits', () => {
    expect(() => createGroupCommit({ maxBatch: 10, maxDelayMs: 1, maxQueued: 5, flush: async () => {} })).toThrow(TypeError);
  });
});
