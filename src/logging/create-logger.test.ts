import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubPersonalIds } from './create-logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('process logger', () => {
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
