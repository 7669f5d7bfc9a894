/**
 * @module web/admin/department-console-routes
 * The security admin's departments page: the county's departments with their level and status,
 * adding one (the credit code is checked by the department service) and deactivating one after a
 * confirm step. It calls the same department service as `/v1/departments`, so it is audited alike.
 */
import { DepartmentLevels, type Department } from '../../core/departments/department.js';
import type { DepartmentService } from '../../core/departments/department-service.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { confirmForm, csrfInput, flash, refusal, selectField, textField, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';

export interface DepartmentConsoleDeps {
  departments: DepartmentService;
}

const PATH = '/console/admin/departments';
const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } as const;
const FORM_TEXT = { type: 'string', maxLength: 200 } as const;
const CREATE_FORM = {
  type: 'object',
  properties: { uscc: FORM_TEXT, name: FORM_TEXT, level: FORM_TEXT, _csrf: FORM_TEXT },
} as const;
const CONFIRM_FORM = { type: 'object', properties: { confirm: FORM_TEXT, _csrf: FORM_TEXT } } as const;
type CreateForm = { uscc?: string; name?: string; level?: string };

export function registerDepartmentConsoleRoutes(routes: RouteRegistry, deps: DepartmentConsoleDeps): void {
  const render = async (view: ConsoleView, message?: Flash, values: CreateForm = {}) =>
    shell(view, view.t.departments.title, listPage(view, await deps.departments.list(), message, values));

  routes.page(
    {
      operationId: 'getConsoleDepartments',
      method: 'GET',
      path: PATH,
      summary: '部门管理 — departments: list, add, deactivate',
      tags: ['console'],
      auth: staffPage('getConsoleDepartments'),
      responses: PAGE_RESPONSES,
    },
    async ({ c, session }) => sendPage(c, await render(viewOf(c, session))),
  );

  routes.page<{ body: CreateForm }>(
    {
      operationId: 'postConsoleDepartment',
      method: 'POST',
      path: PATH,
      summary: 'Add a department (HTML form: uscc, name, level, _csrf)',
      tags: ['console'],
      auth: staffPage('postConsoleDepartment'),
      body: { 'application/x-www-form-urlencoded': CREATE_FORM },
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'Refused: the form again with the reason' } },
    },
    async ({ c, session, body }) => {
      const view = viewOf(c, session);
      try {
        const level = DepartmentLevels.find((l) => l === body.level) ?? 'county';
        const created = await deps.departments.register({ uscc: body.uscc ?? '', name: body.name ?? '', level });
        return sendPage(c, await render(view, { kind: 'ok', message: view.t.departments.created(created.name) }));
      } catch (error) {
        return sendPage(c, await render(view, refusal(error), body), 422);
      }
    },
  );

  routes.page<{ params: { uscc: string }; body: { confirm?: string } }>(
    {
      operationId: 'postConsoleDepartmentDeactivate',
      method: 'POST',
      path: `${PATH}/{uscc}/deactivate`,
      summary: 'Deactivate a department: a confirm page first, then (confirm=yes) done',
      tags: ['console'],
      auth: staffPage('postConsoleDepartmentDeactivate'),
      params: { type: 'object', required: ['uscc'], properties: { uscc: USCC } },
      body: { 'application/x-www-form-urlencoded': CONFIRM_FORM },
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'Refused: the list with the reason' } },
    },
    async ({ c, session, params, body }) => {
      const view = viewOf(c, session);
      try {
        const department = await deps.departments.get(params.uscc);
        if (body.confirm !== 'yes') {
          const question = view.t.departments.confirmDeactivate(department.name);
          const target = { action: `${PATH}/${department.uscc}/deactivate`, cancel: PATH };
          return sendPage(c, shell(view, view.t.certificates.confirmTitle, confirmForm(view, target, question, {})));
        }
        await deps.departments.update(department.uscc, { active: false });
        return sendPage(c, await render(view, { kind: 'ok', message: view.t.departments.deactivated(department.name) }));
      } catch (error) {
        return sendPage(c, await render(view, refusal(error)), 422);
      }
    },
  );
}

function listPage(view: ConsoleView, departments: Department[], message: Flash | undefined, values: CreateForm): SafeHtml {
  const t = view.t.departments;
  return html`<h1>${t.title}</h1>
${flash(message)}
<table>
<caption class="note">${t.title}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.uscc}</th><th scope="col">${t.level}</th><th scope="col">${t.status}</th><th scope="col"></th></tr></thead>
<tbody>
${departments.map(
  (d) => html`<tr><td>${d.name}</td><td><code>${d.uscc}</code></td><td>${t.levels[d.level]}</td>
<td><span class="tag ${d.active ? 'valid' : 'revoked'}">${d.active ? t.active : t.inactive}</span></td>
<td>${
    d.active
      ? html`<form class="inline" method="post" action="${PATH}/${d.uscc}/deactivate">${csrfInput(view)}<button type="submit" aria-label="${t.deactivate} ${d.name}">${t.deactivate}</button></form>`
      : undefined
  }</td></tr>`,
)}
</tbody>
</table>
<h2>${t.create}</h2>
<form method="post" action="${PATH}">
${csrfInput(view)}
${textField('uscc', t.uscc, { value: values.uscc, required: true, maxLength: 18 })}
${textField('name', t.name, { value: values.name, required: true, maxLength: 100 })}
${selectField(
  'level',
  t.level,
  DepartmentLevels.map((l) => [l, t.levels[l]] as const),
  { value: values.level },
)}
<button type="submit" class="primary">${t.create}</button>
</form>`;
}
