/**
 * @module http/routes/contract-routes
 * The contracts: licence types with who may issue them, the raw JSON Schemas, the AsyncAPI
 * description of the topics, and granting a department the right to issue a type.
 */
import type { ContractRegistry } from '../../core/contracts/contract-registry.js';
import { NotFoundError } from '../../core/errors.js';
import type { IssuerDirectory } from '../../core/licenses/issuer-directory.js';
import { LicenseTypeUnknownError } from '../../core/licenses/license-errors.js';
import type { RouteRegistry } from '../route.js';

export interface ContractRouteDeps {
  contracts: ContractRegistry;
  issuers: IssuerDirectory;
  /** Entitles a department's systems to a licence type's public fields. */
  readers: { grant(typeCode: string, department: string, grantedBy: string): Promise<boolean> };
  assertActiveDepartment(uscc: string): Promise<unknown>;
  asyncApi(): Record<string, unknown>;
}

const CODE_PARAMS = {
  type: 'object',
  required: ['code'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, description: 'Licence type code', examples: ['11100000000013338W011'] },
  },
} as const;
const DEPARTMENT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['department'],
  properties: { department: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } },
} as const;
type GrantInput = { params: { code: string }; body: { department: string } };

export function registerContractRoutes(routes: RouteRegistry, deps: ContractRouteDeps): void {
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
          issuers: await deps.issuers.issuersOf(t.code),
          schema: t.schema,
        })),
      );
      return c.json({ items });
    },
  );

  routes.add<GrantInput>(
    {
      operationId: 'grantIssuingRight',
      method: 'POST',
      path: '/v1/license-types/{code}/issuers',
      summary: 'Grant a department the right to issue a licence type',
      tags: ['contracts'],
      params: CODE_PARAMS,
      body: { 'application/json': DEPARTMENT_BODY },
      responses: { 201: { description: 'Granted' }, 200: { description: 'Already granted' } },
    },
    async ({ c, caller, params, body }) => {
      const code = params.code;
      if (!deps.contracts.licenseType(code)) throw new LicenseTypeUnknownError(`no licence type with code ${code}`);
      const granted = await deps.issuers.grant(code, body.department, caller.actor);
      return c.json({ typeCode: code, department: body.department, issuers: await deps.issuers.issuersOf(code) }, granted ? 201 : 200);
    },
  );

  routes.add<GrantInput>(
    {
      operationId: 'grantReadingRight',
      method: 'POST',
      path: '/v1/license-types/{code}/readers',
      summary: "Entitle a department's systems to the public fields of a licence type when they verify (deny by default)",
      tags: ['contracts'],
      params: CODE_PARAMS,
      body: { 'application/json': DEPARTMENT_BODY },
      responses: { 201: { description: 'Entitled' }, 200: { description: 'Already entitled' } },
    },
    async ({ c, caller, params, body }) => {
      const code = params.code;
      if (!deps.contracts.licenseType(code)) throw new LicenseTypeUnknownError(`no licence type with code ${code}`);
      await deps.assertActiveDepartment(body.department);
      const granted = await deps.readers.grant(code, body.department, caller.actor);
      return c.json({ typeCode: code, department: body.department }, granted ? 201 : 200);
    },
  );

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
