/**
 * @module contracts/asyncapi
 * The AsyncAPI 3.0 description of the hub's Kafka topics (core/topics.ts), built from the same
 * registry that validates the messages, so /asyncapi.json cannot describe a payload the hub would
 * refuse. Topic names carry the deployment's prefix as the `topicPrefix` parameter. Contracts are
 * embedded under components.schemas in JSON Schema 2020-12 (multi-format schema objects), bundled
 * (contracts/contract-bundle) so every `$ref` resolves inside the document without fetching
 * anything. Servers are left out: brokers are a deployment matter (KAFKA_BROKERS).
 */
import { readFileSync } from 'node:fs';
import { packagePath } from '../config/package-root.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import { DeadLetterHeaders, hubTopics, Topics } from '../core/topics.js';
import { exchangeAsyncApi } from './asyncapi-exchange.js';
import { createContractBundle } from './contract-bundle.js';

const SCHEMA_FORMAT = 'application/schema+json;version=draft-2020-12';
const KAFKA_BINDING_VERSION = '0.5.0';

export interface AsyncApiOptions {
  /** KAFKA_TOPIC_PREFIX of this deployment, the default of the `topicPrefix` parameter. */
  topicPrefix: string;
  /** Defaults to the package version. */
  version?: string;
}

type ChannelKey = keyof typeof Topics;

export function buildAsyncApiDocument(registry: ContractRegistry, options: AsyncApiOptions): Record<string, unknown> {
  // The multi-format wrapper holds the schema one level down: contracts point at it there.
  const bundle = createContractBundle(registry, (name) => `#/components/schemas/${name}/schema`);
  for (const entry of registry.list()) bundle.include(entry.id);
  const ref = (id: string) => ({ $ref: bundle.include(id).replace(/\/schema$/, '') });
  const definitions = (registry.get(ContractIds.definitions)?.schema.$defs ?? {}) as Record<string, { pattern?: string }>;

  const exchange = exchangeAsyncApi(ref, definitions.uscc?.pattern);
  const messages = {
    ...exchange.messages,
    licenseSubmission: {
      name: 'licenseSubmission',
      title: '证照提交 Licence submission',
      summary: 'A licence sealed by its issuing department, as a compact JWS.',
      description:
        'The value is a compact JWS (protected header `alg` ES256/ES384/EdDSA, `typ: "zz-license+jws"`, `x5c` with the seal certificate first) whose payload is a licence valid against the contract of its `typeCode` (see `x-jws-payload`). The hub answers every message on `licenses.results`, correlated by `message-id`; messages it cannot parse or verify go to `dlq`.',
      contentType: 'application/jose',
      headers: ref(ContractIds.licenseSubmitHeaders),
      payload: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$' },
      bindings: {
        kafka: {
          key: { type: 'string', pattern: definitions.uscc?.pattern, description: 'issuer credit code' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
      'x-jws-payload': { oneOf: registry.licenseTypes().map((type) => ref(type.schemaId)) },
    },
    licenseSubmitResult: {
      name: 'licenseSubmitResult',
      title: '证照提交结果 Licence submission result',
      summary: 'The answer to one submission: the licence identifier, or an error code.',
      contentType: 'application/json',
      payload: ref(ContractIds.licenseSubmitResult),
      bindings: {
        kafka: {
          key: { type: 'string', description: 'the key of the submission (issuer credit code)' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    },
    licenseEvent: {
      name: 'licenseEvent',
      title: '证照生命周期事件 Licence lifecycle event',
      summary: 'Issued, status changed, replaced or expired; metadata only, no personal data.',
      contentType: 'application/json',
      payload: ref(ContractIds.licenseEvent),
      bindings: {
        kafka: {
          key: { type: 'string', pattern: definitions.licenseId?.pattern, description: 'licence identifier' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    },
    caseMilestone: {
      name: 'caseMilestone',
      title: '办件节点 Case milestone',
      summary: 'A milestone of a case, sealed by the reporting department.',
      description:
        'The value is a compact JWS (`typ: "zz-case-milestone+jws"`, `x5c` with the seal certificate first) whose payload follows the case-milestone contract (see `x-jws-payload`). Keyed by the sealing department; redeliveries are recognised by `message-id`; what cannot be applied goes to `dlq` with its error code.',
      contentType: 'application/jose',
      headers: ref(ContractIds.licenseSubmitHeaders),
      payload: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$' },
      bindings: {
        kafka: {
          key: { type: 'string', pattern: definitions.uscc?.pattern, description: 'sealing department credit code' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
      'x-jws-payload': ref(ContractIds.caseMilestone),
    },
    caseEvent: {
      name: 'caseEvent',
      title: '办件事件 Case event',
      summary: 'For the department of a case: e.g. a licence the open case relied on changed status; no applicant data.',
      contentType: 'application/json',
      payload: ref(ContractIds.caseEvent),
      bindings: {
        kafka: {
          key: { type: 'string', description: 'case number (办件编号)' },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    },
    deadLetter: {
      name: 'deadLetter',
      title: '死信 Dead letter',
      summary: 'A message the hub could not process, with the reason in its headers.',
      description:
        'The original key, headers and value of the failed message, sealed with the hub body key (AES-256-GCM): nothing of ' +
        `the original is in clear. The headers give the reason (\`${DeadLetterHeaders.errorCode}\`, \`${DeadLetterHeaders.errorDetail}\`), ` +
        `the source (\`${DeadLetterHeaders.sourceTopic}\`, \`${DeadLetterHeaders.sourcePartition}\`, \`${DeadLetterHeaders.sourceOffset}\`), ` +
        `the original's size and keyed digest and the sealing key id. A security admin opens one with POST /v1/dead-letters/open (audited).`,
      contentType: 'text/plain',
      headers: ref(ContractIds.deadLetterHeaders),
      payload: { type: 'string', description: 'the original message, sealed (opaque text)' },
    },
  };

  const channel = (key: ChannelKey, title: string, message: keyof typeof messages) => {
    const spec = hubTopics.find((topic) => topic.name === Topics[key]);
    return {
      address: `{topicPrefix}${Topics[key]}`,
      title,
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
      parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
      bindings: {
        kafka: {
          partitions: spec?.partitions,
          topicConfiguration: { 'retention.ms': Number(spec?.config?.['retention.ms']) },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
  };

  const operation = (action: 'send' | 'receive', key: ChannelKey, message: keyof typeof messages, summary: string) => ({
    action,
    channel: { $ref: `#/channels/${key}` },
    messages: [{ $ref: `#/channels/${key}/messages/${message}` }],
    summary,
  });

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'zhengzhao 证照交换枢纽 — Kafka topics',
      version: options.version ?? packageVersion(),
      description:
        'Departments submit sealed licences on `licenses.submit`; the hub answers on `licenses.results`, publishes lifecycle events on `licenses.events`, tells the department of a case on `cases.events` when something under it changed, and dead-letters what it cannot process on `dlq`. Departments ask each other for data through the hub on the `data.*` topics (only granted fields come back) and verify licences on `verifications.requests`, answered on their own `verifications.<department>.results`. Delivery is at least once; consumers deduplicate by `message-id` and `eventId`. Topics are created by the hub, never auto-created.',
    },
    defaultContentType: 'application/json',
    channels: {
      licenseSubmit: channel('licenseSubmit', '证照提交 Licence submissions', 'licenseSubmission'),
      licenseResults: channel('licenseResults', '提交结果 Submission results', 'licenseSubmitResult'),
      licenseEvents: channel('licenseEvents', '证照事件 Licence events', 'licenseEvent'),
      caseMilestones: channel('caseMilestones', '办件节点 Case milestones', 'caseMilestone'),
      caseEvents: channel('caseEvents', '办件事件 Case events', 'caseEvent'),
      deadLetter: channel('deadLetter', '死信 Dead letters', 'deadLetter'),
      ...exchange.channels,
    },
    operations: {
      consumeLicenseSubmissions: operation('receive', 'licenseSubmit', 'licenseSubmission', 'The hub consumes sealed licences.'),
      publishSubmitResults: operation('send', 'licenseResults', 'licenseSubmitResult', 'The hub answers each submission.'),
      publishLicenseEvents: operation('send', 'licenseEvents', 'licenseEvent', 'The hub publishes lifecycle events from its outbox.'),
      consumeCaseMilestones: operation('receive', 'caseMilestones', 'caseMilestone', 'The hub consumes sealed case milestones.'),
      publishCaseEvents: operation('send', 'caseEvents', 'caseEvent', 'The hub tells the department of a case what changed under it.'),
      publishDeadLetters: operation('send', 'deadLetter', 'deadLetter', 'The hub dead-letters messages it cannot process.'),
      ...exchange.operations,
    },
    components: {
      parameters: {
        topicPrefix: {
          description: 'KAFKA_TOPIC_PREFIX of the deployment, prepended to every topic name.',
          default: options.topicPrefix,
          examples: [options.topicPrefix],
        },
        ...exchange.parameters,
      },
      messages,
      schemas: Object.fromEntries(
        Object.entries(bundle.components()).map(([name, schema]) => [name, { schemaFormat: SCHEMA_FORMAT, schema }]),
      ),
    },
  };
}

let cachedVersion: string | undefined;

function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
