/**
 * @module http/routes/audit-routes
 * `/v1/audit` for auditors: the entries (filters, id cursor) and the integrity proof of every chain.
 * A personal ID number is never a filter value in the log: `?holderId=` is hashed with the hub's
 * audit key here and matched against `details.holderIdHash`.
 */
import { Buffer } from 'node:buffer';
import type { AuditFilter, AuditRecord } from '../../core/audit/audit-record.js';
import type { AuditVerification } from '../../core/audit/audit-verification.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { AuditReader } from '../../core/ports/audit-reader.js';
import type { PersonalIdHasher } from '../../core/ports/personal-id-hasher.js';
import type { RouteRegistry } from '../route.js';
import { parseInstant, TIME_QUERY } from './query-time.js';

export interface AuditRouteDeps {
  audit: Pick<AuditReader, 'search'>;
  verify(): Promise<AuditVerification>;
  personalIds: PersonalIdHasher;
}

export const MAX_AUDIT_PAGE = 500;
const DEFAULT_AUDIT_PAGE = 100;
const TEXT_FILTERS = ['action', 'actor', 'department', 'target', 'caseNo', 'typeCode', 'result'] as const;

const HEX = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const ENTRY = {
  type: 'object',
  required: ['id', 'chainId', 'seq', 'at', 'action', 'actor', 'role', 'result', 'hash', 'prevHash'],
  properties: {
    id: { type: 'string', description: 'Cursor for `after`' },
    chainId: { type: 'string' },
    seq: { type: 'string', pattern: '^[1-9][0-9]*$', description: 'Decimal: sequence numbers are 64-bit and exceed 2^53' },
    at: { type: 'string', format: 'date-time' },
    action: { type: 'string', examples: ['license.verify'] },
    actor: { type: 'string' },
    role: { type: 'string' },
    department: { type: 'string' },
    target: { type: 'string' },
    typeCode: { type: 'string' },
    purpose: { type: 'object', properties: { caseNo: { type: 'string' }, serviceItem: { type: 'string' } } },
    result: { type: 'string', examples: ['ok', 'valid', 'invalid', 'not_found'] },
    requestId: { type: 'string' },
    details: { type: 'object', description: 'Action specifics; personal ID numbers only as `holderIdHash`' },
    hash: HEX,
    prevHash: HEX,
  },
};
const PROBLEM = {
  type: 'object',
  required: ['id', 'seq', 'kind', 'detail'],
  properties: {
    id: { type: ['string', 'null'], description: 'The entry at fault; null when it no longer exists' },
    seq: { type: 'string', pattern: '^[0-9]+$' },
    kind: { type: 'string', enum: ['altered', 'removed', 'reordered'] },
    detail: { type: 'string' },
  },
};
const VERIFICATION = {
  type: 'object',
  required: ['ok', 'chains'],
  properties: {
    ok: { type: 'boolean' },
    anchor: {
      type: 'object',
      description: 'What the external audit anchor held: signed statements, and lines that did not verify',
      properties: { description: { type: 'string' }, statements: { type: 'integer' }, unreadable: { type: 'integer' } },
    },
    chains: {
      type: 'array',
      items: {
        type: 'object',
        required: ['chainId', 'entries', 'checkpoints', 'state'],
        properties: {
          chainId: { type: 'string' },
          entries: { type: 'integer' },
          head: HEX,
          checkpoints: { type: 'integer' },
          state: { type: 'string', enum: ['open', 'closed', 'unregistered'], description: 'From the signed register in the audit anchor' },
          closedAt: { type: 'string', pattern: '^[0-9]+$' },
          lastCheckpointAt: { type: 'string', format: 'date-time' },
          stale: { type: 'boolean', description: 'Open, but no checkpoint for twice the checkpoint interval' },
          firstProblem: PROBLEM,
        },
      },
    },
  },
};

const FILTER_TEXT = { type: 'string', minLength: 1, maxLength: 200 };
const AUDIT_QUERY = {
  type: 'object',
  properties: {
    ...Object.fromEntries(TEXT_FILTERS.map((name) => [name, FILTER_TEXT])),
    from: TIME_QUERY,
    to: TIME_QUERY,
    holderId: { type: 'string', minLength: 1, maxLength: 64, description: 'A personal ID number, matched by its keyed hash' },
    after: { type: 'string', pattern: '^[1-9][0-9]{0,18}$', description: 'The `next` of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE, default: DEFAULT_AUDIT_PAGE },
  },
} as const;

type AuditQuery = Partial<Record<(typeof TEXT_FILTERS)[number] | 'from' | 'to' | 'holderId' | 'after', string>> & { limit?: number };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function toAuditJson(r: AuditRecord) {
  return {
    id: r.id,
    chainId: r.chainId,
    seq: String(r.seq),
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor,
    role: r.role,
    ...(r.department ? { department: r.department } : {}),
    ...(r.target ? { target: r.target } : {}),
    ...(r.typeCode ? { typeCode: r.typeCode } : {}),
    ...(r.caseNo ? { purpose: { caseNo: r.caseNo, ...(r.serviceItem ? { serviceItem: r.serviceItem } : {}) } } : {}),
    result: r.result,
    ...(r.requestId ? { requestId: r.requestId } : {}),
    ...(r.details ? { details: r.details } : {}),
    hash: hex(r.hash),
    prevHash: hex(r.prevHash),
  };
}

export function registerAuditRoutes(routes: RouteRegistry, deps: AuditRouteDeps): void {
  routes.add<{ query: AuditQuery }>(
    {
      operationId: 'listAudit',
      method: 'GET',
      path: '/v1/audit',
      summary: 'Audit entries, oldest first, filtered',
      description:
        `Exact-match filters; \`from\`/\`to\` are ISO instants or Beijing dates (\`to\` inclusive for a date). ` +
        `\`holderId\` is a personal ID number: the hub hashes it with its audit key and matches \`details.holderIdHash\`. ` +
        `Page with \`after\` = the \`next\` of the previous answer; \`limit\` ≤ ${MAX_AUDIT_PAGE} (default ${DEFAULT_AUDIT_PAGE}).`,
      tags: ['audit'],
      query: AUDIT_QUERY,
      responses: {
        200: {
          description: 'A page of entries and the cursor of the next one (null at the end)',
          schema: {
            type: 'object',
            required: ['items', 'next'],
            properties: { items: { type: 'array', items: ENTRY }, next: { type: ['string', 'null'] } },
          },
        },
        422: { description: 'A filter is malformed (`ERR_VALIDATION`)' },
      },
    },
    async ({ c, query }) => {
      const filter = toFilter(query, deps.personalIds);
      const { after, limit = DEFAULT_AUDIT_PAGE } = query;
      const items = await deps.audit.search(filter, after, limit);
      const last = items.at(-1);
      return c.json({ items: items.map(toAuditJson), next: items.length === limit && last ? last.id : null });
    },
  );

  routes.add(
    {
      operationId: 'verifyAudit',
      method: 'GET',
      path: '/v1/audit/verify',
      summary: 'Recompute every audit chain and its signed checkpoints; name the first altered, removed or reordered entry',
      tags: ['audit'],
      responses: { 200: { description: '`ok` is false when any chain has a problem', schema: VERIFICATION } },
    },
    async ({ c }) => c.json(await deps.verify()),
  );
}

function toFilter(query: AuditQuery, personalIds: PersonalIdHasher): AuditFilter {
  const errors: FieldError[] = [];
  const filter: AuditFilter = {};
  for (const name of TEXT_FILTERS) if (query[name] !== undefined) filter[name] = query[name];
  const from = parseInstant(query.from, 'start', '/query/from', errors);
  const to = parseInstant(query.to, 'end', '/query/to', errors);
  if (errors.length > 0) throw new ValidationError('bad audit filter', { errors });
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (query.holderId !== undefined) filter.holderIdHash = personalIds.keyedHash(query.holderId);
  return filter;
}
