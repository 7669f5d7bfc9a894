/**
 * @module core/data-sharing/data-sharing-errors
 * Every way a data request or a grant step can fail, each with its stable code, so a consumer
 * system branches on the code whether it asked over HTTP or Kafka (statuses in http/problem.ts).
 */
import { HubError } from '../errors.js';

export class DataServiceNotFoundError extends HubError {
  static override code = 'ERR_DATA_SERVICE_NOT_FOUND';
}
export class DataServiceNotSharedError extends HubError {
  static override code = 'ERR_DATA_NOT_SHARED';
}
export class DataServiceInvalidError extends HubError {
  static override code = 'ERR_DATA_SERVICE_INVALID';
}
export class DataContractIncompatibleError extends HubError {
  static override code = 'ERR_DATA_CONTRACT_INCOMPATIBLE';
}
export class DataNotProviderError extends HubError {
  static override code = 'ERR_DATA_NOT_PROVIDER';
}
export class DataGrantNotFoundError extends HubError {
  static override code = 'ERR_DATA_GRANT_NOT_FOUND';
}
/** No kept bodies for the exchange: its service keeps none, or their retention has passed. */
export class DataBodiesNotKeptError extends HubError {
  static override code = 'ERR_DATA_BODIES_NOT_KEPT';
}
export class DataGrantStateError extends HubError {
  static override code = 'ERR_DATA_GRANT_STATE';
}
export class DataFieldsInvalidError extends HubError {
  static override code = 'ERR_DATA_FIELDS_INVALID';
}
export class DataNoGrantError extends HubError {
  static override code = 'ERR_DATA_NO_GRANT';
}
export class DataGrantExpiredError extends HubError {
  static override code = 'ERR_DATA_GRANT_EXPIRED';
}
export class DataPurposeMissingError extends HubError {
  static override code = 'ERR_DATA_PURPOSE_MISSING';
}
export class DataPurposeNotGrantedError extends HubError {
  static override code = 'ERR_DATA_PURPOSE_NOT_GRANTED';
}
export class DataQuotaExceededError extends HubError {
  static override code = 'ERR_DATA_QUOTA_EXCEEDED';
  override readonly retriable = true;
}
export class DataTimeoutError extends HubError {
  static override code = 'ERR_DATA_TIMEOUT';
  override readonly retriable = true;
}
export class DataProviderUnavailableError extends HubError {
  static override code = 'ERR_DATA_PROVIDER_UNAVAILABLE';
  override readonly retriable = true;
}
export class DataProviderRefusedError extends HubError {
  static override code = 'ERR_DATA_PROVIDER_REFUSED';
}
export class DataMalformedAnswerError extends HubError {
  static override code = 'ERR_DATA_MALFORMED_ANSWER';
}
/** An HTTPS provider's endpoint refused the connection, redirected, or answered a non-2xx status. */
export class DataProviderUnreachableError extends HubError {
  static override code = 'ERR_DATA_PROVIDER_UNREACHABLE';
  override readonly retriable = true;
}
/** This hub instance already holds as many requests in flight as it is configured to. */
export class DataExchangeBusyError extends HubError {
  static override code = 'ERR_DATA_BUSY';
  override readonly retriable = true;
}
