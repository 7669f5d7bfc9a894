/**
 * @module http/problem
 * RFC 9457 problem details. The one table mapping stable error codes to HTTP status lives here;
 * every error leaving the hub goes through `toProblem`. Unknown errors become a bare 500 that
 * echoes nothing: their detail goes to the log under the request id, never to the caller.
 */
import { HubError, type FieldError } from '../core/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** code → HTTP status. A HubError code missing here is a bug (a unit test checks them all). */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ERR_INTERNAL: 500,
  ERR_VALIDATION: 422,
  ERR_MALFORMED_REQUEST: 400,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_ROUTE_NOT_FOUND: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_UNAUTHENTICATED: 401,
  ERR_INVALID_TOKEN: 401,
  ERR_FORBIDDEN: 403,
  ERR_CONFLICT: 409,
  ERR_NOT_FOUND: 404,
  ERR_RATE_LIMITED: 429,
  ERR_DEPENDENCY_UNAVAILABLE: 503,
  ERR_MALFORMED_MESSAGE: 400,
  ERR_SHUTTING_DOWN: 503,
  ERR_NOT_READY: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemType(code: string): string {
  return `urn:zhengzhao:problem:${code}`;
}

export function toProblem(error: unknown, context: { instance?: string; requestId?: string } = {}): ProblemBody {
  if (!(error instanceof HubError)) {
    return {
      type: problemType('ERR_INTERNAL'),
      title: TITLES[500] as string,
      status: 500,
      detail: 'an unexpected error occurred; quote the request id when reporting it',
      code: 'ERR_INTERNAL',
      ...context,
    };
  }
  const status = STATUS_BY_CODE[error.code] ?? 500;
  return {
    ...error.extra,
    type: problemType(error.code),
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.detail,
    code: error.code,
    ...context,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}
