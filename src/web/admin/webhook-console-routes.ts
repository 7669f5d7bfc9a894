/**
 * @module web/admin/webhook-console-routes
 * Webhook subscriptions of departments without Kafka and their delivery health: each endpoint's
 * consecutive failures, since when it fails and whether its breaker holds deliveries back; one
 * subscription's latest deliveries with the last attempt's answer, and redelivery of the failed
 * ones. Security admins see every department, department admins their own (core/webhooks scopes).
 */
import type { WebhookService } from '../../core/webhooks/webhook-service.js';
import type { WebhookDelivery, WebhookSubscription } from '../../core/webhooks/webhook-subscription.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { csrfInput, flash, refusal, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { beijingTime } from '../verify-result-page.js';

export interface WebhookConsoleDeps {
  webhooks: Pick<WebhookService, 'list' | 'get' | 'deliveries' | 'redeliver'>;
  now(): Date;
}

const PATH = '/console/admin/webhooks';
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-fA-F-]{1,64}$' } } } as const;
const time = (view: ConsoleView, d: Date | undefined) => (d ? beijingTime(d.toISOString(), view.t) : '—');

export function registerWebhookConsoleRoutes(routes: RouteRegistry, deps: WebhookConsoleDeps): void {
  routes.page(
    {
      operationId: 'getConsoleWebhooks',
      method: 'GET',
      path: PATH,
      summary: '事件订阅 — webhook subscriptions and the health of each endpoint',
      tags: ['console'],
      auth: staffPage('getConsoleWebhooks'),
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, caller }) => {
      const view = viewOf(c, session);
      const subscriptions = await deps.webhooks.list(caller, {});
      return sendPage(c, shell(view, view.t.webhooks.title, listPage(view, subscriptions, deps.now())));
    },
  );

  const detail = async (view: ConsoleView, caller: Parameters<WebhookService['get']>[0], id: string, message?: Flash) => {
    const subscription = await deps.webhooks.get(caller, id);
    const deliveries = await deps.webhooks.deliveries(caller, id, { limit: 50 });
    return shell(view, view.t.webhooks.deliveriesTitle, deliveriesPage(view, subscription, deliveries, message));
  };

  routes.page<{ params: { id: string } }>(
    {
      operationId: 'getConsoleWebhook',
      method: 'GET',
      path: `${PATH}/{id}`,
      summary: 'One subscription: its latest deliveries and their last attempts',
      tags: ['console'],
      auth: staffPage('getConsoleWebhook'),
      params: ID_PARAMS,
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'No such subscription for this user' } },
    },
    async ({ c, session, caller, params }) => {
      const view = viewOf(c, session);
      try {
        return sendPage(c, await detail(view, caller, params.id));
      } catch (error) {
        return sendPage(
          c,
          shell(view, view.t.webhooks.title, html`${flash(refusal(error))}<p><a href="${PATH}">${view.t.webhooks.title}</a></p>`),
          404,
        );
      }
    },
  );

  routes.page<{ params: { id: string } }>(
    {
      operationId: 'postConsoleWebhookRedeliver',
      method: 'POST',
      path: `${PATH}/{id}/redeliver`,
      summary: 'Redeliver the failed deliveries of a subscription (re-enables a disabled one)',
      tags: ['console'],
      auth: staffPage('postConsoleWebhookRedeliver'),
      params: ID_PARAMS,
      body: { 'application/x-www-form-urlencoded': { type: 'object', properties: { _csrf: { type: 'string', maxLength: 200 } } } },
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, caller, params }) => {
      const view = viewOf(c, session);
      const { redelivered } = await deps.webhooks.redeliver(caller, params.id);
      return sendPage(c, await detail(view, caller, params.id, { kind: 'ok', message: view.t.webhooks.redelivered(redelivered) }));
    },
  );
}

function health(view: ConsoleView, s: WebhookSubscription, now: Date): SafeHtml {
  const t = view.t.webhooks;
  if (s.status === 'disabled') return html`<span class="tag revoked">${t.disabled}</span> ${time(view, s.disabledAt)}`;
  if (s.health.openUntil && s.health.openUntil > now)
    return html`<span class="tag revoked">${t.open}</span> ${t.until(time(view, s.health.openUntil))}`;
  if (s.health.failingSince)
    return html`<span class="tag suspended">${t.failing(s.health.consecutiveFailures)}</span> ${t.since(time(view, s.health.failingSince))}`;
  return html`<span class="tag valid">${t.healthy}</span>`;
}

function listPage(view: ConsoleView, subscriptions: WebhookSubscription[], now: Date): SafeHtml {
  const t = view.t.webhooks;
  return html`<h1>${t.title}</h1>
${
  subscriptions.length === 0
    ? html`<p class="note">${t.none}</p>`
    : html`<table id="webhooks">
<thead><tr><th scope="col">${t.department}</th><th scope="col">${t.url}</th><th scope="col">${t.types}</th><th scope="col">${t.health}</th></tr></thead>
<tbody>
${subscriptions.map(
  (s) =>
    html`<tr><td><code>${s.department}</code></td><td><a href="${PATH}/${s.id}">${s.url}</a></td><td>${s.typeCodes.join(', ')}</td><td>${health(view, s, now)}</td></tr>`,
)}
</tbody></table>`
}`;
}

function deliveriesPage(view: ConsoleView, s: WebhookSubscription, deliveries: WebhookDelivery[], message?: Flash): SafeHtml {
  const t = view.t.webhooks;
  return html`<h1>${t.deliveriesTitle}</h1>
${flash(message)}
<dl><dt>${t.url}</dt><dd><code>${s.url}</code></dd><dt>${t.department}</dt><dd><code>${s.department}</code></dd></dl>
<form method="post" action="${PATH}/${s.id}/redeliver">${csrfInput(view)}<button type="submit">${t.redeliver}</button></form>
${
  deliveries.length === 0
    ? html`<p class="note">${view.t.common.none}</p>`
    : html`<table id="deliveries">
<thead><tr><th scope="col">${t.event}</th><th scope="col">${t.status}</th><th scope="col">${t.attempts}</th><th scope="col">${t.last}</th></tr></thead>
<tbody>
${deliveries.map((d) => {
  const last = d.lastAttempts.at(-1);
  return html`<tr><td><code>${d.eventType}</code> ${time(view, d.createdAt)}</td><td>${t.statuses[d.status]}</td><td>${d.attempts}</td>
<td>${last ? html`${time(view, last.at)} ${last.status ?? ''} ${last.error ?? ''}` : '—'}</td></tr>`;
})}
</tbody></table>`
}
<p><a href="${PATH}">${t.title}</a></p>`;
}
