/**
 * @module contracts/asyncapi-exchange
 * The exchange's part of /asyncapi.json: data sharing (`data.requests` → `data.<provider>.requests`
 * → `data.responses` → `data.<consumer>.responses`) and verification over Kafka
 * (`verifications.requests` → `verifications.<department>.results`). Per-department topics are one
 * channel each with a `department` parameter (the credit code). Payloads and headers are the
 * contracts under schemas/messages, so the document describes what the hub checks.
 */
import { ContractIds } from '../core/contracts/contract-ids.js';
import { departmentTopic, exchangeTopics, ExchangeTopics } from '../core/topics.js';

const KAFKA_BINDING_VERSION = '0.5.0';

type Ref = (id: string) => { $ref: string };

const key = (description: string, pattern?: string) => ({
  bindings: { kafka: { key: { type: 'string', ...(pattern ? { pattern } : {}), description }, bindingVersion: KAFKA_BINDING_VERSION } },
});

export function exchangeAsyncApi(ref: Ref, usccPattern: string | undefined) {
  const exchangeHeaders = ref(ContractIds.exchangeHeaders);
  const messages = {
    dataRequest: {
      name: 'dataRequest',
      title: '数据请求 Data request',
      summary: "A consumer system asks a provider's data service, with its access token and the purpose.",
      contentType: 'application/json',
      headers: exchangeHeaders,
      payload: ref(ContractIds.dataRequest),
      ...key("the provider's credit code", usccPattern),
    },
    dataProviderRequest: {
      name: 'dataProviderRequest',
      title: '转交提供方的数据请求 Data request to the provider',
      summary: 'The checked request, forwarded to the provider; `message-id` is the exchange id.',
      contentType: 'application/json',
      payload: ref(ContractIds.dataProviderRequest),
      ...key("the consumer's credit code", usccPattern),
    },
    dataProviderResponse: {
      name: 'dataProviderResponse',
      title: '提供方答复 Provider answer',
      summary: "The provider's answer, `message-id` = the exchange id, with the provider system's access token.",
      contentType: 'application/json',
      headers: exchangeHeaders,
      payload: ref(ContractIds.dataProviderResponse),
      ...key("the provider's credit code", usccPattern),
    },
    dataConsumerResponse: {
      name: 'dataConsumerResponse',
      title: '数据请求答复 Data answer',
      summary: 'Only the granted fields, or a coded error; `message-id` = the request’s.',
      contentType: 'application/json',
      payload: ref(ContractIds.dataConsumerResponse),
      ...key('the message id of the request'),
    },
    verificationRequest: {
      name: 'verificationRequest',
      title: '查验请求 Verification request',
      summary: 'One licence, or a batch of up to 100 for one case, with the access token of the asking system.',
      contentType: 'application/json',
      headers: exchangeHeaders,
      payload: ref(ContractIds.verificationRequest),
      ...key("the asking department's credit code", usccPattern),
    },
    verificationResult: {
      name: 'verificationResult',
      title: '查验结果 Verification result',
      summary: 'The answer of the matching HTTP route, receipt included; `message-id` = the request’s.',
      contentType: 'application/json',
      payload: ref(ContractIds.verificationResult),
      ...key("the asking department's credit code (or the caller's id)"),
    },
  };
  type MessageKey = keyof typeof messages;

  const shared = (name: string) => exchangeTopics.find((t) => t.name === name);
  const perDepartment = departmentTopic('');
  const channel = (address: string, title: string, message: MessageKey, spec = shared(address) ?? perDepartment) => ({
    address: `{topicPrefix}${address}`,
    title,
    messages: { [message]: { $ref: `#/components/messages/${message}` } },
    parameters: {
      topicPrefix: { $ref: '#/components/parameters/topicPrefix' },
      ...(address.includes('{department}') ? { department: { $ref: '#/components/parameters/department' } } : {}),
    },
    bindings: {
      kafka: {
        partitions: spec.partitions,
        topicConfiguration: { 'retention.ms': Number(spec.config?.['retention.ms']) },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  });
  const channels = {
    dataRequests: channel(ExchangeTopics.dataRequests, '数据请求 Data requests', 'dataRequest'),
    providerRequests: channel('data.{department}.requests', '提供方的请求 Requests to one provider', 'dataProviderRequest'),
    dataResponses: channel(ExchangeTopics.dataResponses, '提供方答复 Provider answers', 'dataProviderResponse'),
    consumerResponses: channel('data.{department}.responses', '使用方的答复 Answers to one consumer', 'dataConsumerResponse'),
    verificationRequests: channel(ExchangeTopics.verificationRequests, '查验请求 Verification requests', 'verificationRequest'),
    departmentVerificationResults: channel(
      'verifications.{department}.results',
      '部门查验结果 Verification results of one department',
      'verificationResult',
    ),
    verificationResults: channel(
      ExchangeTopics.verificationResults,
      '查验结果 Results for callers without a department',
      'verificationResult',
    ),
  };
  type ChannelKey = keyof typeof channels;

  const operation = (action: 'send' | 'receive', on: ChannelKey, message: MessageKey, summary: string) => ({
    action,
    channel: { $ref: `#/channels/${on}` },
    messages: [{ $ref: `#/channels/${on}/messages/${message}` }],
    summary,
  });
  const operations = {
    consumeDataRequests: operation('receive', 'dataRequests', 'dataRequest', 'The hub checks caller, grant, purpose, quota and contract.'),
    forwardDataRequests: operation(
      'send',
      'providerRequests',
      'dataProviderRequest',
      "The hub forwards a checked request to the provider's topic.",
    ),
    consumeProviderAnswers: operation(
      'receive',
      'dataResponses',
      'dataProviderResponse',
      'The hub checks each answer against the response contract.',
    ),
    answerDataRequests: operation(
      'send',
      'consumerResponses',
      'dataConsumerResponse',
      'The hub answers with the granted fields or a coded error.',
    ),
    consumeVerificationRequests: operation(
      'receive',
      'verificationRequests',
      'verificationRequest',
      'The hub verifies as POST /v1/verifications[/batch].',
    ),
    answerVerifications: operation(
      'send',
      'departmentVerificationResults',
      'verificationResult',
      "The hub answers on the asking department's topic.",
    ),
    answerVerificationsWithoutDepartment: operation(
      'send',
      'verificationResults',
      'verificationResult',
      'Callers without a department are answered here.',
    ),
  };

  const parameters = {
    department: {
      description: '统一社会信用代码 The credit code of the department whose topic this is (made by the hub when the department joins).',
      examples: ['11431322006123470M'],
    },
  };
  return { messages, channels, operations, parameters };
}
