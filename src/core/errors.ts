/**
 * @module core/errors
 * Every failure the hub reports has a class here with a stable `code` that clients may branch on,
 * a `retriable` flag that consumers and callers use to decide between retry and dead-letter, a
 * public `detail` safe to show a caller, and optional `errors[]` of JSON-pointer validation details.
 * The HTTP status for each code lives in one table in `http/problem.ts`, not here.
 */

export interface FieldError {
  /** RFC 6901 JSON pointer into the request, e.g. `/holder/id`. */
  pointer: string;
  detail: string;
}

export interface HubErrorOptions {
  /** Internal detail for logs only; never sent to the caller. */
  cause?: unknown;
  errors?: FieldError[];
  /** Extra public members for the problem body (e.g. `expected` check char, `retryAfter`). */
  extra?: Record<string, unknown>;
}

export class HubError extends Error {
  /** Stable machine-readable code, `ERR_*`. */
  static code = 'ERR_INTERNAL';
  readonly code: string;
  readonly retriable: boolean = false;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(detail: string, options: HubErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = (new.target as typeof HubError).code;
    this.errors = options.errors;
    this.extra = options.extra;
  }

  /** The public, caller-safe text. */
  get detail(): string {
    return this.message;
  }
}

export class ValidationError extends HubError {
  static override code = 'ERR_VALIDATION';
}

export class MalformedRequestError extends HubError {
  static override code = 'ERR_MALFORMED_REQUEST';
}

export class UnsupportedMediaTypeError extends HubError {
  static override code = 'ERR_UNSUPPORTED_MEDIA_TYPE';
}

export class PayloadTooLargeError extends HubError {
  static override code = 'ERR_PAYLOAD_TOO_LARGE';
}

export class RouteNotFoundError extends HubError {
  static override code = 'ERR_ROUTE_NOT_FOUND';
}

export class MethodNotAllowedError extends HubError {
  static override code = 'ERR_METHOD_NOT_ALLOWED';
}

export class UnauthenticatedError extends HubError {
  static override code = 'ERR_UNAUTHENTICATED';
}

export class InvalidTokenError extends HubError {
  static override code = 'ERR_INVALID_TOKEN';
}

export class ForbiddenError extends HubError {
  static override code = 'ERR_FORBIDDEN';
}

export class NotFoundError extends HubError {
  static override code = 'ERR_NOT_FOUND';
}

/** The database or broker could not be reached or timed out; the same request may succeed later. */
export class DependencyUnavailableError extends HubError {
  static override code = 'ERR_DEPENDENCY_UNAVAILABLE';
  override readonly retriable = true;
}

/** A message on the bus could not be decoded at all (not JSON, missing fields). */
export class MalformedMessageError extends HubError {
  static override code = 'ERR_MALFORMED_MESSAGE';
}

/**
 * The bus refused a message for good (Kafka: MESSAGE_TOO_LARGE, an invalid record): sending the same
 * bytes again can never succeed, so retrying would stall the partition behind it forever.
 */
export class MessageRefusedError extends HubError {
  static override code = 'ERR_BUS_MESSAGE_REFUSED';
}

/** A readiness probe failed: a dependency the hub needs is down. */
export class NotReadyError extends HubError {
  static override code = 'ERR_NOT_READY';
  override readonly retriable = true;
}

export class ShuttingDownError extends HubError {
  static override code = 'ERR_SHUTTING_DOWN';
  override readonly retriable = true;
}

/** Whether an unknown thrown value may succeed on retry (HubError flag; everything else: no). */
export function isRetriable(error: unknown): boolean {
  return error instanceof HubError && error.retriable;
}
