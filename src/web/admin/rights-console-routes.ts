/**
 * @module web/admin/rights-console-routes
 * Issuing and reading rights per licence type for the security admin: which departments may issue
 * each type (seal it), which are entitled to its public fields when they verify (deny by default),
 * and a form granting either. The same directories as `/v1/license-types/{code}/issuers|readers`,
 * so a grant here is checked and audited alike.
 */
import type { DepartmentService } from '../../core/departments/department-service.js';
import type { RightsDirectory } from '../../core/rights/rights-directory.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { csrfInput, flash, refusal, selectField, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';

export interface RightsConsoleDeps {
  licenseTypes(): readonly { code: string; name: string }[];
  rights: Pick<RightsDirectory, 'grant' | 'holders'>;
  departments: DepartmentService;
}

const PATH = '/console/admin/license-types';
const TEXT = { type: 'string', maxLength: 200 } as const;
const GRANT_FORM = {
  type: 'object',
  properties: { typeCode: TEXT, department: TEXT, right: { enum: ['issue', 'read'] }, _csrf: TEXT },
} as const;
type GrantForm = { typeCode?: string; department?: string; right?: 'issue' | 'read' };

interface TypeRights {
  code: string;
  name: string;
  issuers: string[];
  readers: string[];
}

export function registerRightsConsoleRoutes(routes: RouteRegistry, deps: RightsConsoleDeps): void {
  const render = async (view: ConsoleView, message?: Flash) => {
    const departments = await deps.departments.list();
    const nameOf = (uscc: string) => departments.find((d) => d.uscc === uscc)?.name ?? uscc;
    const rows: TypeRights[] = [];
    for (const type of deps.licenseTypes()) {
      rows.push({
        code: type.code,
        name: type.name,
        issuers: (await deps.rights.holders('issue', type.code)).map(nameOf),
        readers: (await deps.rights.holders('read', type.code)).map(nameOf),
      });
    }
    const choices = departments.filter((d) => d.active).map((d) => [d.uscc, `${d.name} ${d.uscc}`] as const);
    return shell(view, '证照类型权限', rightsPage(view, rows, choices, deps.licenseTypes(), message));
  };

  routes.page(
    {
      operationId: 'getConsoleRights',
      method: 'GET',
      path: PATH,
      summary: '证照类型权限 — issuing and reading rights per licence type',
      tags: ['console'],
      auth: staffPage('getConsoleRights'),
      responses: PAGE_RESPONSES,
    },
    async ({ c, session }) => sendPage(c, await render(viewOf(c, session))),
  );

  routes.page<{ body: GrantForm }>(
    {
      operationId: 'postConsoleRight',
      method: 'POST',
      path: PATH,
      summary: 'Grant a department the right to issue, or to read, a licence type (HTML form)',
      tags: ['console'],
      auth: staffPage('postConsoleRight'),
      body: { 'application/x-www-form-urlencoded': GRANT_FORM },
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'Refused, with the reason' } },
    },
    async ({ c, session, body }) => {
      const view = viewOf(c, session);
      const type = deps.licenseTypes().find((t) => t.code === body.typeCode);
      const department = body.department ?? '';
      try {
        if (!type) throw new TypeError('unknown licence type');
        await deps.rights.grant(body.right === 'read' ? 'read' : 'issue', type.code, department);
        const right = body.right === 'read' ? '查验时读取公开字段' : '颁发';
        return sendPage(c, await render(view, { kind: 'ok', message: `已授权 ${department} ${right}「${type.name}」。` }));
      } catch (error) {
        const message = error instanceof TypeError ? { kind: 'error' as const, message: '请选择证照类型。' } : refusal(error);
        return sendPage(c, await render(view, message), 422);
      }
    },
  );
}

function rightsPage(
  view: ConsoleView,
  rows: TypeRights[],
  departments: readonly (readonly [string, string])[],
  types: readonly { code: string; name: string }[],
  message: Flash | undefined,
): SafeHtml {
  return html`<h1>证照类型权限</h1>
${flash(message)}
<table id="rights">
<thead><tr><th scope="col">证照类型</th><th scope="col">可颁发的部门</th><th scope="col">可读取公开字段的部门</th></tr></thead>
<tbody>
${rows.map(
  (r) =>
    html`<tr><td>${r.name} <code>${r.code}</code></td><td>${r.issuers.join('、') || '—'}</td><td>${r.readers.join('、') || '—'}</td></tr>`,
)}
</tbody></table>
<h2>授权</h2>
<form method="post" action="${PATH}" class="filters">
${csrfInput(view)}
${selectField(
  'typeCode',
  '证照类型',
  types.map((t) => [t.code, `${t.name} ${t.code}`] as const),
)}
${selectField('department', '部门', departments)}
${selectField('right', '权限', [
  ['issue', '颁发'],
  ['read', '查验时读取公开字段'],
])}
<div><button type="submit" class="primary">授权</button></div>
</form>`;
}
