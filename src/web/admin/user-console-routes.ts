/**
 * @module web/admin/user-console-routes
 * Staff accounts for the security admin: create one (the first password is shown once, to be
 * handed over in person), disable one, reset a password — the last two after a confirm page. The
 * same use cases as `/v1/users`, so the console is audited like the API.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { CreatedUser, CreateUserInput } from '../../core/users/create-user.js';
import { StaffRoles } from '../../core/users/user.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { confirmForm, csrfInput, flash, refusal, selectField, textField, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';

export interface UserConsoleDeps {
  createUser(caller: Principal, input: CreateUserInput): Promise<CreatedUser>;
  disableUser(username: string): Promise<unknown>;
  resetPassword(username: string): Promise<{ username: string; password: string }>;
}

const PATH = '/console/admin/users';
const TEXT = { type: 'string', maxLength: 200 } as const;
const CREATE_FORM = { type: 'object', properties: { username: TEXT, role: TEXT, department: TEXT, _csrf: TEXT } } as const;
const ACCOUNT_FORM = {
  type: 'object',
  required: ['action'],
  properties: { action: { enum: ['disable', 'reset'] }, username: TEXT, confirm: TEXT, _csrf: TEXT },
} as const;

export function registerUserConsoleRoutes(routes: RouteRegistry, deps: UserConsoleDeps): void {
  const render = (view: ConsoleView, message?: Flash) => shell(view, view.t.users.title, usersPage(view, message));
  const withSecret = (text: string, secret: string) => html`${text} <span class="secret" id="secret">${secret}</span>`;

  routes.page(
    {
      operationId: 'getConsoleUsers',
      method: 'GET',
      path: PATH,
      summary: '工作人员账号 — create, disable and reset staff accounts',
      tags: ['console'],
      auth: staffPage('getConsoleUsers'),
      responses: PAGE_RESPONSES,
    },
    ({ c, session }) => sendPage(c, render(viewOf(c, session))),
  );

  routes.page<{ body: { username?: string; role?: string; department?: string } }>(
    {
      operationId: 'postConsoleUser',
      method: 'POST',
      path: PATH,
      summary: 'Create a staff account (HTML form); its first password is shown once',
      tags: ['console'],
      auth: staffPage('postConsoleUser'),
      body: { 'application/x-www-form-urlencoded': CREATE_FORM },
      responses: { ...PAGE_RESPONSES, 201: PAGE_RESPONSES[200], 422: { ...PAGE_RESPONSES[200], description: 'Refused, with the reason' } },
    },
    async ({ c, session, caller, body }) => {
      const view = viewOf(c, session);
      try {
        const created = await deps.createUser(caller, {
          username: body.username ?? '',
          role: body.role ?? '',
          department: body.department || undefined,
        });
        return sendPage(
          c,
          render(view, { kind: 'ok', message: withSecret(view.t.users.created(created.username), created.password) }),
          201,
        );
      } catch (error) {
        return sendPage(c, render(view, refusal(error)), 422);
      }
    },
  );

  routes.page<{ body: { action: 'disable' | 'reset'; username?: string; confirm?: string } }>(
    {
      operationId: 'postConsoleUserAction',
      method: 'POST',
      path: `${PATH}/action`,
      summary: 'Disable an account or reset its password: a confirm page first, then (confirm=yes) done',
      tags: ['console'],
      auth: staffPage('postConsoleUserAction'),
      body: { 'application/x-www-form-urlencoded': ACCOUNT_FORM },
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'Refused, with the reason' } },
    },
    async ({ c, session, body }) => {
      const view = viewOf(c, session);
      const t = view.t.users;
      const username = body.username ?? '';
      const label = body.action === 'disable' ? t.disable : t.reset;
      if (body.confirm !== 'yes') {
        const question = view.t.certificates.confirmAction(label, username);
        return sendPage(
          c,
          shell(view, label, confirmForm(view, { action: `${PATH}/action`, cancel: PATH }, question, { action: body.action, username })),
        );
      }
      try {
        if (body.action === 'disable') {
          await deps.disableUser(username);
          return sendPage(c, render(view, { kind: 'ok', message: t.disabled(username) }));
        }
        const reset = await deps.resetPassword(username);
        return sendPage(c, render(view, { kind: 'ok', message: withSecret(t.resetDone(reset.username), reset.password) }));
      } catch (error) {
        return sendPage(c, render(view, refusal(error)), 422);
      }
    },
  );
}

function usersPage(view: ConsoleView, message: Flash | undefined): SafeHtml {
  const t = view.t.users;
  return html`<h1>${t.title}</h1>
${flash(message)}
<div class="cards">
<form method="post" action="${PATH}" class="card">
<h2>${t.create}</h2>
${csrfInput(view)}
${textField('username', t.username, { required: true, maxLength: 64 })}
${selectField(
  'role',
  t.role,
  StaffRoles.map((r) => [r, view.t.roles[r]] as const),
  { value: 'clerk' },
)}
${textField('department', t.department, { maxLength: 18 })}
<button type="submit" class="primary">${t.create}</button>
</form>
<form method="post" action="${PATH}/action" class="card">
<h2>${t.disable} / ${t.reset}</h2>
${csrfInput(view)}
<label for="account">${t.username}</label>
<input type="text" id="account" name="username" required maxlength="64" spellcheck="false">
${selectField('action', view.t.certificates.actions, [
  ['reset', t.reset],
  ['disable', t.disable],
])}
<button type="submit" class="danger">${view.t.common.submit}</button>
</form>
</div>`;
}
