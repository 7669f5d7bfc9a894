/**
 * @module web/console-pages
 * The console's pages, Chinese first: layout, sign-in form and the landing page. No external
 * assets (county networks are often cut off from the internet): the stylesheet and the one script are
 * files served by the hub (web/console-assets), and the Content-Security-Policy allows nothing
 * inline, so injected markup can neither run script nor restyle the page.
 */
import type { CalendarGap } from '../core/cases/calendar-watch.js';
import { StaffRoles } from '../core/users/user.js';
import { roleMay } from '../http/authorization.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import { shell, type ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';
import { zhCN, type Messages } from './messages/zh-cn.js';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The page frame: for a signed-in user (`view`) the console shell with its navigation; without one
 * (the sign-in form) a plain frame with the language switch. `wide` for pages with tables.
 */
export function layout(
  title: string,
  body: SafeHtml,
  csrfToken?: string,
  options: { wide?: boolean; view?: ConsoleView; t?: Messages; path?: string } = {},
): SafeHtml {
  if (options.view) return shell(options.view, title, body);
  const t = options.t ?? zhCN;
  return html`<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken === undefined ? undefined : html`<meta name="csrf-token" content="${csrfToken}">`}
<title>${title} · ${t.app}</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<header class="top"><span class="brand">${t.app} · zhengzhao</span>${
    options.path
      ? html`<div class="who"><a href="/console/language?to=${t.otherLanguage.code}&amp;back=${options.path}" lang="${t.otherLanguage.code}">${t.otherLanguage.label}</a></div>`
      : undefined
  }</header>
<main id="main"${options.wide ? html` class="wide"` : undefined}>
${body}
</main>
</body>
</html>`;
}

export function loginPage(options: { csrfToken: string; error?: string | undefined; t?: Messages }): SafeHtml {
  const t = (options.t ?? zhCN).login;
  return layout(
    t.title,
    html`<h1>${t.heading}</h1>
${options.error === undefined ? undefined : html`<p class="error" role="alert">${options.error}</p>`}
<form method="post" action="/console/login" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
<label for="username">${t.username}</label>
<input type="text" id="username" name="username" required maxlength="64" autocapitalize="none" spellcheck="false" autofocus>
<label for="password">${t.password}</label>
<input type="password" id="password" name="password" required autocomplete="current-password">
<button type="submit">${t.submit}</button>
</form>`,
    undefined,
    { t: options.t ?? zhCN, path: '/console/login' },
  );
}

/** The staff roles that may perform an operation, in the page's language: the console says who may, not just "no". */
export function rolesMay(operationId: string, t: Messages = zhCN): string {
  return StaffRoles.filter((role) => roleMay(operationId, role))
    .map((role) => t.roles[role])
    .join(t.lang === 'en' ? ', ' : '、');
}

/**
 * The landing page: who is signed in, for which department, and what their role does here; for
 * those who may enter the working calendar, the years they must enter now (`calendar`).
 */
export function homePage(
  view: ConsoleView,
  department: { uscc: string; name: string | undefined } | undefined,
  calendar?: CalendarGap,
): SafeHtml {
  const t = view.t.home;
  return shell(
    view,
    t.title,
    html`<h1>${t.welcome(view.username)}</h1>
${
  calendar && calendar.due.length > 0 && roleMay('correctCalendar', view.role)
    ? html`<p id="calendar-missing" class="error" role="alert">${t.calendarMissing(calendar.due, calendar.daysUntilUnknown)}</p>`
    : undefined
}
<dl>
<dt>${t.username}</dt><dd>${view.username}</dd>
<dt>${t.role}</dt><dd>${view.t.roles[view.role]}</dd>
<dt>${t.department}</dt><dd>${department ? html`<span lang="zh-CN">${department.name ?? ''}</span> ${department.uscc}` : t.county}</dd>
</dl>
<h2>${t.verify}</h2>
${
  roleMay('verifyLicense', view.role)
    ? html`<ul>
<li><a href="/console/verify">${t.byNumber}</a></li>
<li><a href="/console/verify/presented">${t.presented}</a></li>
</ul>`
    : html`<p class="note">${t.cannotVerify(rolesMay('verifyLicense', view.t), view.t.roles[view.role])}</p>`
}`,
  );
}
