import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from './password-hash.js';

// Wrap the real timingSafeEqual so the test can see that verification goes through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe('password hashing (scrypt)', () => {
  it('stores a self-describing scrypt string with N=2^15, r=8, p=1 and a 16-byte salt', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', 2 ** 15, 8, 1]);
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(Buffer.from(salt as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash as string, 'base64')).toHaveLength(32);
  });

  it('round-trips, and salts each hash differently', async () => {
    const a = await hashPassword('密码 Pa55word');
    const b = await hashPassword('密码 Pa55word');
    expect(a).not.toBe(b);
    expect(await verifyPassword('密码 Pa55word', a)).toBe(true);
    expect(await verifyPassword('密码 Pa55word', b)).toBe(true);
  });

  it('refuses a wrong password, including a near miss', async () => {
    const stored = await hashPassword('s3cret-Password');
    expect(await verifyPassword('s3cret-password', stored)).toBe(false);
    expect(await verifyPassword('s3cret-Password ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('compares with timingSafeEqual over equal-length digests', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const stored = await hashPassword('pw-under-test');
    await verifyPassword('not-it', stored);
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
    expect(a.length).toBe(32);
    expect(b.length).toBe(32);
  });

  it('does not accept a hash whose digest, salt or cost was tampered with', async () => {
    const stored = await hashPassword('tamper-me');
    const parts = stored.split('$');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] as number) ^ 0x01;
      return bytes.toString('base64').replace(/=+$/, '');
    };
    const withPart = (index: number, value: string) => parts.map((p, i) => (i === index ? value : p)).join('$');
    expect(await verifyPassword('tamper-me', withPart(5, flip(parts[5] as string)))).toBe(false);
    expect(await verifyPassword('tamper-me', withPart(4, flip(parts[4] as string)))).toBe(false);
    expect(await verifyPassword('tamper-me', withPart(1, String(2 ** 14)))).toBe(false);
  });

  it('throws TypeError on a malformed or unbounded hash string instead of guessing', async () => {
    const stored = await hashPassword('x');
    const parts = stored.split('$');
    const bad = [
      '',
      'plaintext',
      stored.replace('scrypt$', 'bcrypt$'),
      parts.slice(0, 5).join('$'),
      [parts[0], '1000', ...parts.slice(2)].join('$'), // N not a power of two
      [parts[0], String(2 ** 22), ...parts.slice(2)].join('$'), // 4 GiB of memory
      [...parts.slice(0, 4), 'c2FsdA', parts[5]].join('$'), // 4-byte salt
      [...parts.slice(0, 5), 'not base64!'].join('$'),
    ];
    for (const value of bad) await expect(verifyPassword('x', value), value).rejects.toThrow(TypeError);
  });
});
