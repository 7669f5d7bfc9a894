import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { ContractIds } from '../core/contracts/contract-ids.js';
import { ExchangeTopics, hubTopics, Topics } from '../core/topics.js';
import { buildAsyncApiDocument } from './asyncapi.js';
import { createSchemaRegistry } from './schema-registry.js';

const registry = createSchemaRegistry();
/** Every topic the hub makes: its own, the exchange's shared ones, and the per-department ones. */
const ADDRESSES = [
  ...Object.values(Topics),
  ...Object.values(ExchangeTopics),
  'data.{department}.requests',
  'data.{department}.responses',
  'verifications.{department}.results',
];
const doc = buildAsyncApiDocument(registry, { topicPrefix: 'zz.' }) as {
  asyncapi: string;
  info: { version: string };
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }>; bindings: { kafka: { partitions: number } } }>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: {
    parameters: { topicPrefix: { default: string } };
    messages: Record<string, { payload: unknown; headers?: { $ref: string }; bindings?: { kafka: { key: { pattern?: string } } } }>;
    schemas: Record<string, { schemaFormat: string; schema: { $id?: string; title?: string } }>;
  };
};

/** Follows a local `#/…` reference inside the document. */
const follow = (ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);

describe('AsyncAPI document', () => {
  it('is AsyncAPI 3.0 with one channel per hub topic, prefixed by a parameter', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(doc.channels)).toHaveLength(ADDRESSES.length);
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(ADDRESSES.map((t) => `{topicPrefix}${t}`).sort());
    expect(doc.components.parameters.topicPrefix.default).toBe('zz.');
    for (const spec of hubTopics) {
      const channel = Object.values(doc.channels).find((c) => c.address === `{topicPrefix}${spec.name}`);
      expect(channel?.bindings.kafka.partitions).toBe(spec.partitions);
    }
  });

  it('resolves every reference inside the document, those of the embedded contracts included', () => {
    const refs: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else collect(value);
        }
      }
    };
    collect(doc);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((ref) => !ref.startsWith('#/'))).toEqual([]);
    for (const ref of refs) expect(follow(ref), ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('"$id"');
  });

  it('passes the official AsyncAPI parser with no error, offline', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('/')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.channels().length).toBe(ADDRESSES.length);
  });

  it('takes payload and header schemas from the registry', () => {
    const schemaOf = (ref: unknown) =>
      doc.components.schemas[
        String((ref as { $ref: string }).$ref)
          .split('/')
          .pop()!
      ]!;
    const { messages } = doc.components;
    const titleOf = (id: string) => registry.get(id)!.schema.title;
    expect(schemaOf(messages.licenseSubmitResult!.payload).schema.title).toBe(titleOf(ContractIds.licenseSubmitResult));
    expect(schemaOf(messages.licenseEvent!.payload).schema.title).toBe(titleOf(ContractIds.licenseEvent));
    expect(schemaOf(messages.licenseSubmission!.headers).schema.title).toBe(titleOf(ContractIds.licenseSubmitHeaders));
    expect(schemaOf(messages.deadLetter!.headers).schema.title).toBe(titleOf(ContractIds.deadLetterHeaders));
    expect(schemaOf(messages.licenseSubmitResult!.payload).schemaFormat).toBe('application/schema+json;version=draft-2020-12');
    expect(Object.keys(doc.components.schemas)).toHaveLength(registry.list().length);
  });

  it('keys submissions by issuer credit code and events by licence identifier', () => {
    const { messages } = doc.components;
    expect(new RegExp(messages.licenseSubmission!.bindings!.kafka.key.pattern!).test('114313220061234566')).toBe(true);
    expect(
      new RegExp(messages.licenseEvent!.bindings!.kafka.key.pattern!).test(
        '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
      ),
    ).toBe(true);
    expect(doc.operations.consumeLicenseSubmissions).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/licenseSubmit' } });
    expect(doc.operations.publishLicenseEvents).toMatchObject({ action: 'send', channel: { $ref: '#/channels/licenseEvents' } });
  });

  it('follows the deployment prefix and is plain JSON', () => {
    const other = buildAsyncApiDocument(registry, { topicPrefix: 'xinhua.', version: '9.9.9' });
    expect(JSON.parse(JSON.stringify(other))).toMatchObject({
      info: { version: '9.9.9' },
      components: { parameters: { topicPrefix: { default: 'xinhua.' } } },
    });
  });

  it('describes the data.* and verifications.* topics with their message contracts', () => {
    const payloadOf = (message: string) => {
      const ref = (doc.components.messages[message]?.payload as { $ref: string }).$ref;
      return doc.components.schemas[ref.split('/').pop()!]!.schema.title;
    };
    const titleOf = (id: string) => registry.get(id)!.schema.title;
    const expected: Record<string, [string, string]> = {
      dataRequests: ['dataRequest', ContractIds.dataRequest],
      providerRequests: ['dataProviderRequest', ContractIds.dataProviderRequest],
      dataResponses: ['dataProviderResponse', ContractIds.dataProviderResponse],
      consumerResponses: ['dataConsumerResponse', ContractIds.dataConsumerResponse],
      verificationRequests: ['verificationRequest', ContractIds.verificationRequest],
      departmentVerificationResults: ['verificationResult', ContractIds.verificationResult],
      verificationResults: ['verificationResult', ContractIds.verificationResult],
    };
    for (const [channel, [message, contract]] of Object.entries(expected)) {
      expect(Object.keys(doc.channels[channel]!.messages), channel).toEqual([message]);
      expect(payloadOf(message), message).toBe(titleOf(contract));
    }
    for (const message of ['dataRequest', 'dataProviderResponse', 'verificationRequest']) {
      expect(doc.components.schemas[doc.components.messages[message]!.headers!.$ref.split('/').pop()!]!.schema.title).toBe(
        titleOf(ContractIds.exchangeHeaders),
      );
    }
    expect(doc.channels.departmentVerificationResults).toMatchObject({
      address: '{topicPrefix}verifications.{department}.results',
      parameters: { department: { $ref: '#/components/parameters/department' } },
    });
    expect(doc.operations.consumeVerificationRequests).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/verificationRequests' },
    });
    expect(doc.operations.answerDataRequests).toMatchObject({ action: 'send', channel: { $ref: '#/channels/consumerResponses' } });
  });

  it('has message contracts whose examples are what the hub sends and accepts', () => {
    const batch = { items: [{ licenseId: 'x' }, { number: 'JY1', typeCode: '11100000000013338W011' }], purpose: { caseNo: 'C-1' } };
    expect(registry.validate(ContractIds.verificationRequest, batch)).toEqual([]);
    expect(registry.validate(ContractIds.verificationRequest, { licenseId: 'x', purpose: { caseNo: 'C-1' } })).toEqual([]);
    expect(registry.validate(ContractIds.verificationRequest, { licenseId: 'x', purpose: {} })).not.toEqual([]);
    expect(registry.validate(ContractIds.verificationRequest, { ...batch, items: [{ licenseId: 'x', extra: 1 }] })).not.toEqual([]);
    expect(registry.validate(ContractIds.verificationResult, { messageId: 'm', ok: false, error: { code: 'ERR_X', detail: '' } })).toEqual(
      [],
    );
    expect(registry.validate(ContractIds.verificationResult, { messageId: 'm', ok: true })).not.toEqual([]);
  });
});
