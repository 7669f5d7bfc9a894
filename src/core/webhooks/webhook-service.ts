/**
 * @module core/webhooks/webhook-service
 * The administration of webhook subscriptions: subscribe, list, read the delivery log, redeliver.
 * A security admin acts for any department; a department admin only for its own (other
 * departments' subscriptions answer "not found", so ids cannot be probed). A department may only
 * subscribe to licence types it issues or is entitled to read: events name licences, and some
 * licence identifiers are personal data. Subscribing and redelivering are audited with the write.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors.js';
import type { WebhookStore } from '../ports/webhook-store.js';
import type { RightsDirectory } from '../rights/rights-directory.js';
import { checkEndpointUrl } from './endpoint-url.js';
import type { DeliveryStatus, WebhookDelivery, WebhookSubscription } from './webhook-subscription.js';
import { WebhookSubscriptionNotFoundError, WebhookTypeNotEntitledError, WebhookUrlInvalidError } from './webhook-errors.js';

export interface SubscribeInput {
  /** Defaults to the caller's department. */
  department?: string;
  url: string;
  typeCodes: readonly string[];
  issuers?: readonly string[];
  description?: string;
}

export interface WebhookServiceDeps {
  store: WebhookStore;
  assertActiveDepartment(uscc: string): Promise<unknown>;
  /** Who issues a licence type, and who may read it (`POST /v1/license-types/{code}/readers`). */
  rights: Pick<RightsDirectory, 'holders'>;
  /** Redelivered deliveries are due now: the dispatcher should look. */
  onRedeliver(): void;
  now(): Date;
}

export interface WebhookService {
  subscribe(caller: Principal, input: SubscribeInput): Promise<WebhookSubscription>;
  list(caller: Principal, filter: { department?: string }): Promise<WebhookSubscription[]>;
  get(caller: Principal, id: string): Promise<WebhookSubscription>;
  deliveries(caller: Principal, id: string, filter: { status?: DeliveryStatus; limit?: number }): Promise<WebhookDelivery[]>;
  redeliver(caller: Principal, id: string, deliveryIds?: readonly string[]): Promise<{ redelivered: number }>;
}

export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const { store, now } = deps;

  async function get(caller: Principal, id: string): Promise<WebhookSubscription> {
    const subscription = await store.findSubscription(id);
    if (!subscription || !mayManage(caller, subscription.department)) {
      throw new WebhookSubscriptionNotFoundError(`no webhook subscription ${id}`);
    }
    return subscription;
  }

  return {
    async subscribe(caller, input) {
      const department = input.department ?? caller.department;
      if (department === undefined) throw new ForbiddenError('name the department the subscription is for');
      if (!mayManage(caller, department)) throw new ForbiddenError('you may only subscribe for your own department');
      await deps.assertActiveDepartment(department);
      const url = checkUrl(input.url);
      const typeCodes = [...new Set(input.typeCodes)];
      for (const typeCode of typeCodes) {
        const entitled =
          (await deps.rights.holders('read', typeCode)).includes(department) ||
          (await deps.rights.holders('issue', typeCode)).includes(department);
        if (!entitled) {
          throw new WebhookTypeNotEntitledError(`department ${department} neither issues nor may read licence type ${typeCode}`);
        }
      }
      const at = now();
      const subscription = {
        department,
        url,
        typeCodes,
        issuers: [...new Set(input.issuers ?? [])],
        description: input.description?.trim() || undefined,
        createdAt: at,
        createdBy: caller.actor,
      };
      return store.createSubscription(subscription, [
        auditEntry(caller, AuditActions.webhookSubscribe, at, {
          target: department,
          details: { url, typeCodes, issuers: subscription.issuers },
        }),
      ]);
    },
    async list(caller, filter) {
      if (caller.role === 'security-admin') return store.listSubscriptions(filter);
      if (filter.department !== undefined && filter.department !== caller.department) {
        throw new ForbiddenError('you may only list your own department’s subscriptions');
      }
      return caller.department === undefined ? [] : store.listSubscriptions({ department: caller.department });
    },
    get,
    async deliveries(caller, id, filter) {
      await get(caller, id);
      return store.listDeliveries(id, { status: filter.status, limit: Math.min(Math.max(filter.limit ?? 50, 1), 500) });
    },
    async redeliver(caller, id, deliveryIds) {
      const subscription = await get(caller, id);
      const at = now();
      const redelivered = await store.redeliver(id, deliveryIds, at, [
        auditEntry(caller, AuditActions.webhookRedeliver, at, {
          target: subscription.department,
          details: { subscription: id, deliveries: deliveryIds ?? 'failed', reenabled: subscription.status === 'disabled' },
        }),
      ]);
      deps.onRedeliver();
      return { redelivered };
    },
  };
}

function mayManage(caller: Principal, department: string): boolean {
  return caller.role === 'security-admin' || (caller.role === 'dept-admin' && caller.department === department);
}

function checkUrl(raw: string): string {
  const checked = checkEndpointUrl(raw);
  if ('problem' in checked) throw new WebhookUrlInvalidError(checked.problem);
  return checked.href;
}
