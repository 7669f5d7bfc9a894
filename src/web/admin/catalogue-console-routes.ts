/**
 * @module web/admin/catalogue-console-routes
 * The 两个清单 editor for the catalogue's administrators, on the catalogue service that serves
 * `/v1/catalogue`: the published items and the drafts, an item's form (its materials and fees as
 * rows), saving a draft and publishing it — each audited by the service. What the contract refuses
 * comes back on the form with every wrong field named, the admin's input kept.
 */
import type { CatalogueService, PublishedItemView } from '../../core/catalogue/catalogue-service.js';
import type { ServiceItem } from '../../core/catalogue/service-item.js';
import type { DepartmentService } from '../../core/departments/department-service.js';
import { HubError } from '../../core/errors.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { csrfInput, flash, refusal, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { itemForm, readItemForm, type CatalogueFormBody } from './catalogue-form.js';

export interface CatalogueConsoleDeps {
  catalogue: Pick<CatalogueService, 'listPublished' | 'listDrafts' | 'published' | 'saveDraft' | 'publish'>;
  departments: Pick<DepartmentService, 'list'>;
}

const PATH = '/console/admin/catalogue';
const CODE = { type: 'string', maxLength: 64 } as const;
const FORM_BODY = { 'application/x-www-form-urlencoded': { type: 'object', additionalProperties: { type: 'string', maxLength: 1000 } } };

export function registerCatalogueConsoleRoutes(routes: RouteRegistry, deps: CatalogueConsoleDeps): void {
  const listing = async (view: ConsoleView, message?: Flash) =>
    shell(view, view.t.catalogue.title, listPage(view, await deps.catalogue.listPublished(), await deps.catalogue.listDrafts(), message));

  /** The item to edit: its draft when there is one, else its published version, else a new item. */
  const current = async (code: string): Promise<Partial<ServiceItem>> => {
    if (!code) return {};
    const draft = (await deps.catalogue.listDrafts()).find((d) => d.code === code);
    const found = draft ?? (await deps.catalogue.published(code));
    const { version: _v, publishedAt: _p, ...item } = found;
    return item;
  };

  const editPage = async (view: ConsoleView, item: Partial<ServiceItem>, message?: Flash) =>
    shell(
      view,
      view.t.catalogue.editTitle(item.code ?? ''),
      html`<h1>${item.code ? view.t.catalogue.editTitle(item.code) : view.t.catalogue.newItem}</h1>
${flash(message)}
${itemForm(view, item, await deps.departments.list({ active: true }))}
${item.code ? publishForm(view, item.code) : undefined}
<p><a href="${PATH}">${view.t.catalogue.title}</a></p>`,
    );

  routes.page(
    {
      operationId: 'getConsoleCatalogue',
      method: 'GET',
      path: PATH,
      summary: '事项清单 — the published service items and the drafts, for the catalogue editor',
      tags: ['console'],
      auth: staffPage('getConsoleCatalogue'),
      responses: PAGE_RESPONSES,
    },
    async ({ c, session }) => sendPage(c, await listing(viewOf(c, session))),
  );

  routes.page<{ query: { code?: string } }>(
    {
      operationId: 'getConsoleCatalogueItem',
      method: 'GET',
      path: `${PATH}/item`,
      summary: 'One item’s form (its draft, else its published version; a new item without ?code=)',
      tags: ['console'],
      auth: staffPage('getConsoleCatalogueItem'),
      query: { type: 'object', properties: { code: CODE } },
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'No such item' } },
    },
    async ({ c, session, query }) => {
      const view = viewOf(c, session);
      try {
        return sendPage(c, await editPage(view, await current(query.code ?? '')));
      } catch (error) {
        return sendPage(c, await listing(view, refusal(error)), 404);
      }
    },
  );

  routes.page<{ body: CatalogueFormBody }>(
    {
      operationId: 'postConsoleCatalogueItem',
      method: 'POST',
      path: `${PATH}/item`,
      summary: 'Save an item’s draft from the form (checked against the service-item contract; audited)',
      tags: ['console'],
      auth: staffPage('postConsoleCatalogueItem'),
      body: FORM_BODY,
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'The item breaks its contract: the form again' } },
    },
    async ({ c, session, caller, body }) => {
      const view = viewOf(c, session);
      const departments = await deps.departments.list({ active: true });
      const item = readItemForm(body, departments) as ServiceItem;
      try {
        const saved = await deps.catalogue.saveDraft(caller, item.code, item);
        return sendPage(c, await editPage(view, item, { kind: 'ok', message: view.t.catalogue.saved(saved.code, saved.version) }));
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        return sendPage(c, await editPage(view, item, invalid(view, error)), 422);
      }
    },
  );

  routes.page<{ body: { code?: string } }>(
    {
      operationId: 'postConsoleCataloguePublish',
      method: 'POST',
      path: `${PATH}/publish`,
      summary: 'Publish an item’s draft (the windows open cases on it from now on; audited)',
      tags: ['console'],
      auth: staffPage('postConsoleCataloguePublish'),
      body: { 'application/x-www-form-urlencoded': { type: 'object', properties: { code: CODE, _csrf: CODE } } },
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'No draft of this item' } },
    },
    async ({ c, session, caller, body }) => {
      const view = viewOf(c, session);
      try {
        const published = await deps.catalogue.publish(caller, body.code ?? '');
        return sendPage(c, await listing(view, { kind: 'ok', message: view.t.catalogue.publishedDone(published.code, published.version) }));
      } catch (error) {
        return sendPage(c, await listing(view, refusal(error)), 404);
      }
    },
  );
}

/** The refusal with every field the contract or the service named. */
function invalid(view: ConsoleView, error: HubError): Flash {
  const fields = error.errors ?? [];
  if (fields.length === 0) return refusal(error);
  return {
    kind: 'error',
    message: html`${view.t.catalogue.invalid}（${error.code}）<ul id="catalogue-errors">${fields.map(
      (e) => html`<li><code>${e.pointer}</code> ${e.detail}</li>`,
    )}</ul>`,
  };
}

function publishForm(view: ConsoleView, code: string): SafeHtml {
  return html`<form method="post" action="${PATH}/publish">${csrfInput(view)}<input type="hidden" name="code" value="${code}">
<button type="submit">${view.t.catalogue.publish}</button></form>`;
}

function listPage(view: ConsoleView, published: PublishedItemView[], drafts: PublishedItemView[], message?: Flash): SafeHtml {
  const t = view.t.catalogue;
  const table = (id: string, items: PublishedItemView[], state: 'draft' | 'published') =>
    items.length === 0
      ? html`<p class="note">${view.t.common.none}</p>`
      : html`<table id="${id}">
<thead><tr><th scope="col">${t.code}</th><th scope="col">${t.name}</th><th scope="col">${t.version}</th><th scope="col">${t.state}</th><th scope="col">${view.t.certificates.actions}</th></tr></thead>
<tbody>
${items.map(
  (i) => html`<tr><td><code>${i.code}</code></td><td lang="zh-CN">${i.name}</td><td>${i.version}</td><td>${t.states[state]}</td>
<td><a href="${PATH}/item?code=${encodeURIComponent(i.code)}">${t.edit}</a>${state === 'draft' ? html` ${publishForm(view, i.code)}` : undefined}</td></tr>`,
)}
</tbody></table>`;
  return html`<h1>${t.title}</h1>
${flash(message)}
<p class="note">${t.intro}</p>
<p><a href="${PATH}/item">${t.newItem}</a></p>
<h2>${t.drafts}</h2>
${table('catalogue-drafts', drafts, 'draft')}
<h2>${t.published}</h2>
${table('catalogue-published', published, 'published')}`;
}
