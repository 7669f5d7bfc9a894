/**
 * @module web/console-pages
 * The console's pages, Chinese first: layout, sign-in form and the landing page. No external
 * assets (county networks are often cut off from the internet): the stylesheet and the one script are
 * files served by the hub (web/console-assets), and the Content-Security-Policy allows nothing
 * inline, so injected markup can neither run script nor restyle the page.
 */
import { StaffRoles, type StaffRole } from '../core/users/user.js';
import { roleMay } from '../http/authorization.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import { shell, type ConsoleView } from './console-shell.js';
import { html, SafeHtml } from './html.js';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  clerk: '窗口人员',
  'dept-admin': '部门管理员',
  'security-admin': '安全管理员',
  auditor: '督查人员',
};

/** What the sign-in form says when it is shown again. */
export const LOGIN_MESSAGES = {
  failed: '用户名或密码错误。',
  locked: (seconds: number) => `登录失败次数过多，请 ${seconds} 秒后再试。`,
  expired: '登录页面已过期，请重新输入用户名和密码。',
} as const;

/**
 * The page frame: for a signed-in user (`view`) the console shell with its navigation; without one
 * (the sign-in form) a plain frame. `wide` for pages with tables.
 */
export function layout(title: string, body: SafeHtml, csrfToken?: string, options: { wide?: boolean; view?: ConsoleView } = {}): SafeHtml {
  if (options.view) return shell(options.view, title, body);
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken === undefined ? undefined : html`<meta name="csrf-token" content="${csrfToken}">`}
<title>${title} · 证照交换枢纽</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<header class="top"><span class="brand">证照交换枢纽 · zhengzhao</span></header>
<main${options.wide ? html` class="wide"` : undefined}>
${body}
</main>
</body>
</html>`;
}

export function loginPage(options: { csrfToken: string; error?: string | undefined }): SafeHtml {
  return layout(
    '登录',
    html`<h1>工作人员登录</h1>
${options.error === undefined ? undefined : html`<p class="error" role="alert">${options.error}</p>`}
<form method="post" action="/console/login" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
<label for="username">用户名</label>
<input type="text" id="username" name="username" required maxlength="64" autocapitalize="none" spellcheck="false" autofocus>
<label for="password">密码</label>
<input type="password" id="password" name="password" required autocomplete="current-password">
<button type="submit">登录</button>
</form>`,
  );
}

/** The staff roles that may perform an operation, named in Chinese: the console says who may, not just "no". */
export function rolesMay(operationId: string): string {
  return StaffRoles.filter((role) => roleMay(operationId, role))
    .map((role) => ROLE_LABELS[role])
    .join('、');
}

/** The landing page: who is signed in, for which department, and what their role does here. */
export function homePage(view: ConsoleView, department: { uscc: string; name: string | undefined } | undefined): SafeHtml {
  return shell(
    view,
    '工作台',
    html`<h1>欢迎，${view.username}</h1>
<dl>
<dt>用户名</dt><dd>${view.username}</dd>
<dt>角色</dt><dd>${ROLE_LABELS[view.role]}</dd>
<dt>所属部门</dt><dd>${department ? html`${department.name ?? ''} ${department.uscc}` : '全县（不限部门）'}</dd>
</dl>
<h2>证照核验</h2>
${
  roleMay('verifyLicense', view.role)
    ? html`<ul>
<li><a href="/console/verify">按证照标识或证照编号核验</a></li>
<li><a href="/console/verify/presented">核验出示的证照（二维码内容或证照文件）</a></li>
</ul>`
    : html`<p class="note">证照核验仅限${rolesMay('verifyLicense')}为办件使用；您的角色（${ROLE_LABELS[view.role]}）不能核验证照。</p>`
}`,
  );
}
