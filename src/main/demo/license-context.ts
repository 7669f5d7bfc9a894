/**
 * @module main/demo/license-context
 * What every licence-type builder of the generator receives, and the type codes it knows.
 */
import type { Authority } from '../../core/payloads/definitions.js';
import type { LicenseEnvelope } from '../../core/payloads/license-envelope.js';
import type { Random } from './seeded-random.js';

/** The eight licence types of schemas/licenses, by their `x-zz.code`. */
export const LicenseTypeCodes = {
  businessLicense: '11100000000013338W001',
  foodBusinessLicense: '11100000000013338W011',
  drugBusinessLicense: '11100000MB0341032Y001',
  roadTransportPermit: '11100000000019380L001',
  constructionPlanningPermit: '11100000MB1703998T011',
  realEstateTitle: '11100000MB1703998T001',
  marriageCertificate: '111000000000134056001',
  disabilityCertificate: '13100000400008460G001',
} as const;

export type LicenseTypeCode = (typeof LicenseTypeCodes)[keyof typeof LicenseTypeCodes];

export interface LicenseContext {
  random: Random;
  /** Index among licences of this type: numbers derived from it never repeat. */
  index: number;
  issuer: Authority;
  /** YYYY-MM-DD: licences are issued up to this day, and some have expired by it. */
  today: string;
}

export type LicenseBuilder = (context: LicenseContext) => LicenseEnvelope;

/** Numbers derived from the index have room for this many licences of a type. */
export function assertCapacity(context: LicenseContext, capacity: number, what: string): void {
  if (context.index >= capacity) throw new RangeError(`the generator numbers at most ${capacity} ${what}`);
}
