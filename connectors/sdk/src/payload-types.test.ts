/**
 * The SDK's payload types (src/payloads/*.ts) are generated from the hub's schemas/ by the hub's own
 * generator, so a department system is type-checked against exactly what the hub validates. A
 * schema change without regenerated types fails here; `-u` rewrites them:
 * npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../../src/contracts/schema-registry.js';
import { generateContractTypes } from '../../../src/contracts/type-generator.js';

const generated = new Map(
  [...generateContractTypes(createSchemaRegistry())].map(([file, source]) => [
    file,
    source
      .replace('@module core/payloads/', '@module payloads/')
      .replace(
        /Regenerate: .*/,
        'Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u',
      ),
  ]),
);
const dir = new URL('./payloads/', import.meta.url);

describe('SDK payload types', () => {
  it.each([...generated.keys()])('%s matches the hub schemas', async (file) => {
    await expect(generated.get(file)).toMatchFileSnapshot(`./payloads/${file}`);
  });

  it('leaves no generated file behind for a contract that is gone', () => {
    const onDisk = readdirSync(dir).filter((file) => readFileSync(new URL(file, dir), 'utf8').includes('— generated from schemas/'));
    expect(onDisk.sort()).toEqual([...generated.keys()].sort());
  });
});
