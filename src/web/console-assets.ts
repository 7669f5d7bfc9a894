/**
 * @module web/console-assets
 * The console's stylesheet and script, served by the hub itself (county intranets reach no CDN),
 * and the language switch. The files are read once at start; their ETag is their digest so a
 * browser revalidates cheaply after an upgrade.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setCookie } from 'hono/cookie';
import { packagePath } from '../config/package-root.js';
import type { RouteRegistry } from '../http/route.js';
import { isLanguage, LANG_COOKIE } from './i18n.js';

const ASSETS = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
} as const;
type AssetName = keyof typeof ASSETS;

/** Where the switch may send the browser back to: a console path, never another site. */
const BACK = /^\/console(\/[A-Za-z0-9._~/-]*)?(\?[A-Za-z0-9._~%&=+!$'()*,;:@/?-]*)?$/;
/** The longest page-with-query the switch carries back; a longer one goes back without its query. */
export const LANGUAGE_BACK_MAX_LENGTH = 1000;

export function registerConsoleAssetRoutes(routes: RouteRegistry, options: { secureCookies: boolean }): void {
  const files = new Map(
    (Object.keys(ASSETS) as AssetName[]).map((name) => {
      const body = readFileSync(packagePath('src', 'web', 'assets', name));
      return [name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }] as const;
    }),
  );
  routes.add<{ params: { name: AssetName } }>(
    {
      operationId: 'getConsoleAsset',
      method: 'GET',
      path: '/console/assets/{name}',
      summary: 'The console stylesheet and script (served by the hub; no outside host)',
      tags: ['console'],
      params: { type: 'object', required: ['name'], properties: { name: { enum: Object.keys(ASSETS) } } },
      responses: { 200: { description: 'The file' }, 304: { description: 'Unchanged' } },
    },
    ({ c, params }) => {
      const file = files.get(params.name) as { body: Buffer; etag: string };
      c.header('ETag', file.etag);
      c.header('Cache-Control', 'no-cache');
      if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
      return c.body(new Uint8Array(file.body), 200, { 'content-type': ASSETS[params.name] });
    },
  );
  routes.add<{ query: { to: string; back?: string } }>(
    {
      operationId: 'switchConsoleLanguage',
      method: 'GET',
      path: '/console/language',
      summary: 'Switch the console language (中文 / English) and go back to the page',
      tags: ['console'],
      query: {
        type: 'object',
        required: ['to'],
        properties: { to: { enum: ['zh-CN', 'en'] }, back: { type: 'string', maxLength: LANGUAGE_BACK_MAX_LENGTH } },
      },
      responses: { 303: { description: 'Cookie `zz_lang` set; back to the page (a console path) or /console' } },
    },
    ({ c, query }) => {
      const lang = isLanguage(query.to) ? query.to : 'zh-CN';
      setCookie(c, LANG_COOKIE, lang, { path: '/console', sameSite: 'Lax', secure: options.secureCookies, maxAge: 365 * 86400 });
      const back = query.back && BACK.test(query.back) && !(query.back.split('?')[0] as string).includes('//') ? query.back : '/console';
      return c.redirect(back, 303);
    },
  );
}
