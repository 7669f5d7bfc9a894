/**
 * A tiny browser for the users tests: plain node:http (no redirects followed, so 303s are seen),
 * a cookie jar, and a chosen loopback source address, so each test has its own client address for
 * the per-address sign-in back-off (127.0.0.0/8 is all loopback on Linux).
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { usccCheckChar } from '../../src/core/identifiers/uscc.js';
import type { Logger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  text: string;
  json(): any;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  from?: string;
}

export function send(base: string, pathName: string, options: SendOptions = {}): Promise<HttpResult> {
  const url = new URL(pathName, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        headers: { ...(options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) }), ...options.headers },
        ...(options.from ? { localAddress: options.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode as number,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The `_csrf` value of the first form on a page (HTML-escaped values are base64url, no escaping). */
export function formToken(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no _csrf field in:\n${html}`);
  return match[1] as string;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly from = '127.0.0.1',
  ) {}

  async send(pathName: string, options: SendOptions = {}): Promise<HttpResult> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const result = await send(this.base, pathName, {
      from: this.from,
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    for (const line of result.setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const [name, value] = (pair as string).split('=') as [string, string];
      if (value === '' || attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return result;
  }

  postForm(pathName: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.send(pathName, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: formBody(fields),
    });
  }

  postJson(pathName: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.send(pathName, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }

  /** Opens the form, then submits it; returns the answer to the submission. */
  async logIn(username: string, password: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    const form = await this.send('/console/login');
    return this.postForm('/console/login', { username, password, _csrf: formToken(form.text) }, headers);
  }

  /** The session's anti-CSRF token, as the landing page carries it. */
  async csrfToken(): Promise<string> {
    const page = await this.send('/console');
    const match = /<meta name="csrf-token" content="([^"]+)">/.exec(page.text);
    if (!match) throw new Error(`not signed in (status ${page.status})`);
    return match[1] as string;
  }
}

/** A valid 统一社会信用代码 from its first 17 characters. */
export function uscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'zz-users-'));
}

let passphraseFile: string | undefined;

/**
 * A hub on the test database; its bootstrap token is in `<dataDir>/admin.token` on first start.
 * All hubs share one CA passphrase file, as instances of one deployment do, so a second instance
 * or a restart with another data dir can open the CA the first one created.
 */
export function startTestHub(databaseUrl: string, logger: Logger, dataDir: string, env: Record<string, string> = {}): Promise<RunningHub> {
  if (!passphraseFile) {
    passphraseFile = path.join(tempDir(), 'ca.passphrase');
    writeFileSync(passphraseFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  return startHub(
    loadConfig({
      DATABASE_URL: databaseUrl,
      ZZ_DATA_DIR: dataDir,
      ZZ_CA_PASSPHRASE_FILE: passphraseFile,
      PORT: '0',
      ZZ_DEMO: 'false',
      ...env,
    }),
    logger,
  );
}

export function bootstrapToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
}

/** Calls the hub's API with a bearer token. */
export function api(base: string, token: string, method: string, pathName: string, body?: unknown): Promise<HttpResult> {
  return send(base, pathName, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
