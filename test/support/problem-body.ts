/**
 * The exact problem+json answer of a refused request (RFC 9457, DESIGN §7): the stable code, its
 * type URN, the status and title of the one code → status table, a detail, the path and a request
 * id — and nothing else unless the code documents extension members.
 */
import { expect } from 'vitest';

export async function expectProblem(
  response: Response,
  expected: { status: number; title: string; code: string; instance: string },
  extensions: Record<string, unknown> = {},
): Promise<void> {
  expect(response.status).toBe(expected.status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(await response.json()).toEqual({
    type: `urn:zhengzhao:problem:${expected.code}`,
    title: expected.title,
    status: expected.status,
    code: expected.code,
    detail: expect.any(String),
    instance: expected.instance,
    requestId: expect.any(String),
    ...extensions,
  });
}
