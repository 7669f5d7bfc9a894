/**
 * The generated contract types (src/core/payloads/*.ts) must be exactly what the generator makes of
 * the current schemas; `-u` rewrites them after a schema change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../config/package-root.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { LicenseStatusChange } from '../core/payloads/license-status-change.js';
import type { MarriageCertificate } from '../core/payloads/marriage-certificate.js';
import { createSchemaRegistry } from './schema-registry.js';
import { generateContractTypes } from './type-generator.js';

const registry = createSchemaRegistry();
const generated = generateContractTypes(registry);
const dir = packagePath('src', 'core', 'payloads');

describe('generated contract types', () => {
  it.each([...generated.keys()])('%s matches the schemas', async (file) => {
    await expect(generated.get(file)).toMatchFileSnapshot(`../core/payloads/${file}`);
  });

  it('leaves no generated file behind for a contract that is gone', () => {
    const onDisk = readdirSync(dir).filter((file) => readFileSync(`${dir}/${file}`, 'utf8').includes('— generated from schemas/'));
    expect(onDisk.sort()).toEqual([...generated.keys()].sort());
  });

  it('types a real payload that the schema accepts, and refuses what it refuses', () => {
    const certificate: MarriageCertificate = {
      typeCode: '111000000000134056001',
      number: 'J431322-2024-000518',
      name: '结婚证',
      holder: { name: '刘伟', idType: 'ID', id: '431322199203150030' },
      issuer: { uscc: '11431322006123460L', name: '新化县民政局' },
      issuedAt: '2024-05-20',
      validFrom: '2024-05-20',
      data: {
        registeredOn: '2024-05-20',
        spouses: [
          { name: '刘伟', sex: '男', nationality: '中国', birthDate: '1992-03-15', idType: 'ID', id: '431322199203150030' },
          { name: '陈静', sex: '女', nationality: '中国', birthDate: '1994-08-21', idType: 'ID', id: '431322199408210041' },
        ],
      },
    };
    expect(registry.validate(registry.licenseType(certificate.typeCode)!.schemaId, certificate)).toEqual([]);

    const change: LicenseStatusChange = {
      licenseId: '1.2.156.3005.2.111000000000134056001.11431322006123460L.J4313222024000518.001.2',
      // @ts-expect-error — 'deleted' is no status, in the type as in the schema
      status: 'deleted',
      reason: '登记错误',
      effectiveAt: '2024-06-01T08:00:00+08:00',
    };
    expect(registry.validate(ContractIds.licenseStatusChange, change)).toContainEqual({
      pointer: '/status',
      detail: 'must be equal to one of the allowed values',
    });
  });
});
