/**
 * @module http/routes/stats-routes
 * `GET /v1/stats`: what online verification saved, read from the audit log — verifications per
 * Beijing day, per verifying department and per licence type, and the proof materials citizens no
 * longer had to bring (distinct case × licence pairs verified valid). Auditors see the county and
 * may narrow it to a department; a department admin sees only their own department.
 */
import type { Principal } from '../../core/auth/principal.js';
import { ForbiddenError, ValidationError, type FieldError } from '../../core/errors.js';
import type { AuditStatsReader } from '../../core/ports/audit-reader.js';
import type { RouteRegistry } from '../route.js';
import { parseInstant, TIME_QUERY } from './query-time.js';

export interface StatsRouteDeps {
  stats: AuditStatsReader;
  now(): Date;
}

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

const COUNT = { type: 'integer', minimum: 0 };
const STATS = {
  type: 'object',
  required: ['from', 'to', 'total', 'perDay', 'perDepartment', 'perLicenseType', 'proofMaterialsNotSubmitted'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time', description: 'Exclusive' },
    department: { type: 'string' },
    total: COUNT,
    perDay: {
      type: 'array',
      items: { type: 'object', properties: { day: { type: 'string', format: 'date' }, verifications: COUNT, valid: COUNT } },
    },
    perDepartment: { type: 'array', items: { type: 'object', properties: { department: { type: 'string' }, verifications: COUNT } } },
    perLicenseType: { type: 'array', items: { type: 'object', properties: { typeCode: { type: 'string' }, verifications: COUNT } } },
    proofMaterialsNotSubmitted: { ...COUNT, description: 'Distinct (case number, licence) pairs verified valid' },
  },
};

const STATS_QUERY = {
  type: 'object',
  properties: {
    from: TIME_QUERY,
    to: { ...TIME_QUERY, description: `${TIME_QUERY.description}; a date includes that whole day` },
    department: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码 (auditors only)' },
  },
} as const;
type StatsQuery = { from?: string; to?: string; department?: string };

export function registerStatsRoutes(routes: RouteRegistry, deps: StatsRouteDeps): void {
  routes.add<{ query: StatsQuery }>(
    {
      operationId: 'getStats',
      method: 'GET',
      path: '/v1/stats',
      summary: 'Verification statistics (default the last 30 days; auditors may narrow to a department)',
      tags: ['audit'],
      query: STATS_QUERY,
      responses: {
        200: { description: 'Counts over [from, to)', schema: STATS },
        403: { description: 'A department admin asked for another department (`ERR_FORBIDDEN`)' },
        422: { description: 'Malformed or inverted range, or longer than 366 days (`ERR_VALIDATION`)' },
      },
    },
    async ({ c, caller, query }) => {
      const range = parseRange(query, caller, deps.now());
      const stats = await deps.stats.verificationStats(range);
      return c.json({
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        ...(range.department ? { department: range.department } : {}),
        ...stats,
        perDepartment: stats.perDepartment.map((d) => (d.department ? d : { verifications: d.verifications })),
        perLicenseType: stats.perLicenseType.map((t) => (t.typeCode ? t : { verifications: t.verifications })),
      });
    },
  );
}

function parseRange(query: StatsQuery, caller: Principal, now: Date) {
  const errors: FieldError[] = [];
  const to = parseInstant(query.to, 'end', '/query/to', errors) ?? now;
  const from = parseInstant(query.from, 'start', '/query/from', errors) ?? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (errors.length === 0 && !(from < to)) errors.push({ pointer: '/query/from', detail: 'must be before to' });
  if (errors.length === 0 && to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
    errors.push({ pointer: '/query/from', detail: `the range may span at most ${MAX_DAYS} days` });
  if (errors.length > 0) throw new ValidationError('bad statistics range', { errors });
  if (caller.role === 'auditor') return { from, to, department: query.department };
  if (!caller.department || (query.department !== undefined && query.department !== caller.department)) {
    throw new ForbiddenError('a department admin sees the statistics of their own department only');
  }
  return { from, to, department: caller.department };
}
