/**
 * @module core/bus/delivery-policy
 * What a bus adapter does with a batch once it has fetched it, shared by the Kafka and in-memory
 * adapters so both honour the `MessageBus` delivery contract the same way:
 *
 * - success → the messages are finished;
 * - a message the handler marks with a non-retriable error → dead-lettered and finished;
 * - the whole batch rejected with a non-retriable error → the rest of the batch is redelivered one
 *   message at a time, so only the poison message is dead-lettered;
 * - a retriable error → the batch is retried from the failing message with exponential backoff and
 *   jitter, for as long as the consumer runs; it is never dead-lettered. Stopping ends the wait.
 * - a dead letter the bus refuses for good (e.g. over the broker's size limit once sealed and the
 *   DLQ headers added) → a truncated copy is dead-lettered instead, naming the original's size and
 *   keyed digest: one oversized message must not stall its partition behind an endless retry.
 *
 * What a dead letter carries (the original sealed, never in clear) is `dead-letter-sealer.ts`'s.
 *
 * Finished messages are always a prefix of the batch (per-key order forbids skipping ahead), and
 * `onFinished` reports them one by one so the adapter can resolve offsets as progress is made.
 */
import { HubError, isRetriable } from '../errors.js';
import { assertBackoff, backoffDelay, sleep } from '../retry/retry.js';
import type { Logger } from '../ports/logger.js';
import type { BatchHandler, InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import type { DeadLetterSealer } from './dead-letter-sealer.js';

export interface RetryBackoff {
  /** Delay after the first retriable failure. Default 200 ms. */
  baseMs?: number;
  /** Ceiling of the exponential growth. Default 30 s. */
  maxMs?: number;
  /** Share of each delay that is randomised (0–1), so consumers don't retry in lockstep. Default 0.2. */
  jitter?: number;
}

export interface DeliveryPolicyOptions {
  logger: Logger;
  /** Makes each dead letter; the original is sealed in it. */
  deadLetters: DeadLetterSealer;
  retry?: RetryBackoff;
  /** Source of randomness for the jitter; tests pin it. */
  random?: () => number;
}

export interface Delivery {
  /** Messages of one partition, in offset order. */
  messages: readonly InboundMessage[];
  handleBatch: BatchHandler;
  /** The topic as the broker names it (prefixed), for the `source-topic` header. */
  sourceTopic: string;
  /**
   * Durably writes a dead letter. A retriable rejection is retried with backoff; a permanent one
   * (non-retriable) is answered by writing a truncated copy instead.
   */
  deadLetter(message: OutgoingMessage): Promise<void>;
  /** Called in order for every message once it is handled or dead-lettered. */
  onFinished(message: InboundMessage): void;
  /** Aborting ends the delivery at the next step; unfinished messages stay unfinished. */
  signal: AbortSignal;
  /** Polled between steps: e.g. Kafka's `isRunning() && !isStale()`. */
  isActive?: () => boolean;
  /** Keeps group membership alive during long work; its rejection abandons the batch. */
  heartbeat?: () => Promise<void>;
  heartbeatIntervalMs?: number;
}

export interface DeliveryOutcome {
  /** Messages finished from the start of the batch; the rest must be delivered again. */
  finished: number;
  deadLettered: number;
}

export interface DeliveryPolicy {
  deliver(delivery: Delivery): Promise<DeliveryOutcome>;
}

/** How often a backoff wakes up to poll `isActive`. */
const POLL_MS = 250;

export function createDeliveryPolicy(options: DeliveryPolicyOptions): DeliveryPolicy {
  const backoff = { baseMs: options.retry?.baseMs ?? 200, maxMs: options.retry?.maxMs ?? 30_000, jitter: options.retry?.jitter ?? 0.2 };
  assertBackoff(backoff);
  const backoffMs = (failures: number) => backoffDelay(failures, backoff, options.random);

  return {
    async deliver(delivery) {
      const run = new DeliveryRun(delivery, options.logger, options.deadLetters, backoffMs);
      try {
        await run.execute();
      } finally {
        run.dispose();
      }
      return { finished: run.next, deadLettered: run.deadLettered };
    },
  };
}

class DeliveryRun {
  next = 0;
  deadLettered = 0;
  private failures = 0;
  private isolating = false;
  private heartbeatError: unknown;
  private readonly ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly d: Delivery,
    private readonly logger: Logger,
    private readonly letters: DeadLetterSealer,
    private readonly backoffMs: (failures: number) => number,
  ) {
    const { heartbeat } = d;
    if (heartbeat) {
      let beating = false;
      // A timer, not calls between steps: a handler may run longer than the session timeout.
      this.ticker = setInterval(() => {
        if (beating || this.heartbeatError !== undefined) return;
        beating = true;
        heartbeat().then(
          () => (beating = false),
          (error: unknown) => (this.heartbeatError = error),
        );
      }, d.heartbeatIntervalMs ?? 1000);
    }
  }

  dispose(): void {
    clearInterval(this.ticker);
  }

  async execute(): Promise<void> {
    const { messages } = this.d;
    while (this.next < messages.length && this.active()) {
      const slice = this.isolating ? messages.slice(this.next, this.next + 1) : messages.slice(this.next);
      const outcome = await this.attempt(slice);
      this.throwIfHeartbeatFailed();
      if ('thrown' in outcome) {
        await this.onThrown(slice, outcome.thrown);
        continue;
      }
      for (const [index, error] of outcome.results.entries()) {
        const message = slice[index] as InboundMessage;
        if (error === undefined) {
          this.finish(message);
        } else if (isRetriable(error)) {
          await this.pause(error, message);
          break;
        } else if (!(await this.deadLetter(message, error))) {
          return;
        }
      }
    }
  }

  private async attempt(slice: readonly InboundMessage[]): Promise<{ results: ReadonlyArray<Error | undefined> } | { thrown: unknown }> {
    try {
      const results = await this.d.handleBatch(slice);
      if (results === undefined) return { results: slice.map(() => undefined) };
      if (results.length !== slice.length) {
        return { thrown: new TypeError(`handler returned ${results.length} results for ${slice.length} messages`) };
      }
      return { results };
    } catch (thrown) {
      return { thrown };
    }
  }

  private async onThrown(slice: readonly InboundMessage[], thrown: unknown): Promise<void> {
    const first = slice[0] as InboundMessage;
    if (isRetriable(thrown)) {
      await this.pause(thrown, first);
    } else if (slice.length > 1) {
      this.logger.warn(
        { topic: this.d.sourceTopic, partition: first.partition, offset: first.offset, size: slice.length, code: codeOf(thrown) },
        'batch rejected; redelivering its messages one by one to isolate the failure',
      );
      this.isolating = true;
    } else {
      await this.deadLetter(first, thrown);
    }
  }

  private finish(message: InboundMessage): void {
    this.d.onFinished(message);
    this.next += 1;
    this.failures = 0;
  }

  /** Dead-letters and finishes `message`; false when stopped before the dead letter was written. */
  private async deadLetter(message: InboundMessage, error: unknown): Promise<boolean> {
    const where = { topic: this.d.sourceTopic, partition: message.partition, offset: message.offset };
    let truncated = false;
    for (;;) {
      try {
        await this.d.deadLetter(this.letters.seal(message, error, this.d.sourceTopic, { truncated }));
        break;
      } catch (dlqError) {
        if (!isRetriable(dlqError) && !truncated) {
          this.logger.warn(
            { ...where, size: message.value.length, code: codeOf(dlqError), err: dlqError },
            'dead letter refused; writing a truncated copy',
          );
          truncated = true;
          continue;
        }
        if (!(await this.pause(dlqError, message, 'dead-letter write failed; retrying'))) return false;
      }
    }
    // Internal detail goes to the log only; the dead letter carries the public detail.
    const log = error instanceof HubError ? this.logger.warn : this.logger.error;
    log.call(this.logger, { ...where, code: codeOf(error), err: error }, 'message dead-lettered');
    this.deadLettered += 1;
    this.finish(message);
    return true;
  }

  /** Waits out the backoff for the next attempt; false when the delivery stopped meanwhile. */
  private async pause(error: unknown, message: InboundMessage, msg = 'retriable failure; retrying'): Promise<boolean> {
    const delayMs = this.backoffMs(this.failures);
    this.failures += 1;
    this.logger.warn(
      {
        topic: this.d.sourceTopic,
        partition: message.partition,
        offset: message.offset,
        attempt: this.failures,
        delayMs,
        code: codeOf(error),
        err: error,
      },
      msg,
    );
    const until = Date.now() + delayMs;
    while (this.active() && Date.now() < until) {
      await sleep(Math.min(POLL_MS, until - Date.now()), this.d.signal);
      this.throwIfHeartbeatFailed();
    }
    return this.active();
  }

  private active(): boolean {
    return !this.d.signal.aborted && (this.d.isActive?.() ?? true);
  }

  private throwIfHeartbeatFailed(): void {
    if (this.heartbeatError !== undefined) throw this.heartbeatError;
  }
}

function codeOf(error: unknown): string {
  return error instanceof HubError ? error.code : 'ERR_INTERNAL';
}
