import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../core/ports/logger.js';
import { kafkaLogCreator } from './kafka-log.js';

function capture() {
  const lines: { level: string; msg?: string }[] = [];
  const at = (level: string) => (_fields: object, msg?: string) => void lines.push({ level, msg });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  const log = kafkaLogCreator(logger)(logLevel.WARN);
  const write = (level: logLevel, message: string, error?: string) =>
    log({
      namespace: 'Connection',
      level,
      label: 'ERROR',
      log: { message, timestamp: '', logger: 'kafkajs', ...(error ? { error } : {}) },
    });
  return { lines, write };
}

describe('kafkajs log lines', () => {
  it('logs the broker answers of an ordinary rebalance at warn, not error', () => {
    const { lines, write } = capture();
    // What a joining or leaving instance makes the others log (seen on a real broker).
    write(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', 'The group is rebalancing, so a rejoin is needed');
    write(
      logLevel.ERROR,
      'Response InitProducerId(key: 22, version: 1)',
      "The coordinator is loading and hence can't process requests for this group",
    );
    write(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'warn']);
  });

  it('keeps real failures at error and the idempotence notice at debug', () => {
    const { lines, write } = capture();
    write(logLevel.ERROR, 'Failed to connect to broker, reconnecting');
    write(
      logLevel.ERROR,
      'Response Produce(key: 0, version: 7)',
      'The request included a message larger than the max message size the server will accept',
    );
    write(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees');
    expect(lines.map((l) => l.level)).toEqual(['error', 'error', 'debug']);
  });
});
