/**
 * @module core/ports/json-validator
 * JSON Schema validation as the core and the HTTP layer use it; `contracts/` implements it with ajv
 * (2020-12 + formats). Schemas are compiled once, when a route or contract is registered.
 */
import type { FieldError } from '../errors.js';

export type JsonSchema = Record<string, unknown>;

/** Returns the violations (JSON pointers into the value), or an empty array when valid. */
export type ValidateFn = (value: unknown) => FieldError[];

export interface JsonValidatorFactory {
  compile(schema: JsonSchema): ValidateFn;
}
