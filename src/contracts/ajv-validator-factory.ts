/**
 * @module contracts/ajv-validator-factory
 * ajv (draft 2020-12, all errors, formats) behind the core `JsonValidatorFactory` port. ajv's errors
 * become JSON-pointer `{pointer, detail}` pairs; a missing property points at the property itself,
 * which is where a client has to add it.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../core/errors.js';
import type { JsonSchema, JsonValidatorFactory, ValidateFn } from '../core/ports/json-validator.js';

// ajv-formats ships CommonJS with a default export that NodeNext sees one level down.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((error) => {
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { pointer: `${error.instancePath}/${escapePointer(missing)}`, detail: 'is required' };
    }
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return { pointer: `${error.instancePath}/${escapePointer(extra)}`, detail: 'is not allowed here' };
    }
    return { pointer: error.instancePath || '', detail: error.message ?? 'is invalid' };
  });
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function createAjvValidatorFactory(ajv: Ajv2020 = createAjv()): JsonValidatorFactory {
  return {
    compile(schema: JsonSchema): ValidateFn {
      const validate = ajv.compile(schema);
      return (value) => (validate(value) ? [] : toFieldErrors(validate.errors));
    },
  };
}
