import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubPersonalIds } from './create-logger.js';

function capture(pretty = false) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination, pretty }) };
}

describe('process logger', () => {
  it('prints for a person on a terminal (pretty), redacted and scrubbed all the same', () => {
    const { lines, logger } = capture(true);
    logger.info({ password: 'hunter2', holder: '11010519491231002X' }, 'hub listening');
    const text = lines.join('');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/INFO.*hub listening/);
    expect(text).toContain('[redacted]');
    expect(text).toContain('110105************');
    expect(text).not.toContain('hunter2');
  });

  it('masks resident ID numbers in fields, nested objects, errors and the message', () => {
    const { lines, logger } = capture();
    logger.info({ holder: { id: '11010519491231002X' }, err: new Error('bad holder 11010519491231002X') }, 'checked 11010519491231002X');
    const text = lines.join('');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('110105************');
  });

  it('redacts tokens and passwords by field name', () => {
    const { lines, logger } = capture();
    logger.info({ token: 'zz_secret', password: 'pw', authorization: 'Bearer x' }, 'login');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ token: '[redacted]', password: '[redacted]', authorization: '[redacted]', level: 'info' });
  });

  it('leaves credit codes and other 18-char codes alone', () => {
    expect(scrubPersonalIds('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(scrubPersonalIds('order 1101051949123100299')).toBe('order 1101051949123100299');
  });
});
