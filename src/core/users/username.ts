/**
 * @module core/users/username
 * Usernames are 3–64 characters of `[a-z0-9._-]`: plain ASCII so they survive every terminal,
 * log viewer and URL path untouched, lower case so 张三's `zhangsan` and `ZhangSan` are one account.
 */
const USERNAME = /^[a-z0-9._-]{3,64}$/;

export const USERNAME_RULE = '3 to 64 characters of a-z, 0-9, dot, underscore or hyphen';

export function isValidUsername(value: string): boolean {
  return USERNAME.test(value);
}

/**
 * What a person typed into the login form, in the form accounts are stored under: trimmed and lower
 * case. Bounded, because the result also keys the sign-in back-off and must not grow without limit.
 */
export function normaliseLoginName(typed: string): string {
  return typed.trim().toLowerCase().slice(0, 64);
}
