import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emptyCounts } from './checkpoint.js';
import { createProgress } from './progress.js';

describe('import progress', () => {
  it('writes plain lines at most every interval when not on a terminal', () => {
    const lines: string[] = [];
    const progress = createProgress({ tty: false, write: (l) => lines.push(l), intervalMs: 60_000 });
    progress.update(0.25, { ...emptyCounts(), rows: 250, accepted: 240, rejected: 10 });
    progress.update(0.5, { ...emptyCounts(), rows: 500 });
    progress.stop();
    expect(lines).toEqual([expect.stringMatching(/^进度 25%：已处理 250 行（接收 240，已有 0，拒绝 10），\d+ 行\/秒$/)]);
  });

  it('draws a bar with counts and ETA on a terminal', () => {
    let drawn = '';
    const stream = Object.assign(new Writable({ write: (chunk, _e, done) => ((drawn += String(chunk)), done()) }), {
      isTTY: true,
      columns: 200,
      cursorTo: (x: number, cb?: () => void) => (cb?.(), true),
      clearLine: (_d: number, cb?: () => void) => (cb?.(), true),
      moveCursor: (_x: number, _y: number, cb?: () => void) => (cb?.(), true),
    });
    const progress = createProgress({ tty: true, write: () => {}, stream: stream as unknown as NodeJS.WritableStream });
    progress.update(0.5, { ...emptyCounts(), rows: 500, accepted: 499, rejected: 1 });
    progress.stop();
    expect(drawn).toMatch(/50% \| 500 行 \| \d+ 行\/秒 \| 接收 499 已有 0 拒绝 1 \| 剩余/);
  });
});
