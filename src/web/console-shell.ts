/**
 * @module web/console-shell
 * The frame of every page a signed-in user sees: the top bar with the pages their role may open
 * (the same authorisation table the routes enforce, so a link is never shown that would answer
 * 403), the language switch, sign-out, and a skip link for keyboard users. The stylesheet and the
 * one script are files served by the hub (web/console-assets), so the CSP allows no inline code.
 */
import type { Context } from 'hono';
import type { AuthenticatedSession } from '../core/users/session-authenticator.js';
import type { StaffRole } from '../core/users/user.js';
import { roleMay } from '../http/authorization.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import { LANGUAGE_BACK_MAX_LENGTH } from './console-assets.js';
import { html, type SafeHtml } from './html.js';
import { languageOf, messagesFor, type Language } from './i18n.js';
import type { Messages } from './messages/zh-cn.js';

/** Who is looking and in which language: what every signed-in page needs to render its frame. */
export interface ConsoleView {
  t: Messages;
  lang: Language;
  username: string;
  role: StaffRole;
  csrfToken: string;
  /** This page's path and query string, for the language switch to come back to. */
  path: string;
}

export function viewOf(c: Context, session: AuthenticatedSession): ConsoleView {
  const lang = languageOf(c);
  return {
    t: messagesFor(lang),
    lang,
    username: session.username,
    role: session.principal.role as StaffRole,
    csrfToken: session.csrfToken,
    path: pageOf(c),
  };
}

/**
 * Where the language switch comes back to: this page, or — after a form was posted, when this path
 * answers POST only — the page the form was on (the same-origin Referer), else the landing page. The
 * query string comes along (a filtered list stays filtered) unless it is too long to carry. The hub
 * answers `Referrer-Policy: no-referrer`, so the frame's `<meta name="referrer">` lets a console
 * form send its page to the hub itself (same-origin only; other sites still get nothing).
 */
function pageOf(c: Context): string {
  const url = new URL(c.req.url);
  const page = c.req.method === 'GET' ? url : sameOriginReferer(c, url);
  if (!page) return '/console';
  const withQuery = page.pathname + page.search;
  return withQuery.length <= LANGUAGE_BACK_MAX_LENGTH ? withQuery : page.pathname;
}

function sameOriginReferer(c: Context, url: URL): URL | undefined {
  try {
    const from = new URL(c.req.header('referer') ?? '');
    return from.host === url.host && from.pathname.startsWith('/console') ? from : undefined;
  } catch {
    return undefined;
  }
}

/** The pages of the top bar, each shown when the role may open it. */
const NAV: readonly { operationId: string; href: string; label: (t: Messages) => string }[] = [
  { operationId: 'getConsole', href: '/console', label: (t) => t.nav.home },
  { operationId: 'getConsoleCaseIntake', href: '/console/cases/new', label: (t) => t.nav.cases },
  { operationId: 'getConsoleVerify', href: '/console/verify', label: (t) => t.nav.verify },
  { operationId: 'getConsoleVerifyPresented', href: '/console/verify/presented', label: (t) => t.nav.presented },
  { operationId: 'getConsoleRecentVerifications', href: '/console/verify/recent', label: (t) => t.nav.recent },
  { operationId: 'getConsoleDepartments', href: '/console/admin/departments', label: (t) => t.nav.departments },
  { operationId: 'getConsoleCertificates', href: '/console/admin/certificates', label: (t) => t.nav.certificates },
  { operationId: 'getConsoleRights', href: '/console/admin/license-types', label: (t) => t.nav.rights },
  { operationId: 'getConsoleUsers', href: '/console/admin/users', label: (t) => t.nav.users },
  { operationId: 'getConsoleWebhooks', href: '/console/admin/webhooks', label: (t) => t.nav.webhooks },
  { operationId: 'getConsoleCatalogue', href: '/console/admin/catalogue', label: (t) => t.nav.catalogue },
  { operationId: 'getConsoleAudit', href: '/console/audit', label: (t) => t.nav.audit },
  { operationId: 'getConsoleAuditVerify', href: '/console/audit/verify', label: (t) => t.nav.auditVerify },
  { operationId: 'getConsoleStats', href: '/console/stats', label: (t) => t.nav.stats },
  { operationId: 'getConsoleSupervision', href: '/console/supervision', label: (t) => t.nav.supervision },
];

export function shell(view: ConsoleView, title: string, body: SafeHtml): SafeHtml {
  const { t } = view;
  const links = NAV.filter((item) => roleMay(item.operationId, view.role));
  return html`<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${view.csrfToken}">
<meta name="referrer" content="same-origin">
<title>${title} · ${t.app}</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${t.skip}</a>
<header class="top">
<a class="brand" href="/console">${t.app}</a>
<nav aria-label="${t.nav.home}"><ul>
${links.map((item) => html`<li><a href="${item.href}"${item.href === view.path.split('?')[0] ? html` aria-current="page"` : undefined}>${item.label(t)}</a></li>`)}
</ul></nav>
<div class="who">
<span>${t.signedInAs(view.username, t.roles[view.role])}</span>
<a href="/console/language?to=${t.otherLanguage.code}&amp;back=${encodeURIComponent(view.path)}" lang="${t.otherLanguage.code}">${t.otherLanguage.label}</a>
<form method="post" action="/console/logout"><input type="hidden" name="${CSRF_FIELD}" value="${view.csrfToken}"><button type="submit">${t.logout}</button></form>
</div>
</header>
<main id="main" class="wide" tabindex="-1">
${body}
</main>
</body>
</html>`;
}
