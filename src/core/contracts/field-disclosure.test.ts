import { describe, expect, it } from 'vitest';
import { isDisclosable, patternCovers } from './field-disclosure.js';

describe('field disclosure', () => {
  it('matches a pattern, its descendants and array wildcards', () => {
    expect(patternCovers('/data', '/data/spouses/0/id')).toBe(true);
    expect(patternCovers('/data/spouses/*/id', '/data/spouses/1/id')).toBe(true);
    expect(patternCovers('/data/spouses/*/id', '/data/spouses/1/name')).toBe(false);
    expect(patternCovers('/data/spouses', '/data')).toBe(false);
    expect(patternCovers('/holder/id', '/holder/idType')).toBe(false);
  });

  it('denies by default and lets sensitive patterns win', () => {
    const rule = { publicFields: ['/issuer', '/data'], sensitiveFields: ['/data/guardian'] };
    expect(isDisclosable(rule, '/issuer/uscc')).toBe(true);
    expect(isDisclosable(rule, '/data/address')).toBe(true);
    expect(isDisclosable(rule, '/data/guardian/name')).toBe(false);
    expect(isDisclosable(rule, '/holder/id')).toBe(false);
  });
});
