/**
 * Realistic licence payloads for tests: each licence type's own contract example, re-issued by the
 * test department with a number of the test's choosing.
 */
import { createSchemaRegistry } from '../../src/contracts/schema-registry.js';

const registry = createSchemaRegistry();

export const FOOD_LICENSE = '11100000000013338W011';
export const BUSINESS_LICENSE = '11100000000013338W001';

export function licenseTypes(): string[] {
  return registry.licenseTypes().map((t) => t.code);
}

export function examplePayload(typeCode: string, issuer: { uscc: string; name: string }, number?: string): Record<string, unknown> {
  const contract = registry.licenseType(typeCode);
  const example = (contract?.schema.examples as Record<string, unknown>[] | undefined)?.[0];
  if (!example) throw new Error(`no example for ${typeCode}`);
  return { ...structuredClone(example), issuer, ...(number ? { number } : {}) };
}
