/**
 * @module http/routes/contract-routes
 * The contracts: licence types with who may issue them, the raw JSON Schemas, the AsyncAPI
 * description of the topics, and granting or revoking a department's right to issue a type or to
 * read its public fields (core/rights).
 */
import type { ContractRegistry } from '../../core/contracts/contract-registry.js';
import { NotFoundError } from '../../core/errors.js';
import { LicenseTypeUnknownError } from '../../core/licenses/license-errors.js';
import type { LicenseRight } from '../../core/ports/license-right-repository.js';
import type { RightsDirectory } from '../../core/rights/rights-directory.js';
import type { RouteHandler, RouteRegistry } from '../route.js';

export interface ContractRouteDeps {
  contracts: ContractRegistry;
  /** Who may issue a licence type, and whose systems may read its public fields. */
  rights: RightsDirectory;
  asyncApi(): Record<string, unknown>;
}

const CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, description: 'Licence type code', examples: ['11100000000013338W011'] },
  },
} as const;
const DEPARTMENT = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码 of the department' } as const;
const CODE_DEPARTMENT_PARAMS = {
  type: 'object',
  required: ['code', 'department'],
  properties: { ...CODE_PARAMS.properties, department: DEPARTMENT },
} as const;
const DEPARTMENT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['department'],
  properties: { department: DEPARTMENT },
} as const;
type GrantInput = { params: { code: string }; body: { department: string } };
type RevokeInput = { params: { code: string; department: string } };

/** Each right's holders, by the name the public surface uses (path segment and answer member). */
const HOLDERS: Record<LicenseRight, 'issuers' | 'readers'> = { issue: 'issuers', read: 'readers' };

const RIGHT_ROUTES = {
  issue: {
    grant: { operationId: 'grantIssuingRight', summary: 'Grant a department the right to issue a licence type (audited)' },
    revoke: {
      operationId: 'revokeIssuingRight',
      summary: "Withdraw a department's right to issue a licence type (audited); licences it issued stay as they are",
    },
  },
  read: {
    grant: {
      operationId: 'grantReadingRight',
      summary: "Entitle a department's systems to the public fields of a licence type when they verify (deny by default; audited)",
    },
    revoke: {
      operationId: 'revokeReadingRight',
      summary: "Withdraw a department's systems' entitlement to the public fields of a licence type (audited)",
    },
  },
} as const;

export function registerContractRoutes(routes: RouteRegistry, deps: ContractRouteDeps): void {
  const knownType = (code: string) => {
    if (!deps.contracts.licenseType(code)) throw new LicenseTypeUnknownError(`no licence type with code ${code}`);
    return code;
  };
  const holders = async (right: LicenseRight, typeCode: string, department: string) => ({
    typeCode,
    department,
    [HOLDERS[right]]: await deps.rights.holders(right, typeCode),
  });
  const grant =
    (right: LicenseRight): RouteHandler<GrantInput> =>
    async ({ c, params, body }) => {
      const code = knownType(params.code);
      const granted = await deps.rights.grant(right, code, body.department);
      return c.json(await holders(right, code, body.department), granted ? 201 : 200);
    };
  const revoke =
    (right: LicenseRight): RouteHandler<RevokeInput> =>
    async ({ c, params }) => {
      const code = knownType(params.code);
      if (!(await deps.rights.revoke(right, code, params.department))) {
        throw new NotFoundError(`department ${params.department} holds no such right on licence type ${code}`);
      }
      return c.json(await holders(right, code, params.department));
    };

  routes.add(
    {
      operationId: 'listLicenseTypes',
      method: 'GET',
      path: '/v1/license-types',
      summary: 'Licence types: code, name, schema and the departments that may issue them',
      tags: ['contracts'],
      responses: { 200: { description: 'Licence types' } },
    },
    async ({ c }) => {
      const items = await Promise.all(
        deps.contracts.licenseTypes().map(async (t) => ({
          code: t.code,
          name: t.name,
          nameEn: t.nameEn,
          schemaId: t.schemaId,
          version: t.version,
          definingAuthority: t.definingAuthority,
          legalBasis: t.legalBasis,
          issuers: await deps.rights.holders('issue', t.code),
          schema: t.schema,
        })),
      );
      return c.json({ items });
    },
  );

  for (const [right, route] of Object.entries(RIGHT_ROUTES) as [LicenseRight, (typeof RIGHT_ROUTES)[LicenseRight]][]) {
    routes.add<GrantInput>(
      {
        operationId: route.grant.operationId,
        method: 'POST',
        path: `/v1/license-types/{code}/${HOLDERS[right]}`,
        summary: route.grant.summary,
        tags: ['contracts'],
        params: CODE_PARAMS,
        body: { 'application/json': DEPARTMENT_BODY },
        responses: { 201: { description: 'Granted' }, 200: { description: 'Already held' } },
      },
      grant(right),
    );
    routes.add<RevokeInput>(
      {
        operationId: route.revoke.operationId,
        method: 'DELETE',
        path: `/v1/license-types/{code}/${HOLDERS[right]}/{department}`,
        summary: route.revoke.summary,
        tags: ['contracts'],
        params: CODE_DEPARTMENT_PARAMS,
        responses: { 200: { description: 'Revoked' }, 404: { description: 'The department did not hold the right' } },
      },
      revoke(right),
    );
  }

  routes.add(
    {
      operationId: 'listSchemas',
      method: 'GET',
      path: '/v1/schemas',
      summary: 'Every JSON Schema contract (ids, versions, titles)',
      tags: ['contracts'],
      responses: { 200: { description: 'Contracts' } },
    },
    ({ c }) => c.json({ items: deps.contracts.list().map(({ id, name, version, title }) => ({ id, name, version, title })) }),
  );

  routes.add<{ params: { id: string } }>(
    {
      operationId: 'getSchema',
      method: 'GET',
      path: '/v1/schemas/{id}',
      summary: 'One contract by its $id or name (URL-encoded, e.g. licenses%2Ffood-business-license)',
      tags: ['contracts'],
      params: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', minLength: 1, maxLength: 300, description: 'The contract $id or name' } },
      },
      responses: {
        200: { description: 'The JSON Schema', contentType: 'application/schema+json' },
        404: { description: 'Unknown contract' },
      },
    },
    ({ c, params }) => {
      const entry = deps.contracts.get(params.id);
      if (!entry) throw new NotFoundError('no such contract');
      return c.body(JSON.stringify(entry.schema), 200, { 'content-type': 'application/schema+json' });
    },
  );

  let asyncApi: Record<string, unknown> | undefined;
  routes.add(
    {
      operationId: 'getAsyncApi',
      method: 'GET',
      path: '/asyncapi.json',
      summary: 'The Kafka topics as AsyncAPI 3',
      tags: ['system'],
      responses: { 200: { description: 'AsyncAPI document' } },
    },
    ({ c }) => c.json((asyncApi ??= deps.asyncApi())),
  );
}
