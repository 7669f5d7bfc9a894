import { describe, expect, it } from 'vitest';
import { isValidUsername, normaliseLoginName } from './username.js';

describe('username rules', () => {
  it.each(['abc', 'zhang.san', 'clerk_01', 'a-b-c', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(isValidUsername(name)).toBe(true);
  });

  it.each(['ab', 'x'.repeat(65), 'ZhangSan', '张三', 'a b', 'a/b', 'a@b', '', 'abc\n'])('refuses %j', (name) => {
    expect(isValidUsername(name)).toBe(false);
  });

  it('normalises what was typed at login to the stored form, bounded in length', () => {
    expect(normaliseLoginName('  Zhang.San ')).toBe('zhang.san');
    expect(normaliseLoginName('A'.repeat(500))).toHaveLength(64);
  });
});
