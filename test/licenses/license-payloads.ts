/**
 * Realistic licence payloads for tests: each licence type's own contract example, re-issued by the
 * test department with a number of the test's choosing — and with its dates moved so that it is
 * valid today, whenever the suite runs (a fixed example expires: the food licence on 2029-02-28).
 */
import { createSchemaRegistry } from '../../src/contracts/schema-registry.js';

const registry = createSchemaRegistry();

export const FOOD_LICENSE = '11100000000013338W011';
export const BUSINESS_LICENSE = '11100000000013338W001';
const DAY_MS = 86_400_000;
/** A re-issued example starts this many days before today. */
const ISSUED_DAYS_AGO = 30;

export function licenseTypes(): string[] {
  return registry.licenseTypes().map((t) => t.code);
}

/** `date` (YYYY-MM-DD) plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function examplePayload(typeCode: string, issuer: { uscc: string; name: string }, number?: string): Record<string, unknown> {
  const contract = registry.licenseType(typeCode);
  const example = (contract?.schema.examples as Record<string, unknown>[] | undefined)?.[0];
  if (!example) throw new Error(`no example for ${typeCode}`);
  return { ...structuredClone(example), ...validToday(example), issuer, ...(number ? { number } : {}) };
}

/** The example's issue and validity dates, shifted together so that it took effect a month ago. */
function validToday(example: Record<string, unknown>): Record<string, string> {
  const from = example.validFrom ?? example.issuedAt;
  if (typeof from !== 'string') return {};
  const today = new Date().toISOString().slice(0, 10);
  const shift = Math.round((Date.parse(addDays(today, -ISSUED_DAYS_AGO)) - Date.parse(from)) / DAY_MS);
  const moved: Record<string, string> = {};
  for (const field of ['issuedAt', 'validFrom', 'validUntil']) {
    const value = example[field];
    if (typeof value === 'string') moved[field] = addDays(value, shift);
  }
  return moved;
}
