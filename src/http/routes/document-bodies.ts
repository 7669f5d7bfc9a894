/**
 * @module http/routes/document-bodies
 * Reading the bodies of the document routes, which take two media types each — the route table's
 * body declaration names one, so these routes read their own: a compact JWS alone or a multipart
 * form with the file for publication, JSON or a multipart upload for verification. Body size is
 * bounded before this by the app's per-route limit.
 */
import type { Context } from 'hono';
import type { PublishDocumentInput } from '../../core/documents/publish-document.js';
import type { VerifyDocumentInput } from '../../core/documents/verify-document.js';
import type { DocumentFile } from '../../core/documents/document.js';
import { MalformedRequestError, UnsupportedMediaTypeError, ValidationError } from '../../core/errors.js';
import type { ValidateFn } from '../../core/ports/json-validator.js';
import type { HubEnv } from '../hub-env.js';

type FormValue = string | File;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

export async function readPublication(c: Context<HubEnv>): Promise<PublishDocumentInput> {
  const type = mediaTypeOf(c);
  if (type === 'application/jose') return { jws: (await c.req.text()).trim() };
  if (type === 'multipart/form-data') {
    const form = await readForm(c, ['jws', 'file']);
    const jws = form.jws instanceof File ? await form.jws.text() : form.jws;
    if (!jws?.trim()) throw required('/jws', 'the compact JWS of the sealed record');
    return { jws: jws.trim(), file: form.file === undefined ? undefined : await fileOf(form.file) };
  }
  throw new UnsupportedMediaTypeError('send the compact JWS as application/jose, or multipart/form-data with fields jws and file');
}

export async function readVerification(c: Context<HubEnv>, validate: { json: ValidateFn; form: ValidateFn }): Promise<VerifyDocumentInput> {
  const type = mediaTypeOf(c);
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(await c.req.text());
    } catch {
      throw new MalformedRequestError('the body is not valid JSON');
    }
    assertValid(validate.json(value));
    return value as VerifyDocumentInput;
  }
  if (type === 'multipart/form-data') {
    const form = await readForm(c, ['docNo', 'issuer', 'file']);
    if (form.file === undefined) throw required('/file', 'the file to check');
    const fields = { docNo: form.docNo, ...(form.issuer === undefined ? {} : { issuer: form.issuer }) };
    assertValid(validate.form(fields));
    return { docNo: form.docNo as string, issuer: form.issuer as string | undefined, file: (await fileOf(form.file)).bytes };
  }
  throw new UnsupportedMediaTypeError(
    'send {docNo, sha256, issuer?} as application/json, or multipart/form-data with docNo, issuer and file',
  );
}

function mediaTypeOf(c: Context<HubEnv>): string | undefined {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
}

/** Each field at most once, and only the named ones: a misspelt `file` must not pass unnoticed. */
async function readForm(c: Context<HubEnv>, allowed: readonly string[]): Promise<Record<string, FormValue | undefined>> {
  let form: Record<string, FormValue | FormValue[]>;
  try {
    form = (await c.req.parseBody({ all: true })) as Record<string, FormValue | FormValue[]>;
  } catch {
    throw new MalformedRequestError('the multipart body cannot be parsed');
  }
  const unknown = Object.keys(form).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new ValidationError(`the form takes only ${allowed.join(', ')}`, {
      errors: unknown.slice(0, 10).map((name) => ({ pointer: `/${name.slice(0, 64)}`, detail: 'is not a field of this form' })),
    });
  }
  for (const [name, value] of Object.entries(form)) {
    if (Array.isArray(value)) throw new MalformedRequestError(`the form field ${name} is repeated`);
  }
  return form as Record<string, FormValue>;
}

async function fileOf(value: FormValue): Promise<DocumentFile> {
  if (!(value instanceof File))
    throw new ValidationError('file must be a file part', {
      errors: [{ pointer: '/file', detail: 'must be a file part (filename given)' }],
    });
  return {
    bytes: new Uint8Array(await value.arrayBuffer()),
    name: value.name ? value.name.slice(0, 255) : undefined,
    mediaType: MEDIA_TYPE.test(value.type) ? value.type.toLowerCase() : undefined,
  };
}

function required(pointer: string, what: string): ValidationError {
  return new ValidationError(`${pointer.slice(1)} is required`, { errors: [{ pointer, detail: `is required: ${what}` }] });
}

function assertValid(errors: ReturnType<ValidateFn>): void {
  if (errors.length > 0) throw new ValidationError('the request body does not match the schema', { errors });
}
