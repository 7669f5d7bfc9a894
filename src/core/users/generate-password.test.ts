import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_ALPHABET } from './generate-password.js';

describe('generated passwords', () => {
  it('are 20 characters of an alphabet without look-alikes', () => {
    expect(PASSWORD_ALPHABET).toHaveLength(55);
    expect(PASSWORD_ALPHABET).not.toMatch(/[01OIli]/);
    for (let i = 0; i < 50; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect([...password].every((ch) => PASSWORD_ALPHABET.includes(ch))).toBe(true);
    }
  });

  it('use the whole alphabet and do not repeat', () => {
    const many = Array.from({ length: 500 }, () => generatePassword());
    expect(new Set(many).size).toBe(500);
    expect(new Set(many.join('')).size).toBe(PASSWORD_ALPHABET.length);
  });
});
