import { describe, expect, it } from 'vitest';
import { createAjvValidatorFactory } from './ajv-validator-factory.js';

describe('ajv validator factory', () => {
  const validate = createAjvValidatorFactory().compile({
    type: 'object',
    required: ['role', 'purpose'],
    additionalProperties: false,
    properties: {
      role: { type: 'string', enum: ['clerk'] },
      purpose: { type: 'object', required: ['caseNo'], properties: { caseNo: { type: 'string' } } },
      at: { type: 'string', format: 'date-time' },
    },
  });

  it('accepts a valid value', () => {
    expect(validate({ role: 'clerk', purpose: { caseNo: 'A1' } })).toEqual([]);
  });

  it('reports every violation as a JSON pointer', () => {
    const errors = validate({ role: 'boss', purpose: {}, at: 'yesterday', extra: 1 });
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/at', '/extra', '/purpose/caseNo', '/role']);
  });
});
