/**
 * @module core/ports/logger
 * The structured logger the core and adapters write to; pino satisfies it. Messages are objects
 * first so fields stay queryable. Never pass secrets or personal ID numbers: the process logger
 * additionally scrubs anything shaped like a 居民身份证号 as a last line of defence.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything; for tests and tools that must stay quiet. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
