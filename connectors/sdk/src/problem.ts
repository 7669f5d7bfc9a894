/**
 * @module problem
 * Reads the hub's RFC 9457 problem+json answers into code, detail, field errors and the extra
 * members some codes carry (e.g. the current `status` of a licence on ERR_LICENSE_TRANSITION).
 * A body that is not a problem still yields a code, so callers always have something to branch on.
 */
import type { FieldProblem } from './errors.js';

export interface Problem {
  code: string;
  detail: string;
  errors: FieldProblem[];
  extra: Record<string, unknown>;
}

export async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const { code, detail, title, errors, type: _type, status: _status, instance: _instance, ...extra } = body;
    return {
      code: typeof code === 'string' ? code : `ERR_HTTP_${response.status}`,
      detail: typeof detail === 'string' ? detail : typeof title === 'string' ? title : response.statusText,
      errors: Array.isArray(errors) ? (errors as FieldProblem[]) : [],
      extra,
    };
  } catch {
    return { code: `ERR_HTTP_${response.status}`, detail: text.slice(0, 500) || response.statusText, errors: [], extra: {} };
  }
}
