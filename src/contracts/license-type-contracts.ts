/**
 * @module contracts/license-type-contracts
 * Reads a licence type out of its contract's `x-zz` block (code, names, defining authority, legal
 * basis, disclosure rule) and checks what ajv cannot: the code is a real GB 32100 credit code plus 3
 * digits and equals the pinned `typeCode`, and every field of the type is classified public or
 * sensitive — the envelope's metadata is public unless the type says otherwise — with no pattern
 * naming a field that does not exist.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { LicenseTypeContract, SchemaEntry } from '../core/contracts/contract-registry.js';
import { patternCovers } from '../core/contracts/field-disclosure.js';
import { validateUscc } from '../core/identifiers/uscc.js';
import { leafFieldPointers } from './field-paths.js';
import { locate, type ResolveSchema } from './schema-flatten.js';

const POINTERS = { type: 'array', items: { type: 'string', pattern: '^(/[^/]+)+$' }, uniqueItems: true };

const LICENSE_TYPE_META = {
  type: 'object',
  required: ['code', 'name', 'nameEn', 'definingAuthority', 'legalBasis', 'disclosure'],
  additionalProperties: false,
  properties: {
    typeName: { type: 'string' },
    code: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' },
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    legalBasis: { type: 'string', minLength: 1 },
    definingAuthority: {
      type: 'object',
      required: ['uscc', 'name'],
      additionalProperties: false,
      properties: { uscc: { type: 'string' }, name: { type: 'string', minLength: 1 } },
    },
    disclosure: {
      type: 'object',
      required: ['public', 'sensitive'],
      additionalProperties: false,
      properties: {
        public: POINTERS,
        sensitive: POINTERS,
        // Only the number can be declared personal: it alone flows into the identifier, receipts and audit targets.
        personal: { type: 'array', items: { const: '/number' }, uniqueItems: true },
      },
    },
  },
};

interface LicenseTypeMeta {
  code: string;
  name: string;
  nameEn: string;
  legalBasis: string;
  definingAuthority: { uscc: string; name: string };
  disclosure: { public: string[]; sensitive: string[]; personal?: string[] };
}

export function isLicenseTypeEntry(entry: SchemaEntry): boolean {
  const meta = entry.schema['x-zz'];
  return typeof meta === 'object' && meta !== null && 'code' in meta;
}

export function readLicenseType(
  entry: SchemaEntry,
  context: { ajv: Ajv2020; envelopePublic: readonly string[]; resolve: ResolveSchema },
): { contract?: LicenseTypeContract; problems: string[] } {
  const validateMeta = context.ajv.compile(LICENSE_TYPE_META);
  if (!validateMeta(entry.schema['x-zz'])) {
    const problems = (validateMeta.errors ?? []).map((e) => `x-zz${e.instancePath} ${e.message ?? 'is invalid'}`);
    return { problems };
  }
  const meta = entry.schema['x-zz'] as unknown as LicenseTypeMeta;
  const problems: string[] = [];
  const authority = meta.code.slice(0, 18);
  if (!validateUscc(authority).ok) problems.push(`x-zz.code ${meta.code} does not start with a valid credit code`);
  if (meta.definingAuthority.uscc !== authority)
    problems.push('x-zz.definingAuthority.uscc differs from the first 18 characters of x-zz.code');
  const pinned = (entry.schema.properties as Record<string, { const?: unknown }> | undefined)?.typeCode?.const;
  if (pinned !== meta.code) problems.push(`properties.typeCode.const must be "${meta.code}"`);
  problems.push(...disclosureProblems(entry, meta.disclosure, context));
  if (problems.length > 0) return { problems };
  return {
    problems,
    contract: {
      code: meta.code,
      name: meta.name,
      nameEn: meta.nameEn,
      schemaId: entry.id,
      version: entry.version,
      definingAuthority: meta.definingAuthority,
      legalBasis: meta.legalBasis,
      schema: entry.schema,
      publicFields: [...context.envelopePublic, ...meta.disclosure.public],
      sensitiveFields: meta.disclosure.sensitive,
      personalNumber: meta.disclosure.personal?.includes('/number') ?? false,
    },
  };
}

function disclosureProblems(
  entry: SchemaEntry,
  disclosure: LicenseTypeMeta['disclosure'],
  context: { envelopePublic: readonly string[]; resolve: ResolveSchema },
): string[] {
  const problems: string[] = [];
  const leaves = leafFieldPointers([locate(entry.schema)], context.resolve);
  const classified = [...context.envelopePublic, ...disclosure.public, ...disclosure.sensitive];
  for (const leaf of leaves) {
    if (!classified.some((pattern) => patternCovers(pattern, leaf))) {
      problems.push(`field ${leaf} is neither public nor sensitive in x-zz.disclosure`);
    }
  }
  for (const pattern of [...disclosure.public, ...disclosure.sensitive]) {
    if (!leaves.some((leaf) => patternCovers(pattern, leaf) || patternCovers(leaf, pattern))) {
      problems.push(`x-zz.disclosure names ${pattern}, which is not a field of this type`);
    }
  }
  for (const pattern of disclosure.personal ?? []) {
    if (!disclosure.sensitive.includes(pattern)) problems.push(`x-zz.disclosure.personal names ${pattern}, which must be sensitive too`);
  }
  for (const pattern of disclosure.public) {
    if (disclosure.sensitive.some((other) => patternCovers(other, pattern) || patternCovers(pattern, other))) {
      problems.push(`x-zz.disclosure lists ${pattern} as both public and sensitive`);
    }
  }
  return problems;
}
