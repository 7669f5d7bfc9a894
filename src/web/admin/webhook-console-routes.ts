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
const time = (d: Date | undefined) => (d ? beijingTime(d.toISOString()) : '—');

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
      return sendPage(c, shell(view, '事件订阅', listPage(subscriptions, deps.now())));
    },
  );

  const detail = async (view: ConsoleView, caller: Parameters<WebhookService['get']>[0], id: string, message?: Flash) => {
    const subscription = await deps.webhooks.get(caller, id);
    const deliveries = await deps.webhooks.deliveries(caller, id, { limit: 50 });
    return shell(view, '投递记录', deliveriesPage(view, subscription, deliveries, message));
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
        return sendPage(c, shell(view, '事件订阅', html`${flash(refusal(error))}<p><a href="${PATH}">事件订阅</a></p>`), 404);
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
      return sendPage(c, await detail(view, caller, params.id, { kind: 'ok', message: `已安排重新投递 ${redelivered} 条。` }));
    },
  );
}

function health(s: WebhookSubscription, now: Date): SafeHtml {
  if (s.status === 'disabled') return html`<span class="tag revoked">已停用</span> ${time(s.disabledAt)}`;
  if (s.health.openUntil && s.health.openUntil > now) return html`<span class="tag revoked">熔断中</span> 至 ${time(s.health.openUntil)}`;
  if (s.health.failingSince)
    return html`<span class="tag suspended">连续失败 ${s.health.consecutiveFailures} 次</span> 自 ${time(s.health.failingSince)}`;
  return html`<span class="tag valid">正常</span>`;
}

function listPage(subscriptions: WebhookSubscription[], now: Date): SafeHtml {
  return html`<h1>事件订阅</h1>
${
  subscriptions.length === 0
    ? html`<p class="note">暂无订阅。部门通过 <code>POST /v1/webhooks/subscriptions</code> 订阅证照事件。</p>`
    : html`<table id="webhooks">
<thead><tr><th scope="col">部门</th><th scope="col">接收地址</th><th scope="col">证照类型</th><th scope="col">投递状况</th></tr></thead>
<tbody>
${subscriptions.map(
  (s) =>
    html`<tr><td><code>${s.department}</code></td><td><a href="${PATH}/${s.id}">${s.url}</a></td><td>${s.typeCodes.join('、')}</td><td>${health(s, now)}</td></tr>`,
)}
</tbody></table>`
}`;
}

const DELIVERY_STATUS = { pending: '待投递', delivered: '已送达', failed: '失败' } as const;

function deliveriesPage(view: ConsoleView, s: WebhookSubscription, deliveries: WebhookDelivery[], message?: Flash): SafeHtml {
  return html`<h1>投递记录</h1>
${flash(message)}
<dl><dt>接收地址</dt><dd><code>${s.url}</code></dd><dt>部门</dt><dd><code>${s.department}</code></dd></dl>
<form method="post" action="${PATH}/${s.id}/redeliver">${csrfInput(view)}<button type="submit">重新投递失败的事件</button></form>
${
  deliveries.length === 0
    ? html`<p class="note">${view.t.common.none}</p>`
    : html`<table id="deliveries">
<thead><tr><th scope="col">事件</th><th scope="col">状态</th><th scope="col">尝试次数</th><th scope="col">最近一次</th></tr></thead>
<tbody>
${deliveries.map((d) => {
  const last = d.lastAttempts.at(-1);
  return html`<tr><td><code>${d.eventType}</code> ${time(d.createdAt)}</td><td>${DELIVERY_STATUS[d.status]}</td><td>${d.attempts}</td>
<td>${last ? html`${time(last.at)} ${last.status ?? ''} ${last.error ?? ''}` : '—'}</td></tr>`;
})}
</tbody></table>`
}
<p><a href="${PATH}">事件订阅</a></p>`;
}
