/**
 * @module core/bus/dead-letter-opener
 * Opening one dead letter (`POST /v1/dead-letters/open`). A dead letter carries its original
 * sealed (`dead-letter-sealer.ts`), and the original may hold a personal ID number or a
 * credential, so opening one is a disclosure: only a security admin — who runs the hub's
 * exchange and answers a department asking why its message failed — may, and the opening is
 * written to the audit chain before the content is returned (no unlogged reading). Auditors do
 * not open dead letters: they check the openings in the audit log, which names the letter by its
 * source position and keyed digest, never its content. A copy that does not open is refused with
 * a stable code, and the refusal is audited too. A credential among the original headers (the bearer
 * token of a data request) is not handed out: diagnosing a message never needs it.
 */
import { Buffer } from 'node:buffer';
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors.js';
import { DeadLetterHeaders } from '../topics.js';
import { DeadLetterMalformedError, DeadLetterUnopenableError } from './dead-letter-errors.js';
import { deadLetterContext, deadLetterDigest, type DeadLetterEnvelope, type DeadLetterKeys } from './dead-letter-sealer.js';

/** A dead letter as read from the topic: its headers and its (sealed) value. */
export interface DeadLetterCopy {
  headers: Record<string, string>;
  value: string;
}

export interface OpenedDeadLetter {
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  errorCode: string;
  /** The error's public detail as written (the header masks long digit runs). */
  errorDetail: string;
  truncated: boolean;
  originalSize: number;
  /** The original message (cut short when `truncated`). */
  key: string | null;
  headers: Record<string, string>;
  value?: string;
  valueBase64?: string;
}

export interface DeadLetterOpenerDeps {
  keys: DeadLetterKeys;
  /** Appends to the audit chain (resolves once durable). */
  record(entry: AuditEntry): Promise<void>;
  now(): Date;
}

export interface DeadLetterOpener {
  open(caller: Principal, copy: DeadLetterCopy): Promise<OpenedDeadLetter>;
}

/** The clear headers a sealed dead letter must carry, each with the shape the contract gives it. */
const REQUIRED: Readonly<Record<string, RegExp>> = {
  [DeadLetterHeaders.errorCode]: /^ERR_[A-Z0-9_]{1,100}$/,
  [DeadLetterHeaders.sourceTopic]: /^[A-Za-z0-9._-]{1,249}$/,
  [DeadLetterHeaders.sourcePartition]: /^(0|[1-9][0-9]{0,9})$/,
  [DeadLetterHeaders.sourceOffset]: /^(0|[1-9][0-9]{0,19})$/,
  [DeadLetterHeaders.originalSize]: /^(0|[1-9][0-9]{0,15})$/,
  [DeadLetterHeaders.originalDigest]: /^[0-9a-f]{64}$/,
  [DeadLetterHeaders.sealedKeyId]: /^[\x21-\x7e]{1,100}$/,
};

/** Headers that carry a credential (the exchange's `authorization`, per schemas/messages). */
const CREDENTIAL_HEADERS = new Set(['authorization']);

export function createDeadLetterOpener(deps: DeadLetterOpenerDeps): DeadLetterOpener {
  const audit = (caller: Principal, action: string, target: string | undefined, result: string, details: Record<string, unknown>) =>
    deps.record({ ...auditEntry(caller, action, deps.now(), { target, details }), result });

  return {
    async open(caller, copy) {
      if (caller.role !== 'security-admin') throw new ForbiddenError('只有安全管理员可以打开死信');
      let target: string | undefined;
      let details: Record<string, unknown> = {};
      try {
        const headers = parseHeaders(copy);
        target = `${headers[DeadLetterHeaders.sourceTopic]}/${headers[DeadLetterHeaders.sourcePartition]}@${headers[DeadLetterHeaders.sourceOffset]}`;
        details = {
          errorCode: headers[DeadLetterHeaders.errorCode],
          keyId: headers[DeadLetterHeaders.sealedKeyId],
          originalSize: Number(headers[DeadLetterHeaders.originalSize]),
          originalDigest: headers[DeadLetterHeaders.originalDigest],
          truncated: headers[DeadLetterHeaders.truncated] === 'true',
        };
        // Another instance may have rotated the body key and sealed this letter under the new one.
        await deps.keys.sealer.learn(headers[DeadLetterHeaders.sealedKeyId] as string);
        const opened = openLetter(deps.keys, headers, copy.value);
        await audit(caller, AuditActions.deadLetterOpen, target, 'ok', details);
        return opened;
      } catch (error) {
        if (error instanceof DeadLetterMalformedError || error instanceof DeadLetterUnopenableError) {
          await audit(caller, AuditActions.deadLetterOpenRefused, target, error.code, details);
        }
        throw error;
      }
    },
  };
}

function parseHeaders(copy: DeadLetterCopy): Record<string, string> {
  const { headers } = copy;
  const wrong = Object.entries(REQUIRED)
    .filter(([name, shape]) => typeof headers[name] !== 'string' || !shape.test(headers[name]))
    .map(([name]) => name);
  const truncated = headers[DeadLetterHeaders.truncated];
  if (truncated !== undefined && truncated !== 'true') wrong.push(DeadLetterHeaders.truncated);
  if (wrong.length > 0) throw new DeadLetterMalformedError(`不是加密的死信：消息头 ${wrong.join('、')} 缺失或格式不符`);
  if (copy.value.length === 0) throw new DeadLetterMalformedError('不是加密的死信：消息值为空');
  return headers;
}

function openLetter(keys: DeadLetterKeys, headers: Record<string, string>, sealed: string): OpenedDeadLetter {
  const unopenable = (cause?: unknown) =>
    new DeadLetterUnopenableError('死信无法打开：内容或消息头已被改动，或由本枢纽没有的密钥加密', { cause });
  let envelope: DeadLetterEnvelope;
  try {
    const plain = keys.sealer.open({ keyId: headers[DeadLetterHeaders.sealedKeyId] as string, sealed }, deadLetterContext(headers));
    envelope = JSON.parse(plain) as DeadLetterEnvelope;
  } catch (cause) {
    throw unopenable(cause);
  }
  const value = envelope.value !== undefined ? Buffer.from(envelope.value, 'utf8') : Buffer.from(envelope.valueBase64 ?? '', 'base64');
  const truncated = headers[DeadLetterHeaders.truncated] === 'true';
  const originalSize = Number(headers[DeadLetterHeaders.originalSize]);
  // Bound by the sealing already; checked again so a sealing bug cannot hand out the wrong content.
  if (
    !truncated &&
    (value.length !== originalSize || deadLetterDigest(keys.digests, value) !== headers[DeadLetterHeaders.originalDigest])
  ) {
    throw unopenable();
  }
  return {
    sourceTopic: headers[DeadLetterHeaders.sourceTopic] as string,
    sourcePartition: Number(headers[DeadLetterHeaders.sourcePartition]),
    sourceOffset: headers[DeadLetterHeaders.sourceOffset] as string,
    errorCode: headers[DeadLetterHeaders.errorCode] as string,
    errorDetail: envelope.errorDetail,
    truncated,
    originalSize,
    key: envelope.key,
    headers: withoutCredentials(envelope.headers),
    ...(envelope.value !== undefined ? { value: envelope.value } : { valueBase64: envelope.valueBase64 }),
  };
}

/** The original headers with credentials replaced: the opener answers what failed, not who could act. */
function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, CREDENTIAL_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value]),
  );
}
