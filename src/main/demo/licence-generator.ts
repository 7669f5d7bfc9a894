/**
 * @module main/demo/licence-generator
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
} from './business-licences.js';
import { LicenceTypeCodes, type LicenceBuilder, type LicenceTypeCode } from './licence-context.js';
import { disabilityCertificate, marriageCertificate, realEstateTitle } from './personal-licences.js';
import { seededRandom, type Random } from './seeded-random.js';

const BUILDERS: Record<LicenceTypeCode, LicenceBuilder> = {
  [LicenceTypeCodes.businessLicense]: businessLicense,
  [LicenceTypeCodes.foodBusinessLicense]: foodBusinessLicense,
  [LicenceTypeCodes.drugBusinessLicense]: drugBusinessLicense,
  [LicenceTypeCodes.roadTransportPermit]: roadTransportPermit,
  [LicenceTypeCodes.constructionPlanningPermit]: constructionPlanningPermit,
  [LicenceTypeCodes.realEstateTitle]: realEstateTitle,
  [LicenceTypeCodes.marriageCertificate]: marriageCertificate,
  [LicenceTypeCodes.disabilityCertificate]: disabilityCertificate,
};

/** Licences per type in every run of 20, roughly a county's yearly proportions. */
const MIX: readonly (readonly [LicenceTypeCode, number])[] = [
  [LicenceTypeCodes.businessLicense, 5],
  [LicenceTypeCodes.foodBusinessLicense, 4],
  [LicenceTypeCodes.realEstateTitle, 3],
  [LicenceTypeCodes.drugBusinessLicense, 2],
  [LicenceTypeCodes.roadTransportPermit, 2],
  [LicenceTypeCodes.marriageCertificate, 2],
  [LicenceTypeCodes.constructionPlanningPermit, 1],
  [LicenceTypeCodes.disabilityCertificate, 1],
];

/** The run of 20, types interleaved (round-robin over the remaining weights) so any prefix is varied. */
const SLOTS: readonly { type: LicenceTypeCode; rank: number }[] = (() => {
  const left = new Map(MIX);
  const slots: { type: LicenceTypeCode; rank: number }[] = [];
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

export interface LicenceGeneratorOptions {
  seed: number;
  /** YYYY-MM-DD; licences are issued on or before it. */
  today: string;
  /** The department that issues licence `index` of `typeCode` (e.g. spread over many departments). */
  issuerOf(typeCode: LicenceTypeCode, random: Random): Authority;
}

export interface GeneratedLicence {
  /** Position in the whole sequence. */
  index: number;
  payload: LicenseEnvelope;
}

export interface LicenceGenerator {
  licence(index: number): GeneratedLicence;
  /** Licences `from` (inclusive) to `to` (exclusive). */
  range(from: number, to: number): GeneratedLicence[];
}

export function createLicenceGenerator(options: LicenceGeneratorOptions): LicenceGenerator {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new TypeError('today must be YYYY-MM-DD');
  const weights = new Map(MIX);
  const licence = (index: number): GeneratedLicence => {
    if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`licence index ${index} must be a non-negative integer`);
    const slot = SLOTS[index % SLOTS.length] as (typeof SLOTS)[number];
    const random = seededRandom(options.seed, index);
    const typeIndex = Math.floor(index / SLOTS.length) * (weights.get(slot.type) as number) + slot.rank;
    const issuer = options.issuerOf(slot.type, random);
    return { index, payload: BUILDERS[slot.type]({ random, index: typeIndex, issuer, today: options.today }) };
  };
  return {
    licence,
    range: (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => licence(from + i)),
  };
}
