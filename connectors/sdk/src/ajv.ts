/**
 * @module ajv
 * One way to build the JSON Schema validator the SDK uses for its own config and for the hub's
 * contracts: draft 2020-12 with formats, all errors, and the hub's annotation keywords known.
 * Errors become `{pointer, detail}` the way the hub words them, a missing or extra property
 * pointing at the property itself.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldProblem } from './errors.js';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats ships CommonJS with a default export that NodeNext sees one level down.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export function toProblems(errors: readonly ErrorObject[] | null | undefined): FieldProblem[] {
  return (errors ?? []).map((error) => {
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { pointer: `${error.instancePath}/${escape(missing)}`, detail: 'is required' };
    }
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
      return {
        pointer: `${error.instancePath}/${escape(params.additionalProperty ?? params.unevaluatedProperty ?? '')}`,
        detail: 'is not allowed here',
      };
    }
    return { pointer: error.instancePath, detail: error.message ?? 'is invalid' };
  });
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
