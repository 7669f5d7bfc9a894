/**
 * @module logging/create-logger
 * The process logger: pino JSON lines on stdout. Secrets are redacted by path, and every string that
 * looks like a 居民身份证号 (18 chars, 17 digits + digit/X) is masked before it is written, so a
 * personal ID number that slips into an error message or a payload still never reaches the log.
 * On a terminal the same records are printed for a person by pino-pretty (after redaction and
 * scrubbing, which happen before any destination).
 */
import { pino } from 'pino';
import PinoPretty from 'pino-pretty';
import type { Logger } from '../core/ports/logger.js';

const RESIDENT_ID = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])/g;

/** Replace anything shaped like a resident ID number, keeping the first 6 (region) chars. */
export function scrubPersonalIds(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(RESIDENT_ID, (m) => `${m.slice(0, 6)}************`);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubPersonalIds(value.message, depth + 1), stack: scrubPersonalIds(value.stack, depth + 1) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubPersonalIds(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubPersonalIds(v, depth + 1);
  return out;
}

export function createLogger(options: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  const destination = options.pretty
    ? PinoPretty({
        colorize: !options.destination,
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,service',
        sync: true,
        ...(options.destination ? { destination: options.destination } : {}),
      })
    : options.destination;
  return pino(
    {
      level: options.level,
      base: { service: 'zhengzhao' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'authorization',
          'token',
          'password',
          'passphrase',
          '*.authorization',
          '*.token',
          '*.password',
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubPersonalIds(object) as Record<string, unknown>,
      },
      hooks: {
        // The message string is outside `formatters.log`; scrub it too.
        logMethod(args, method) {
          method.apply(this, args.map((a) => scrubPersonalIds(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  ) as unknown as Logger;
}
