/**
 * @module core/topics
 * The hub's logical topics (DESIGN §3). Adapters prefix them with `KAFKA_TOPIC_PREFIX`.
 */
import type { DeadLetterHeaders as DeadLetterHeaderContract } from './payloads/dead-letter-headers.js';
import type { TopicSpec } from './ports/message-bus.js';

export const Topics = {
  licenseSubmit: 'licenses.submit',
  licenseResults: 'licenses.results',
  licenseEvents: 'licenses.events',
  caseEvents: 'cases.events',
  caseMilestones: 'cases.milestones',
  deadLetter: 'dlq',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

const WEEK_MS = String(7 * 24 * 3600 * 1000);
const DAY_MS = String(24 * 3600 * 1000);

/** Created explicitly at start; brokers run with auto-creation off. */
export const hubTopics: readonly TopicSpec[] = [
  { name: Topics.licenseSubmit, partitions: 6, config: { 'retention.ms': WEEK_MS } },
  { name: Topics.licenseResults, partitions: 6, config: { 'retention.ms': WEEK_MS } },
  { name: Topics.licenseEvents, partitions: 6, config: { 'retention.ms': String(30 * 24 * 3600 * 1000) } },
  { name: Topics.caseMilestones, partitions: 6, config: { 'retention.ms': WEEK_MS } },
  { name: Topics.caseEvents, partitions: 6, config: { 'retention.ms': String(30 * 24 * 3600 * 1000) } },
  { name: Topics.deadLetter, partitions: 1, config: { 'retention.ms': String(30 * 24 * 3600 * 1000) } },
];

/**
 * Headers the dead-letter topic carries (DESIGN §3); checked against the contract's names. The value
 * is the original message sealed (core/bus/dead-letter-sealer); these say what it was.
 */
export const DeadLetterHeaders = {
  errorCode: 'error-code',
  errorDetail: 'error-detail',
  sourceTopic: 'source-topic',
  sourcePartition: 'source-partition',
  sourceOffset: 'source-offset',
  /** Set when the bus refused the full copy: the sealed value is the original cut short. */
  truncated: 'truncated',
  originalSize: 'original-size',
  /** The hub's keyed digest of the original value (never a plain hash: it may hold an ID number). */
  originalDigest: 'original-digest',
  /** The hub key that sealed the value. */
  sealedKeyId: 'sealed-key-id',
  /** The original's transport id, kept in clear when it is one (visible ASCII, 1–128). */
  messageId: 'message-id',
} as const satisfies Record<string, keyof DeadLetterHeaderContract>;

/** The exchange of data and of verifications over the bus (second wave). */
export const ExchangeTopics = {
  dataRequests: 'data.requests',
  dataResponses: 'data.responses',
  verificationRequests: 'verifications.requests',
  verificationResults: 'verifications.results',
} as const;

/** Exchange traffic is answered in seconds or never: a day of retention is plenty to debug by. */
export const exchangeTopics: readonly TopicSpec[] = Object.values(ExchangeTopics).map((name) => ({
  name,
  partitions: 6,
  config: { 'retention.ms': DAY_MS },
}));

/**
 * Where a department's verifications over Kafka are answered: its own topic, so no department reads
 * another's answers (which name licences and cases). Made for every department, at start and on
 * registration. Callers without a department are answered on the shared `verifications.results`.
 */
export const verificationResultsTopic = (uscc: string) => `verifications.${uscc}.results`;

/** A department's own exchange topic (`data.<uscc>.requests` / `.responses`), made when it joins the exchange. */
export function departmentTopic(name: string): TopicSpec {
  return { name, partitions: 3, config: { 'retention.ms': DAY_MS } };
}
