/**
 * @module contracts
 * The hub's JSON Schema contracts, checked before anything is sealed: a payload the hub would
 * refuse never costs a signature or a round trip, and its errors name the field by JSON pointer.
 * The schemas are the hub's own — fetched from `GET /v1/schemas` (what the hub enforces today) or
 * read from a `schemas/` directory (offline, tests) — never a copy kept inside the SDK.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { createAjv, toProblems } from './ajv.js';
import { ContractViolationError, type FieldProblem } from './errors.js';

const BASE = 'https://zhengzhao.gov.cn/schemas';
export const CONTRACT_IDS = {
  statusChange: `${BASE}/licenses/status-change/1.json`,
  document: `${BASE}/documents/document/1.json`,
} as const;

type Schema = Record<string, unknown>;

export interface LicenseTypeContract {
  code: string;
  name: string;
  schemaId: string;
}

export interface Contracts {
  licenseTypes(): LicenseTypeContract[];
  /** Field problems of a licence payload against the contract of its `typeCode`; [] when valid. */
  checkLicense(payload: unknown): FieldProblem[];
  checkStatusChange(change: unknown): FieldProblem[];
  checkDocument(record: unknown): FieldProblem[];
  /** Throws ContractViolationError listing every problem. */
  assertLicense(payload: unknown): void;
}

export function createContracts(schemas: readonly Schema[]): Contracts {
  const ajv = createAjv();
  for (const schema of schemas) ajv.addSchema(schema);
  const types = new Map<string, LicenseTypeContract>();
  for (const schema of schemas) {
    const zz = schema['x-zz'] as { code?: unknown; name?: unknown } | undefined;
    if (typeof zz?.code === 'string' && typeof schema.$id === 'string') {
      types.set(zz.code, { code: zz.code, name: String(zz.name ?? ''), schemaId: schema.$id });
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const check = (id: string, value: unknown): FieldProblem[] => {
    let validate = compiled.get(id);
    if (!validate) {
      validate = ajv.getSchema(id);
      if (!validate) throw new TypeError(`the hub's contracts lack ${id}`);
      compiled.set(id, validate);
    }
    return validate(value) ? [] : toProblems(validate.errors);
  };
  const checkLicense = (payload: unknown): FieldProblem[] => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return [{ pointer: '', detail: 'must be an object' }];
    const typeCode = (payload as { typeCode?: unknown }).typeCode;
    const type = typeof typeCode === 'string' ? types.get(typeCode) : undefined;
    if (!type) return [{ pointer: '/typeCode', detail: typeCode === undefined ? 'is required' : `未知的证照类型代码 ${String(typeCode)}` }];
    return check(type.schemaId, payload);
  };
  return {
    licenseTypes: () => [...types.values()],
    checkLicense,
    checkStatusChange: (change) => check(CONTRACT_IDS.statusChange, change),
    checkDocument: (record) => check(CONTRACT_IDS.document, record),
    assertLicense(payload) {
      const problems = checkLicense(payload);
      const code = problems.some((p) => p.pointer === '/typeCode' && p.detail.startsWith('未知'))
        ? 'ERR_LICENSE_TYPE_UNKNOWN'
        : 'ERR_VALIDATION';
      if (problems.length > 0) throw new ContractViolationError('证照内容不符合类型契约', problems, code);
    },
  };
}

/** Every `*.json` under a schemas/ directory (the hub repository's layout). */
export function contractsFromDirectory(dir: string): Contracts {
  const files = (function list(d: string): string[] {
    return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? list(path.join(d, e.name)) : e.name.endsWith('.json') ? [path.join(d, e.name)] : [],
    );
  })(dir);
  return createContracts(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Schema));
}

/** The contracts the hub serves, fetched with an authenticated GET (one list, one request per contract). */
export async function contractsFromHub(get: (pathname: string) => Promise<unknown>): Promise<Contracts> {
  const list = (await get('/v1/schemas')) as { items: { id: string }[] };
  const schemas = await Promise.all(list.items.map((item) => get(`/v1/schemas/${encodeURIComponent(item.id)}`) as Promise<Schema>));
  return createContracts(schemas);
}
