/**
 * @module cli/hub-client
 * Talks to a running hub for the CLI: bearer token from `ZZ_TOKEN` or the bootstrap token file, and
 * problem+json answers turned into one readable line with their code.
 */
import { readFile } from 'node:fs/promises';
import { loadCliEnvironment } from '../config/cli-environment.js';

export const DEFAULT_HUB_URL = 'http://127.0.0.1:8080';

export class HubRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(code ? `${code}: ${detail}` : detail);
    this.name = 'HubRequestError';
  }
}

export async function resolveToken(): Promise<string> {
  const env = loadCliEnvironment();
  if (env.token) return env.token;
  try {
    return (await readFile(env.bootstrapTokenFile, 'utf8')).trim();
  } catch {
    throw new HubRequestError(0, undefined, `no token: set ZZ_TOKEN or make ${env.bootstrapTokenFile} readable`);
  }
}

export async function callHub(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const token = await resolveToken();
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new HubRequestError(0, undefined, `cannot reach the hub at ${baseUrl} (${(error as Error).message})`);
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (parsed ?? {}) as { code?: string; detail?: string; errors?: { pointer: string; detail: string }[] };
    const fields = problem.errors?.map((e) => `${e.pointer} ${e.detail}`).join('; ');
    throw new HubRequestError(response.status, problem.code, [problem.detail ?? response.statusText, fields].filter(Boolean).join(' — '));
  }
  return parsed;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
