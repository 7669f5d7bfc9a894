/**
 * @module core/contracts/contract-registry
 * What the core and the adapters know about the JSON Schema contracts in schemas/: the raw schemas
 * (served at /v1/schemas), the licence types with their disclosure rules (/v1/license-types), and
 * validation to JSON-pointer errors. `contracts/schema-registry.ts` implements it with ajv; every
 * schema is compiled once, at start.
 */
import type { FieldError } from '../errors.js';
import type { JsonSchema } from '../ports/json-validator.js';
import type { DisclosureRule } from './field-disclosure.js';

export interface SchemaEntry {
  /** `https://zhengzhao.gov.cn/schemas/<name>/<major version>.json` */
  id: string;
  /** Path under schemas/ without `.json`, e.g. `licenses/food-business-license`. */
  name: string;
  /** `x-version`, MAJOR.MINOR.PATCH; compatible revisions keep the MAJOR and so the `id`. */
  version: string;
  /** Chinese and English, e.g. `食品经营许可证 Food business licence`. */
  title: string;
  schema: JsonSchema;
}

export interface LicenseTypeContract extends DisclosureRule {
  /** Defining authority's credit code + 3 digits (the `typeCode` of every licence of this type). */
  code: string;
  name: string;
  nameEn: string;
  schemaId: string;
  version: string;
  definingAuthority: { uscc: string; name: string };
  legalBasis: string;
  schema: JsonSchema;
}

export interface ContractRegistry {
  /** By `$id` or by name (`licenses/envelope`). */
  get(idOrName: string): SchemaEntry | undefined;
  list(): readonly SchemaEntry[];
  licenseTypes(): readonly LicenseTypeContract[];
  licenseType(code: string): LicenseTypeContract | undefined;
  /** Violations as JSON pointers into `value`; empty when valid. Unknown ids throw `TypeError`. */
  validate(id: string, value: unknown): FieldError[];
}
