/**
 * @module kafka/kafka-log
 * kafkajs' log lines, into our logger at the level an operator should see them at. kafkajs logs
 * every error *response* of the broker at `error`, including those it handles itself as a matter of
 * course: a heartbeat answered "the group is rebalancing" whenever an instance joins or leaves, a
 * coordinator still loading after a start. Those are how a consumer group works, so they go out at
 * `warn`; `error` stays for what needs a person (see README, operating several instances).
 */
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../core/ports/logger.js';

/**
 * kafkajs warns once per producer that bounded retries may break its idempotence; replacing the
 * producer after a failed send (kafka-bus.ts) is what keeps that sound, so the warning is only noise.
 */
const EXPECTED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/**
 * Group membership churn: REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR,
 * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, as kafkajs words them; it rejoins on its own.
 */
const MEMBERSHIP_CHURN = /rebalanc|rejoin|re-joining|coordinator|generation id/i;

export function isMembershipChurn(text: unknown): boolean {
  return typeof text === 'string' && MEMBERSHIP_CHURN.test(text);
}

export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const entry = { namespace, ...fields };
      if (EXPECTED_WARNINGS.has(message)) logger.debug(entry, message);
      else if (level === logLevel.ERROR && !isMembershipChurn(message) && !isMembershipChurn(fields.error)) logger.error(entry, message);
      else logger.warn(entry, message);
    };
}
