/**
 * @module core/users/generate-password
 * Passwords the hub hands out (new accounts, resets): 20 characters drawn uniformly from an alphabet
 * without look-alikes (no 0/O, 1/l/I/i), since they are read off a screen and typed at a counter.
 * 20 × log2(55) ≈ 115 bits.
 */
import { randomInt } from 'node:crypto';

export const PASSWORD_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
export const GENERATED_PASSWORD_LENGTH = 20;

export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let password = '';
  // randomInt is unbiased (rejection sampling), unlike `byte % alphabet.length`.
  for (let i = 0; i < length; i++) password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return password;
}
