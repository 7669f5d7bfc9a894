/**
 * @module web/verify-routes
 * The clerk's verification pages (tag `console` in /openapi.json): by identifier or number, and of
 * a presented licence. They call the same use cases as `POST /v1/verifications[/presented]`, so a
 * check made at the counter is audited and receipted exactly like one made by a system.
 *
 * Like the other console pages they are 'public' in the authorisation table and check the session
 * themselves: an anonymous visitor is sent to the sign-in form instead of getting a problem+json
 * 401, a role that may not verify gets a page saying who may, and every POST must carry the
 * session's anti-CSRF token.
 */
import type { Context } from 'hono';
import type { Principal } from '../core/auth/principal.js';
import { HubError, UnsupportedMediaTypeError } from '../core/errors.js';
import type { AuthenticatedSession, SessionAuthenticator } from '../core/users/session-authenticator.js';
import { CsrfError } from '../core/users/user-errors.js';
import type { VerificationRequest } from '../core/verification/verification.js';
import { roleMay } from '../http/authorization.js';
import type { HubEnv } from '../http/hub-env.js';
import type { RouteRegistry } from '../http/route.js';
import { assertCsrf, clearSessionCookie, readSessionCookie } from '../http/session-cookie.js';
import { CONSOLE_CSP } from './console-pages.js';
import type { SafeHtml } from './html.js';
import { readPresentedForm, readVerifyForm } from './verify-forms.js';
import {
  FORM_MESSAGES,
  notAllowedPage,
  presentedFormPage,
  verifyFormPage,
  type LicenseTypeOption,
  type PresentedFormOptions,
  type VerifyFormOptions,
} from './verify-pages.js';
import { resultPage, type VerificationOutcome } from './verify-result-page.js';

type Purpose = { caseNo: string; serviceItem?: string };

export interface VerifyConsoleDeps {
  sessions: SessionAuthenticator;
  secureCookies: boolean;
  verify(caller: Principal, request: VerificationRequest): Promise<VerificationOutcome>;
  verifyPresented(caller: Principal, presented: string, purpose: Purpose): Promise<VerificationOutcome>;
  licenseTypes(): readonly LicenseTypeOption[];
  /** Where the receipt keys are published (`<public URL>/.well-known/jwks.json`). */
  jwksUrl: string;
}

const HTML = { description: 'HTML page', contentType: 'text/html' };
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const PRESENTED_PATH = '/console/verify/presented';
/** A licence file of up to 1 MiB plus the form around it. */
export const verifyConsoleBodyLimits = [{ method: 'POST', path: PRESENTED_PATH, maxBytes: 1024 * 1024 + 64 * 1024 }] as const;

type Status = 200 | 403 | 409 | 422 | 429;

export function registerVerifyConsoleRoutes(routes: RouteRegistry, deps: VerifyConsoleDeps): void {
  const page = (c: Context<HubEnv>, body: SafeHtml, status: Status = 200) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', CONSOLE_CSP);
    return c.html(body.value, status);
  };

  /** The signed-in session allowed to verify, or the page to answer instead. */
  const entry = async (c: Context<HubEnv>): Promise<AuthenticatedSession | Response> => {
    const sessionId = readSessionCookie(c);
    const session = sessionId ? await deps.sessions.find(sessionId) : undefined;
    if (!session) {
      if (sessionId) clearSessionCookie(c, deps.secureCookies);
      return c.redirect('/console/login', 303);
    }
    if (!roleMay('verifyLicense', session.principal.role)) return page(c, notAllowedPage(session.principal.role, session.csrfToken), 403);
    return session;
  };

  /** Form posts only; a stale or foreign form gets a fresh one (403), not a problem document. */
  const formPost = async (c: Context<HubEnv>, session: AuthenticatedSession, blank: () => SafeHtml): Promise<Response | undefined> => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!FORM_TYPES.includes(type)) throw new UnsupportedMediaTypeError('send the verification form as a form');
    try {
      await assertCsrf(c, session.csrfToken);
      return undefined;
    } catch (error) {
      if (error instanceof CsrfError) return page(c, blank(), 403);
      throw error;
    }
  };

  const types = () => deps.licenseTypes().map((t) => ({ code: t.code, name: t.name }));
  const typeName = (code: string) => deps.licenseTypes().find((t) => t.code === code)?.name;
  const rateLimited = (c: Context<HubEnv>, error: HubError) => {
    const seconds = Math.max(1, Math.ceil(Number(error.extra?.retryAfter ?? 1)));
    c.header('Retry-After', String(seconds));
    return error.code === 'ERR_HOLDER_CHECKS_LIMITED' ? FORM_MESSAGES.holderChecksLimited(seconds) : FORM_MESSAGES.rateLimited(seconds);
  };

  routes.add(
    {
      operationId: 'getConsoleVerify',
      method: 'GET',
      path: '/console/verify',
      summary: '证照核验 — verify a licence by identifier or number for a case (form)',
      tags: ['console'],
      responses: {
        200: HTML,
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'The role may not verify' },
      },
    },
    async ({ c }) => {
      const session = await entry(c);
      if (session instanceof Response) return session;
      return page(c, verifyFormPage({ csrfToken: session.csrfToken, types: types() }));
    },
  );

  routes.add(
    {
      operationId: 'postConsoleVerify',
      method: 'POST',
      path: '/console/verify',
      summary: 'Verify a licence by identifier or number (HTML form): the result page with each check and the receipt',
      description:
        'Form fields: `caseNo` (required), `serviceItem`, either `licenseId` or `number` + `typeCode`, optional `holderId` / ' +
        '`holderName`, and `_csrf` (the session token). A refused form is shown again with the field marked: 422 for input ' +
        '(a wrong check character names the expected one), 409 when a number matches several licence types, 429 with ' +
        'Retry-After when rate-limited.',
      tags: ['console'],
      responses: {
        200: { ...HTML, description: 'The result: 有效 / 无效 / 未找到, each check, the minimised licence and the receipt' },
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'Form token missing or wrong, or the role may not verify' },
        409: { ...HTML, description: 'The number matches several licence types (the form again, listing them)' },
        422: { ...HTML, description: 'The form again with the wrong field marked' },
        429: { ...HTML, description: 'Too many verifications; Retry-After in seconds' },
      },
    },
    async ({ c }) => {
      const session = await entry(c);
      if (session instanceof Response) return session;
      const form = (more: Omit<VerifyFormOptions, 'csrfToken' | 'types'>) =>
        verifyFormPage({ csrfToken: session.csrfToken, types: types(), ...more });
      const refused = await formPost(c, session, () => form({ errors: { form: FORM_MESSAGES.expired } }));
      if (refused) return refused;

      const parsed = readVerifyForm(await c.req.parseBody(), types());
      const values = parsed.values;
      if ('errors' in parsed) return page(c, form({ values, errors: parsed.errors }), 422);
      try {
        const outcome = await deps.verify(session.principal, parsed.request);
        return page(
          c,
          resultPage({
            kind: 'number',
            outcome,
            purpose: parsed.request.purpose,
            typeName,
            jwksUrl: deps.jwksUrl,
            csrfToken: session.csrfToken,
          }),
        );
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        switch (error.code) {
          case 'ERR_LICENSE_ID_INVALID': {
            const expected = error.extra?.expected;
            const message = typeof expected === 'string' ? FORM_MESSAGES.checkChar(expected) : error.detail;
            return page(c, form({ values, errors: { licenseId: message } }), 422);
          }
          case 'ERR_LICENSE_AMBIGUOUS': {
            const listed = (error.extra?.candidates ?? []) as { typeCode: string; issuer: string }[];
            const candidates = listed.map((x) => ({ typeCode: x.typeCode, issuer: x.issuer, typeName: typeName(x.typeCode) }));
            return page(c, form({ values, errors: { typeCode: FORM_MESSAGES.typeUnknown }, candidates }), 409);
          }
          case 'ERR_VERIFICATION_RATE_LIMITED':
          case 'ERR_HOLDER_CHECKS_LIMITED':
            return page(c, form({ values, errors: { form: rateLimited(c, error) } }), 429);
          case 'ERR_VALIDATION':
            return page(c, form({ values, errors: { form: `输入有误：${error.detail}` } }), 422);
          default:
            throw error;
        }
      }
    },
  );

  routes.add(
    {
      operationId: 'getConsoleVerifyPresented',
      method: 'GET',
      path: PRESENTED_PATH,
      summary: '核验出示的证照 — verify a presented licence: QR content, JWS or its file (form)',
      tags: ['console'],
      responses: {
        200: HTML,
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'The role may not verify' },
      },
    },
    async ({ c }) => {
      const session = await entry(c);
      if (session instanceof Response) return session;
      return page(c, presentedFormPage({ csrfToken: session.csrfToken }));
    },
  );

  routes.add(
    {
      operationId: 'postConsoleVerifyPresented',
      method: 'POST',
      path: PRESENTED_PATH,
      summary: 'Verify a presented licence (HTML form, multipart): the result page with integrity, issuer, known and status',
      description:
        'Form fields (`multipart/form-data`): `caseNo` (required), `serviceItem`, and either `presented` (the QR content ' +
        '`ZZ1:<licence id>:<sha256 hex>` or the compact JWS) or `file` (a .jws/.txt holding the JWS, at most 1 MiB), and `_csrf`.',
      tags: ['console'],
      responses: {
        200: { ...HTML, description: 'The result with each check and the receipt' },
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'Form token missing or wrong, or the role may not verify' },
        422: { ...HTML, description: 'The form again with the wrong field marked' },
        429: { ...HTML, description: 'Too many verifications; Retry-After in seconds' },
      },
    },
    async ({ c }) => {
      const session = await entry(c);
      if (session instanceof Response) return session;
      const refused = await formPost(c, session, () =>
        presentedFormPage({ csrfToken: session.csrfToken, errors: { form: FORM_MESSAGES.expired } }),
      );
      if (refused) return refused;

      const parsed = await readPresentedForm(await c.req.parseBody());
      const form = (errors: PresentedFormOptions['errors']) =>
        presentedFormPage({ csrfToken: session.csrfToken, values: parsed.values, errors });
      if ('errors' in parsed) return page(c, form(parsed.errors), 422);
      try {
        const outcome = await deps.verifyPresented(session.principal, parsed.presented, parsed.purpose);
        return page(
          c,
          resultPage({
            kind: 'presented',
            outcome,
            purpose: parsed.purpose,
            typeName,
            jwksUrl: deps.jwksUrl,
            csrfToken: session.csrfToken,
          }),
        );
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        switch (error.code) {
          case 'ERR_LICENSE_ID_INVALID':
            return page(c, form({ presented: `二维码中的证照标识无效：${error.detail}` }), 422);
          case 'ERR_VALIDATION':
            return page(c, form({ presented: FORM_MESSAGES.malformedQr }), 422);
          case 'ERR_VERIFICATION_RATE_LIMITED':
            return page(c, form({ form: rateLimited(c, error) }), 429);
          default:
            throw error;
        }
      }
    },
  );
}
