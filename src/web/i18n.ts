/**
 * @module web/i18n
 * Which language a console page speaks: Chinese unless the browser's `zz_lang` cookie (set by the
 * language switch) asks for English. A preference, not a credential: any other value means Chinese.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { en } from './messages/en.js';
import { zhCN, type Messages } from './messages/zh-cn.js';

export const LANG_COOKIE = 'zz_lang';
export const Languages = ['zh-CN', 'en'] as const;
export type Language = (typeof Languages)[number];

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en';
}

export function messagesFor(lang: Language): Messages {
  return lang === 'en' ? en : zhCN;
}

export function languageOf(c: Context): Language {
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh-CN';
}
