/**
 * Loggers that keep what a hub under test reports, so a reliability test can wait on what the hub
 * is going through or assert that nothing went wrong.
 */
import type { Logger } from '../../src/core/ports/logger.js';

/** A logger keeping what a hub reports at `error`, with its fields: errors nobody should see in normal operation. */
export function errorLogger(): { logger: Logger; errors: { msg: string; fields: object }[] } {
  const errors: { msg: string; fields: object }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (fields, msg) => void errors.push({ msg: msg ?? '', fields }),
    child: () => logger,
  };
  return { logger, errors };
}

/** A logger keeping the warnings and errors a hub reports, to wait on what it is going through. */
export function recordingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const note = (_fields: object, msg?: string) => void (msg !== undefined && messages.push(msg));
  const logger: Logger = { debug: () => {}, info: () => {}, warn: note, error: note, child: () => logger };
  return { logger, messages };
}
