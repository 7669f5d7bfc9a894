/**
 * @module index
 * The public API of the connector SDK (see README.md): load a connector config, create a hub
 * client, publish / change status / verify / subscribe, receive webhooks; the building blocks
 * (contracts, sealer, token source) for connectors that need them one by one.
 */
export { loadConnectorConfig, parseConnectorConfig, DEFAULT_TOPIC_PREFIX } from './connector-config.js';
export type { ConnectorConfig, ConnectorConfigFile } from './connector-config.js';
export { createHubClient } from './hub-client.js';
export type { HubClient, HubClientOptions, SealedLicense, Transport } from './hub-client.js';
export type {
  LicenseRef,
  PublishResult,
  StatusChangeInput,
  StatusChangeResult,
  VerificationAnswer,
  VerificationCheck,
  VerifyBatchAnswer,
  VerifyBatchRequest,
  VerifyRequest,
} from './hub-types.js';
export { createContracts, contractsFromDirectory, contractsFromHub, CONTRACT_IDS } from './contracts.js';
export type { Contracts, LicenseTypeContract } from './contracts.js';
export { createSealer, decodePayload, JWS_TYPES } from './sealer.js';
export type { JwsType, Sealer } from './sealer.js';
export { createTokenSource } from './token-source.js';
export type { TokenSource, TokenSourceOptions } from './token-source.js';
export { licenseIdentifier, licenseSerial, sealedLicenseIdentifier } from './license-identifier.js';
export {
  receiveWebhook,
  verifyHubSignature,
  webhookPublicKey,
  WebhookVerificationError,
  WEBHOOK_TOLERANCE_SECONDS,
} from './webhook-receiver.js';
export type { WebhookDelivery, WebhookHeaders, WebhookReceiverOptions } from './webhook-receiver.js';
export type { EventContext, EventHandler, SubscribeOptions, Subscription } from './event-subscription.js';
export type { KeyMaterial, SigningAlgorithm } from './key-material.js';
export { ConnectorError, ConnectorConfigError, ContractViolationError, HubRefusalError, HubUnavailableError } from './errors.js';
export type { FieldProblem } from './errors.js';
export type * from './contract-types.js';
export { createDataClient } from './data-client.js';
export type { DataClient, DataClientOptions, DataTransport, Serving } from './data-client.js';
export { DataRefusal } from './data-exchange-types.js';
export { createDataHttpListener } from './data-http-provider.js';
export type { DataHttpListener } from './data-http-provider.js';
export type { DataAnswer, DataHandler, DataPurpose, DataRequest, DataRequestContext } from './data-exchange-types.js';
export { checkColumnMapping, createColumnMapping, DEFAULT_STATUS_WORDS } from './column-mapping.js';
export type {
  ColumnMapping,
  ColumnMappingFile,
  FieldSource,
  MappedRow,
  MappedStatus,
  MappedStatusName,
  MappingProblem,
  StatusPolicy,
  StatusValue,
} from './column-mapping.js';
export { convertCell, normalizeDate, toInstant } from './cell-values.js';
export type { CellType } from './cell-values.js';
