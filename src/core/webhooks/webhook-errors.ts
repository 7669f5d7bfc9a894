/**
 * @module core/webhooks/webhook-errors
 * Failures of the webhook subscription API.
 */
import { HubError } from '../errors.js';

export class WebhookSubscriptionNotFoundError extends HubError {
  static override code = 'ERR_WEBHOOK_SUBSCRIPTION_NOT_FOUND';
}

/** The endpoint URL is not one the hub will post to (scheme, credentials, fragment). */
export class WebhookUrlInvalidError extends HubError {
  static override code = 'ERR_WEBHOOK_URL_INVALID';
}

/** The department neither issues nor may read a licence type it asked events of. */
export class WebhookTypeNotEntitledError extends HubError {
  static override code = 'ERR_WEBHOOK_TYPE_NOT_ENTITLED';
}
