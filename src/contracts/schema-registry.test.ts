import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../config/package-root.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { createAjv } from './ajv-validator-factory.js';
import { createSchemaRegistry } from './schema-registry.js';

const registry = createSchemaRegistry();

describe('schema registry', () => {
  it('loads every contract under schemas/ with the id scheme and a version', () => {
    const names = registry.list().map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'common/definitions',
        'licenses/envelope',
        'licenses/status-change',
        'documents/document',
        'messages/license-submit-result',
        'messages/license-submit-headers',
        'messages/dead-letter-headers',
        'events/license-event',
      ]),
    );
    for (const entry of registry.list()) {
      expect(entry.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(entry.id).toBe(`https://zhengzhao.gov.cn/schemas/${entry.name}/${entry.version.split('.')[0]}.json`);
      expect(entry.title).toMatch(/[\u4e00-\u9fff].* [A-Za-z]/);
    }
  });

  it('finds a contract by $id or by name, and names every contract the hub uses', () => {
    expect(registry.get(ContractIds.licenseEnvelope)).toBe(registry.get('licenses/envelope'));
    for (const id of Object.values(ContractIds)) expect(registry.get(id)?.id).toBe(id);
    expect(registry.get('licenses/nothing')).toBeUndefined();
  });

  it('compiles every schema on its own as well, with no reference leaving the directory', () => {
    // A fresh ajv with only the shipped files: any $ref to an unknown URI would throw here.
    const ajv = createAjv();
    ajv.addVocabulary(['x-zz', 'x-version']);
    for (const entry of registry.list()) ajv.addSchema(entry.schema);
    for (const entry of registry.list()) expect(() => ajv.getSchema(entry.id), entry.name).not.toThrow();
  });

  it('validates every example against its own contract', () => {
    for (const entry of registry.list()) {
      for (const example of (entry.schema.examples ?? []) as unknown[]) {
        expect(registry.validate(entry.id, example), entry.name).toEqual([]);
      }
    }
  });

  it('refuses an unknown contract id as a caller mistake', () => {
    expect(() => registry.validate('https://zhengzhao.gov.cn/schemas/nope/1.json', {})).toThrow(TypeError);
  });

  it('reports message contracts with JSON pointers', () => {
    expect(registry.validate(ContractIds.licenseSubmitResult, { messageId: 'm1', ok: true, error: { code: 'ERR_X', detail: '' } })).toEqual(
      [
        { pointer: '/licenseId', detail: 'is required' },
        { pointer: '/error', detail: 'is not allowed here' },
      ],
    );
    expect(
      registry.validate(ContractIds.licenseStatusChange, {
        licenseId: '1.2.156.3005.2.11100000000013338W011.114313220061234566.JY24313220012345.001.2',
        status: 'cancelled',
        nationalStatusCode: '07',
        reason: '经营者申请注销',
        effectiveAt: '2024-10-01',
      }),
    ).toEqual([
      { pointer: '/nationalStatusCode', detail: 'must be equal to constant' },
      { pointer: '/effectiveAt', detail: 'must match format "date-time"' },
    ]);
    expect(registry.validate(ContractIds.licenseEvent, { eventId: 'e', type: 'license.deleted', holder: {} })).toEqual(
      expect.arrayContaining([
        { pointer: '/holder', detail: 'is not allowed here' },
        { pointer: '/eventId', detail: 'must match format "uuid"' },
        { pointer: '/type', detail: 'must be equal to one of the allowed values' },
        { pointer: '/licenseId', detail: 'is required' },
      ]),
    );
    expect(
      registry.validate(ContractIds.document, {
        docNo: '新政发〔2024〕12号',
        title: '关于印发某方案的通知',
        issuer: { uscc: '114313220061234566', name: '新化县人民政府' },
        issuedAt: '2024-06-10',
        sha256: 'ABC',
      }),
    ).toEqual([{ pointer: '/sha256', detail: 'must match pattern "^[0-9a-f]{64}$"' }]);
  });
});

describe('schema registry start-up checks', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of schemas/ with one file changed. */
  const brokenCopy = (file: string, change: (schema: JsonSchema) => void): string => {
    dir = mkdtempSync(path.join(tmpdir(), 'zz-schemas-'));
    cpSync(packagePath('schemas'), dir, { recursive: true });
    const full = path.join(dir, file);
    const schema = JSON.parse(readFileSync(full, 'utf8')) as JsonSchema;
    change(schema);
    writeFileSync(full, JSON.stringify(schema));
    return dir;
  };

  it.each<[string, string, (schema: JsonSchema) => void, RegExp]>([
    [
      'an example that fails its schema',
      'licenses/food-business-license.json',
      (s) => {
        (s.examples as JsonSchema[])[0]!.number = 'SP123';
      },
      /food-business-license\.json: examples\[0\] at # fails its schema: \/number must match pattern/,
    ],
    [
      'an $id off the naming scheme',
      'documents/document.json',
      (s) => {
        s.$id = 'https://zhengzhao.gov.cn/schemas/document/1.json';
      },
      /documents\/document\.json: \$id must be https:\/\/zhengzhao\.gov\.cn\/schemas\/documents\/document\/1\.json/,
    ],
    [
      'a version that is not MAJOR.MINOR.PATCH',
      'documents/document.json',
      (s) => {
        s['x-version'] = 1;
      },
      /documents\/document\.json: x-version must be a version MAJOR\.MINOR\.PATCH/,
    ],
    [
      'a title in one language',
      'events/license-event.json',
      (s) => {
        s.title = 'Licence event';
      },
      /license-event\.json: title must be given in Chinese and English/,
    ],
    [
      'a schema ajv rejects',
      'messages/dead-letter-headers.json',
      (s) => {
        s.required = 'error-code';
      },
      /dead-letter-headers\.json: schema is invalid/,
    ],
    [
      'a dangling reference',
      'licenses/envelope.json',
      (s) => {
        (s.properties as Record<string, JsonSchema>).holder!.$ref = 'https://zhengzhao.gov.cn/schemas/common/nothing/1.json';
      },
      /envelope\.json: can't resolve reference/,
    ],
    [
      'a licence code that is not a credit code',
      'licenses/business-license.json',
      (s) => {
        (s['x-zz'] as JsonSchema).code = '11100000000013338A001';
        (s.properties as Record<string, JsonSchema>).typeCode!.const = '11100000000013338A001';
        (s.examples as JsonSchema[])[0]!.typeCode = '11100000000013338A001';
      },
      /business-license\.json: x-zz\.code 11100000000013338A001 does not start with a valid credit code/,
    ],
    [
      'a field nobody classified',
      'licenses/marriage-certificate.json',
      (s) => {
        (s['x-zz'] as { disclosure: { sensitive: string[] } }).disclosure.sensitive = ['/holder/name', '/holder/id', '/data/spouses'];
      },
      /marriage-certificate\.json: field \/data\/registeredOn is neither public nor sensitive/,
    ],
    [
      'a disclosure rule naming no field',
      'licenses/road-transport-permit.json',
      (s) => {
        (s['x-zz'] as { disclosure: { public: string[] } }).disclosure.public.push('/data/vehicles');
      },
      /road-transport-permit\.json: x-zz\.disclosure names \/data\/vehicles, which is not a field/,
    ],
  ])('refuses to start on %s', (_what, file, change, message) => {
    expect(() => createSchemaRegistry({ dir: brokenCopy(file, change) })).toThrow(message);
  });

  it('lists every problem at once', () => {
    const copy = brokenCopy('licenses/status-change.json', (s) => {
      s.title = 'Status change';
      (s.examples as JsonSchema[])[0]!.status = 'deleted';
    });
    writeFileSync(path.join(copy, 'documents', 'broken.json'), '{ not json');
    const error = (() => {
      try {
        createSchemaRegistry({ dir: copy });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected the registry to refuse');
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('documents/broken.json');
    expect(error.message).toContain('status-change.json: title must be given in Chinese and English');
    expect(error.message).toContain('status-change.json: examples[0]');
  });
});
