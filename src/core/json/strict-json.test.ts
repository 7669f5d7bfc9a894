import { describe, expect, it } from 'vitest';
import { parseStrictJson } from './strict-json.js';

describe('strict JSON parse', () => {
  it('parses what JSON.parse parses when names are unique and text is safe', () => {
    const text = '{"a":1,"b":{"a":[{"a":2},{"a":3}],"c":"x,\\"{"},"d":[1,"}",{"e":null}]}';
    expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parseStrictJson('"plain"')).toEqual({ ok: true, value: 'plain' });
    expect(parseStrictJson('[]')).toEqual({ ok: true, value: [] });
  });

  it('refuses a member named twice, at any depth, and points at it', () => {
    expect(parseStrictJson('{"issuer":1,"holder":2,"issuer":3}')).toMatchObject({
      ok: false,
      problem: 'duplicate-member',
      pointer: '/issuer',
    });
    expect(parseStrictJson('{"x":[{"a":1},{"b":{"c":1,"c":2}}]}')).toMatchObject({ problem: 'duplicate-member', pointer: '/x/1/b/c' });
  });

  it('compares names decoded: an escaped spelling is the same member', () => {
    expect(parseStrictJson('{"holder":1,"\\u0068older":2}')).toMatchObject({ problem: 'duplicate-member', pointer: '/holder' });
    expect(parseStrictJson('{"a/b":1,"a\\/b":2}')).toMatchObject({ problem: 'duplicate-member', pointer: '/a~1b' });
  });

  it('allows the same name in sibling and nested objects', () => {
    expect(parseStrictJson('{"a":{"a":{"a":1}},"b":{"a":2}}').ok).toBe(true);
    expect(parseStrictJson('[{"a":1},{"a":2}]').ok).toBe(true);
  });

  it('is not misled by brackets, commas and quotes inside strings', () => {
    expect(parseStrictJson('{"a":"{\\"a\\":1,","b":"]","c":"\\\\"}').ok).toBe(true);
    expect(parseStrictJson('{"a":"\\\\","a":1}')).toMatchObject({ problem: 'duplicate-member' });
  });

  it('refuses NUL and lone surrogates in values and names', () => {
    expect(parseStrictJson('{"number":"JY1\\u0000"}')).toMatchObject({ problem: 'unsafe-text', pointer: '/number' });
    expect(parseStrictJson('{"a":["ok","\\ud800"]}')).toMatchObject({ problem: 'unsafe-text', pointer: '/a/1' });
    expect(parseStrictJson('{"\\udc00":1}')).toMatchObject({ problem: 'unsafe-text' });
    expect(parseStrictJson('{"a":"\\ud83d\\ude00 emoji"}').ok).toBe(true);
  });

  it('reports a syntax error as such', () => {
    expect(parseStrictJson('{"a":')).toMatchObject({ ok: false, problem: 'syntax' });
  });
});
