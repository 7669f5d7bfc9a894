/**
 * @module web/console-pages
 * The console's pages, Chinese first: layout, sign-in form and the landing page. No external
 * assets (county networks are often cut off from the internet); the one stylesheet is inline and
 * allowed by its hash in the Content-Security-Policy, so no other inline code can run.
 */
import { createHash } from 'node:crypto';
import { StaffRoles, type StaffRole } from '../core/users/user.js';
import { roleMay } from '../http/authorization.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import { html, SafeHtml } from './html.js';

const STYLE = `
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;background:#f3f5f8;color:#1f2933}
header{background:#b71c1c;color:#fff;padding:12px 24px;font-size:18px}
main{max-width:420px;margin:48px auto;background:#fff;padding:24px 32px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
label{display:block;margin:16px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:16px}
button{margin-top:20px;padding:8px 20px;font-size:16px;cursor:pointer}
.error{color:#b71c1c;background:#fdecea;padding:8px 12px;border-radius:4px}
dt{color:#52606d;margin-top:8px}dd{margin:0 0 4px 0}
main.wide{max-width:880px}
select,textarea{width:100%;box-sizing:border-box;padding:8px;font-size:16px}
textarea{font-family:monospace;font-size:13px}
fieldset{border:1px solid #d9dee4;border-radius:4px;margin:16px 0;padding:4px 16px 16px}
.invalid input,.invalid select,.invalid textarea{border:2px solid #b71c1c;background:#fff8f7}
.field-error{color:#b71c1c;margin:4px 0 0}
.note,small{color:#52606d}
.banner{font-size:32px;font-weight:bold;text-align:center;padding:16px;border-radius:6px;color:#fff}
.banner.valid{background:#1b7f3b}.banner.invalid{background:#b71c1c}.banner.not_found{background:#7b8794}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
.pass{color:#1b7f3b;font-weight:bold}.fail{color:#b71c1c;font-weight:bold}.skip{color:#7b8794}
code{font-size:13px;background:#f3f5f8;padding:1px 4px;border-radius:3px;word-break:break-all}
`;

export const CONSOLE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
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

/** The page frame every console page shares; `wide` for pages with tables (verification results). */
export function layout(title: string, body: SafeHtml, csrfToken?: string, options: { wide?: boolean } = {}): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken === undefined ? undefined : html`<meta name="csrf-token" content="${csrfToken}">`}
<title>${title} · 证照交换枢纽</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header>证照交换枢纽 · zhengzhao</header>
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

export interface HomePageData {
  username: string;
  role: StaffRole;
  department: { uscc: string; name: string | undefined } | undefined;
  csrfToken: string;
}

/** The staff roles that may perform an operation, named in Chinese: the console says who may, not just "no". */
export function rolesMay(operationId: string): string {
  return StaffRoles.filter((role) => roleMay(operationId, role))
    .map((role) => ROLE_LABELS[role])
    .join('、');
}

export function homePage(data: HomePageData): SafeHtml {
  const department = data.department;
  return layout(
    '工作台',
    html`<h1>欢迎，${data.username}</h1>
<dl>
<dt>用户名</dt><dd>${data.username}</dd>
<dt>角色</dt><dd>${ROLE_LABELS[data.role]}</dd>
<dt>所属部门</dt><dd>${department ? html`${department.name ?? ''} ${department.uscc}` : '全县（不限部门）'}</dd>
</dl>
<h2>证照核验</h2>
${
  roleMay('verifyLicense', data.role)
    ? html`<ul>
<li><a href="/console/verify">按证照标识或证照编号核验</a></li>
<li><a href="/console/verify/presented">核验出示的证照（二维码内容或证照文件）</a></li>
</ul>`
    : html`<p class="note">证照核验仅限${rolesMay('verifyLicense')}为办件使用；您的角色（${ROLE_LABELS[data.role]}）不能核验证照。</p>`
}
<form method="post" action="/console/logout">
<input type="hidden" name="${CSRF_FIELD}" value="${data.csrfToken}">
<button type="submit">退出登录</button>
</form>`,
    data.csrfToken,
  );
}
