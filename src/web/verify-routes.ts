/**
 * @module web/verify-routes
 * The clerk's verification pages (tag `console` in /openapi.json): by identifier or number, and of
 * a presented licence. They call the same use cases as `POST /v1/verifications[/presented]`, so a
 * check made at the counter is audited and receipted exactly like one made by a system.
 *
 * They are console pages (http/route-auth): an anonymous visitor is sent to the sign-in form
 * instead of getting a problem+json 401, a role the authorisation table does not let verify gets a
 * page saying who may, and a POST without the session's anti-CSRF token gets a fresh form.
 */
import type { Context } from 'hono';
import type { Principal } from '../core/auth/principal.js';
import { HubError } from '../core/errors.js';
import type { AuthenticatedSession } from '../core/users/session-authenticator.js';
import type { VerificationRequest } from '../core/verification/verification.js';
import type { HubEnv } from '../http/hub-env.js';
import type { ConsolePageAuth, RouteRegistry } from '../http/route.js';
import type { SafeHtml } from './html.js';
import { sendPage } from './page-kit.js';
import { qrSvg } from './qr-svg.js';
import { viewOf } from './console-shell.js';
import { PRESENTED_FORM, readPresentedForm, readVerifyForm, VERIFY_FORM, type FormBody } from './verify-forms.js';
import {
  notAllowedPage,
  presentedFormPage,
  verifyFormPage,
  type LicenseTypeOption,
  type PresentedFormOptions,
  type FormMessages,
  type VerifyFormOptions,
} from './verify-pages.js';
import { resultPage, type VerificationOutcome } from './verify-result-page.js';

type Purpose = { caseNo: string; serviceItem?: string };

export interface VerifyConsoleDeps {
  verify(caller: Principal, request: VerificationRequest): Promise<VerificationOutcome>;
  verifyPresented(caller: Principal, presented: string, purpose: Purpose): Promise<VerificationOutcome>;
  licenseTypes(): readonly LicenseTypeOption[];
  /** Where the receipt keys are published (`<public URL>/.well-known/jwks.json`). */
  jwksUrl: string;
}

const HTML = { description: 'HTML page', contentType: 'text/html' };
const PRESENTED_PATH = '/console/verify/presented';
/** A licence file of up to 1 MiB plus the form around it. */
export const verifyConsoleBodyLimits = [{ method: 'POST', path: PRESENTED_PATH, maxBytes: 1024 * 1024 + 64 * 1024 }] as const;

export function registerVerifyConsoleRoutes(routes: RouteRegistry, deps: VerifyConsoleDeps): void {
  /** A role that may not verify gets a page saying who may; a stale or foreign form a fresh one (403). */
  const pageAuth = (blank: (c: Context<HubEnv>, session: AuthenticatedSession) => SafeHtml): ConsolePageAuth => ({
    mode: 'console',
    forbidden: (c, session) => sendPage(c, notAllowedPage(session.principal.role, session.csrfToken, viewOf(c, session)), 403),
    csrfRefused: (c, session) => sendPage(c, blank(c, session), 403),
  });
  const verifyBlank = (c: Context<HubEnv>, session: AuthenticatedSession) =>
    verifyFormPage({
      csrfToken: session.csrfToken,
      view: viewOf(c, session),
      types: types(),
      errors: { form: viewOf(c, session).t.verify.errors.expired },
    });
  const presentedBlank = (c: Context<HubEnv>, session: AuthenticatedSession) =>
    presentedFormPage({
      csrfToken: session.csrfToken,
      view: viewOf(c, session),
      errors: { form: viewOf(c, session).t.verify.errors.expired },
    });

  const types = () => deps.licenseTypes().map((t) => ({ code: t.code, name: t.name }));
  const typeName = (code: string) => deps.licenseTypes().find((t) => t.code === code)?.name;
  const rateLimited = (c: Context<HubEnv>, m: FormMessages, error: HubError) => {
    const seconds = Math.max(1, Math.ceil(Number(error.extra?.retryAfter ?? 1)));
    c.header('Retry-After', String(seconds));
    return error.code === 'ERR_HOLDER_CHECKS_LIMITED' ? m.holderChecksLimited(seconds) : m.rateLimited(seconds);
  };

  routes.page(
    {
      operationId: 'getConsoleVerify',
      method: 'GET',
      path: '/console/verify',
      summary: '证照核验 — verify a licence by identifier or number for a case (form)',
      tags: ['console'],
      auth: pageAuth(verifyBlank),
      responses: {
        200: HTML,
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'The role may not verify' },
      },
    },
    ({ c, session }) => sendPage(c, verifyFormPage({ csrfToken: session.csrfToken, view: viewOf(c, session), types: types() })),
  );

  routes.page<{ body: FormBody }>(
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
      auth: pageAuth(verifyBlank),
      body: { 'application/x-www-form-urlencoded': VERIFY_FORM, 'multipart/form-data': VERIFY_FORM },
      responses: {
        200: { ...HTML, description: 'The result: 有效 / 无效 / 未找到, each check, the minimised licence and the receipt' },
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'Form token missing or wrong, or the role may not verify' },
        409: { ...HTML, description: 'The number matches several licence types (the form again, listing them)' },
        422: { ...HTML, description: 'The form again with the wrong field marked' },
        429: { ...HTML, description: 'Too many verifications; Retry-After in seconds' },
      },
    },
    async ({ c, session, body }) => {
      const view = viewOf(c, session);
      const m = view.t.verify.errors;
      const form = (more: Omit<VerifyFormOptions, 'csrfToken' | 'types'>) =>
        verifyFormPage({ csrfToken: session.csrfToken, view, types: types(), ...more });
      const parsed = readVerifyForm(body, types(), m);
      const values = parsed.values;
      if ('errors' in parsed) return sendPage(c, form({ values, errors: parsed.errors }), 422);
      try {
        const outcome = await deps.verify(session.principal, parsed.request);
        return sendPage(
          c,
          resultPage({
            kind: 'number',
            outcome,
            purpose: parsed.request.purpose,
            typeName,
            jwksUrl: deps.jwksUrl,
            csrfToken: session.csrfToken,
            view,
            receiptQr: await qrSvg(outcome.receipt, view.t.verify.receiptQr),
          }),
        );
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        switch (error.code) {
          case 'ERR_LICENSE_ID_INVALID': {
            const expected = error.extra?.expected;
            const message = typeof expected === 'string' ? m.checkChar(expected) : error.detail;
            return sendPage(c, form({ values, errors: { licenseId: message } }), 422);
          }
          case 'ERR_LICENSE_AMBIGUOUS': {
            const listed = (error.extra?.candidates ?? []) as { typeCode: string; issuer: string }[];
            const candidates = listed.map((x) => ({ typeCode: x.typeCode, issuer: x.issuer, typeName: typeName(x.typeCode) }));
            return sendPage(c, form({ values, errors: { typeCode: m.typeUnknown }, candidates }), 409);
          }
          case 'ERR_VERIFICATION_RATE_LIMITED':
          case 'ERR_HOLDER_CHECKS_LIMITED':
            return sendPage(c, form({ values, errors: { form: rateLimited(c, m, error) } }), 429);
          case 'ERR_VALIDATION':
            return sendPage(c, form({ values, errors: { form: view.t.verify.inputError(error.detail) } }), 422);
          default:
            throw error;
        }
      }
    },
  );

  routes.page(
    {
      operationId: 'getConsoleVerifyPresented',
      method: 'GET',
      path: PRESENTED_PATH,
      summary: '核验出示的证照 — verify a presented licence: QR content, JWS or its file (form)',
      tags: ['console'],
      auth: pageAuth(presentedBlank),
      responses: {
        200: HTML,
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'The role may not verify' },
      },
    },
    ({ c, session }) => sendPage(c, presentedFormPage({ csrfToken: session.csrfToken, view: viewOf(c, session) })),
  );

  routes.page<{ body: FormBody }>(
    {
      operationId: 'postConsoleVerifyPresented',
      method: 'POST',
      path: PRESENTED_PATH,
      summary: 'Verify a presented licence (HTML form, multipart): the result page with integrity, issuer, known and status',
      description:
        'Form fields (`multipart/form-data`): `caseNo` (required), `serviceItem`, and either `presented` (the QR content ' +
        '`ZZ1:<licence id>:<sha256 hex>` or the compact JWS) or `file` (a .jws/.txt holding the JWS, at most 1 MiB), and `_csrf`.',
      tags: ['console'],
      auth: pageAuth(presentedBlank),
      body: { 'multipart/form-data': PRESENTED_FORM, 'application/x-www-form-urlencoded': PRESENTED_FORM },
      responses: {
        200: { ...HTML, description: 'The result with each check and the receipt' },
        303: { description: 'Not signed in: to /console/login' },
        403: { ...HTML, description: 'Form token missing or wrong, or the role may not verify' },
        422: { ...HTML, description: 'The form again with the wrong field marked' },
        429: { ...HTML, description: 'Too many verifications; Retry-After in seconds' },
      },
    },
    async ({ c, session, body }) => {
      const view = viewOf(c, session);
      const m = view.t.verify.errors;
      const parsed = readPresentedForm(body, m);
      const form = (errors: PresentedFormOptions['errors']) =>
        presentedFormPage({ csrfToken: session.csrfToken, view, values: parsed.values, errors });
      if ('errors' in parsed) return sendPage(c, form(parsed.errors), 422);
      try {
        const outcome = await deps.verifyPresented(session.principal, parsed.presented, parsed.purpose);
        return sendPage(
          c,
          resultPage({
            kind: 'presented',
            outcome,
            purpose: parsed.purpose,
            typeName,
            jwksUrl: deps.jwksUrl,
            csrfToken: session.csrfToken,
            view,
            receiptQr: await qrSvg(outcome.receipt, view.t.verify.receiptQr),
          }),
        );
      } catch (error) {
        if (!(error instanceof HubError)) throw error;
        switch (error.code) {
          case 'ERR_LICENSE_ID_INVALID':
            return sendPage(c, form({ presented: view.t.verify.qrIdInvalid(error.detail) }), 422);
          case 'ERR_VALIDATION':
            return sendPage(c, form({ presented: m.malformedQr }), 422);
          case 'ERR_VERIFICATION_RATE_LIMITED':
            return sendPage(c, form({ form: rateLimited(c, m, error) }), 429);
          default:
            throw error;
        }
      }
    },
  );
}
