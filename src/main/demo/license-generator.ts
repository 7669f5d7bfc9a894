/**
 * @module main/demo/license-generator
 * Realistic licences of the eight contract types for the demo county and the ingest benchmark.
 * Licence *n* is a pure function of `(seed, n, today, issuers)`: the same for every caller in any
 * order, so workers can generate slices in parallel. Types come in a fixed mix (a county issues
 * far more business licences than planning permits); within a type the index feeds the licence
 * number, so no two generated licences share a GB/T 36904 identifier.
 */
import type { Authority } from '../../core/payloads/definitions.js';
import type { LicenseEnvelope } from '../../core/payloads/license-envelope.js';
import {
  businessLicense,
  constructionPlanningPermit,
  drugBusinessLicense,
  foodBusinessLicense,
  roadTransportPermit,
} from './business-licenses.js';
import { LicenseTypeCodes, type LicenseBuilder, type LicenseTypeCode } from './license-context.js';
import { disabilityCertificate, marriageCertificate, realEstateTitle } from './personal-licenses.js';
import { seededRandom, type Random } from './seeded-random.js';

const BUILDERS: Record<LicenseTypeCode, LicenseBuilder> = {
  [LicenseTypeCodes.businessLicense]: businessLicense,
  [LicenseTypeCodes.foodBusinessLicense]: foodBusinessLicense,
  [LicenseTypeCodes.drugBusinessLicense]: drugBusinessLicense,
  [LicenseTypeCodes.roadTransportPermit]: roadTransportPermit,
  [LicenseTypeCodes.constructionPlanningPermit]: constructionPlanningPermit,
  [LicenseTypeCodes.realEstateTitle]: realEstateTitle,
  [LicenseTypeCodes.marriageCertificate]: marriageCertificate,
  [LicenseTypeCodes.disabilityCertificate]: disabilityCertificate,
};

/** Licences per type in every run of 20, roughly a county's yearly proportions. */
const MIX: readonly (readonly [LicenseTypeCode, number])[] = [
  [LicenseTypeCodes.businessLicense, 5],
  [LicenseTypeCodes.foodBusinessLicense, 4],
  [LicenseTypeCodes.realEstateTitle, 3],
  [LicenseTypeCodes.drugBusinessLicense, 2],
  [LicenseTypeCodes.roadTransportPermit, 2],
  [LicenseTypeCodes.marriageCertificate, 2],
  [LicenseTypeCodes.constructionPlanningPermit, 1],
  [LicenseTypeCodes.disabilityCertificate, 1],
];

/** The run of 20, types interleaved (round-robin over the remaining weights) so any prefix is varied. */
const SLOTS: readonly { type: LicenseTypeCode; rank: number }[] = (() => {
  const left = new Map(MIX);
  const slots: { type: LicenseTypeCode; rank: number }[] = [];
  while (slots.length < MIX.reduce((sum, [, weight]) => sum + weight, 0)) {
    for (const [type] of MIX) {
      const remaining = left.get(type) as number;
      if (remaining === 0) continue;
      slots.push({ type, rank: (MIX.find(([t]) => t === type)?.[1] as number) - remaining });
      left.set(type, remaining - 1);
    }
  }
  return slots;
})();

export interface LicenseGeneratorOptions {
  seed: number;
  /** YYYY-MM-DD; licences are issued on or before it. */
  today: string;
  /** The department that issues licence `index` of `typeCode` (e.g. spread over many departments). */
  issuerOf(typeCode: LicenseTypeCode, random: Random): Authority;
}

export interface GeneratedLicense {
  /** Position in the whole sequence. */
  index: number;
  payload: LicenseEnvelope;
}

export interface LicenseGenerator {
  license(index: number): GeneratedLicense;
  /** Licences `from` (inclusive) to `to` (exclusive). */
  range(from: number, to: number): GeneratedLicense[];
}

export function createLicenseGenerator(options: LicenseGeneratorOptions): LicenseGenerator {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new TypeError('today must be YYYY-MM-DD');
  const weights = new Map(MIX);
  const license = (index: number): GeneratedLicense => {
    if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`licence index ${index} must be a non-negative integer`);
    const slot = SLOTS[index % SLOTS.length] as (typeof SLOTS)[number];
    const random = seededRandom(options.seed, index);
    const typeIndex = Math.floor(index / SLOTS.length) * (weights.get(slot.type) as number) + slot.rank;
    const issuer = options.issuerOf(slot.type, random);
    return { index, payload: BUILDERS[slot.type]({ random, index: typeIndex, issuer, today: options.today }) };
  };
  return {
    license,
    range: (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => license(from + i)),
  };
}
