/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import * as errors from '../core/errors.js';
import { HubError, ValidationError } from '../core/errors.js';
import { STATUS_BY_CODE, toProblem } from './problem.js';

const errorModules = import.meta.glob('../core/**/*errors.ts', { eager: true }) as Record<string, Record<string, unknown>>;

function allHubErrorClasses(): (typeof HubError)[] {
  const exported = [errors, ...Object.values(errorModules)].flatMap((m) => Object.values(m));
  return exported.filter((value): value is typeof HubError => typeof value === 'function' && value.prototype instanceof HubError);
}

describe('problem details', () => {
  it('maps every HubError code in core to a status', () => {
    const classes = allHubErrorClasses();
    expect(classes.length).toBeGreaterThan(10);
    const unmapped = classes.map((c) => c.code).filter((code) => STATUS_BY_CODE[code] === undefined);
    expect(unmapped).toEqual([]);
  });

  it('keeps the public detail, code and field errors of a HubError', () => {
    const body = toProblem(new ValidationError('bad', { errors: [{ pointer: '/a', detail: 'is required' }] }), {
      requestId: 'r1',
    });
    expect(body).toEqual({
      type: 'urn:zhengzhao:problem:ERR_VALIDATION',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'bad',
      code: 'ERR_VALIDATION',
      requestId: 'r1',
      errors: [{ pointer: '/a', detail: 'is required' }],
    });
  });

  it('echoes nothing of an unknown error', () => {
    const body = toProblem(new Error('password=hunter2 at db.internal:5432'));
    expect(body.status).toBe(500);
    expect(body.code).toBe('ERR_INTERNAL');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('db.internal');
  });

  it('does not let extension members override the standard ones', () => {
    const body = toProblem(new ValidationError('x', { extra: { status: 200, code: 'OK', expected: 'Y' } }));
    expect(body).toMatchObject({ status: 422, code: 'ERR_VALIDATION', expected: 'Y' });
  });
});
