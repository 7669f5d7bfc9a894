/**
 * @module errors
 * Every failure the SDK reports carries a stable `code`, so a department system can branch on it
 * without parsing text: mistakes in the connector config, payloads that break the hub's contract
 * (caught before sealing, with JSON pointers), refusals by the hub (its own problem code), and a
 * hub that could not be reached in time. `retriable` says whether the same call may succeed later.
 */

/** One problem at one place: a JSON pointer into the payload (or config) and what is wrong there. */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

export class ConnectorError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** connector.json (or a PEM file it names) is wrong; every problem is listed at once. */
export class ConnectorConfigError extends ConnectorError {
  constructor(
    readonly file: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super('ERR_CONNECTOR_CONFIG', `${file}: ${problems.map((p) => `${p.pointer || '/'} ${p.detail}`).join('; ')}`);
  }
}

/** The payload does not match the hub's contract; nothing was sealed or sent. */
export class ContractViolationError extends ConnectorError {
  constructor(
    message: string,
    readonly errors: readonly FieldProblem[],
    code = 'ERR_VALIDATION',
  ) {
    super(code, `${message}: ${errors.map((e) => `${e.pointer || '/'} ${e.detail}`).join('; ')}`);
  }
}

/** The hub answered with a refusal (problem+json over HTTP, `ok: false` on licenses.results). */
export class HubRefusalError extends ConnectorError {
  constructor(
    code: string,
    readonly detail: string,
    readonly status: number | undefined,
    readonly errors: readonly FieldProblem[] = [],
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(code, `${code}: ${detail}`, { retriable: status === undefined ? false : status === 429 || status >= 500 });
  }
}

/** The hub or the broker did not answer (network, timeout); the call may be repeated safely. */
export class HubUnavailableError extends ConnectorError {
  constructor(message: string, cause?: unknown) {
    super('ERR_HUB_UNAVAILABLE', message, { retriable: true, cause });
  }
}
