/**
 * @module http/routes/department-routes
 * `/v1/departments`: security admins register and change departments; every authenticated caller
 * may list them (a clerk needs to know who issues what).
 */
import { DepartmentLevels, type Department, type DepartmentLevel } from '../../core/departments/department.js';
import type { DepartmentService, RegisterDepartmentInput } from '../../core/departments/department-service.js';
import type { RouteRegistry } from '../route.js';

const USCC = {
  type: 'string',
  pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
  description: '统一社会信用代码 (GB 32100)',
  examples: ['11431322006123456X'],
};
const NAME = { type: 'string', minLength: 1, maxLength: 200, examples: ['新化县市场监督管理局'] };
const LEVEL = { type: 'string', enum: [...DepartmentLevels] };

const DEPARTMENT = {
  type: 'object',
  required: ['uscc', 'name', 'level', 'active', 'createdAt'],
  properties: { uscc: USCC, name: NAME, level: LEVEL, active: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' } },
};

const USCC_PARAMS = { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string', minLength: 1, maxLength: 64 } } } as const;
const LIST_QUERY = { type: 'object', properties: { active: { type: 'boolean' }, level: LEVEL } } as const;

const toJson = (d: Department) => ({ ...d, createdAt: d.createdAt.toISOString() });

export function registerDepartmentRoutes(routes: RouteRegistry, deps: { departments: DepartmentService }): void {
  routes.add<{ body: RegisterDepartmentInput }>(
    {
      operationId: 'createDepartment',
      method: 'POST',
      path: '/v1/departments',
      summary: 'Register a department (credit code check char enforced)',
      tags: ['departments'],
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['uscc', 'name', 'level'],
          properties: { uscc: USCC, name: NAME, level: LEVEL },
        },
      },
      responses: { 201: { description: 'Registered', schema: DEPARTMENT }, 409: { description: 'Already registered' } },
    },
    async ({ c, body }) => c.json(toJson(await deps.departments.register(body)), 201),
  );

  routes.add<{ query: { active?: boolean; level?: DepartmentLevel } }>(
    {
      operationId: 'listDepartments',
      method: 'GET',
      path: '/v1/departments',
      summary: 'List departments, optionally only active or inactive ones of one level',
      tags: ['departments'],
      query: LIST_QUERY,
      responses: {
        200: { description: 'Departments', schema: { type: 'object', properties: { items: { type: 'array', items: DEPARTMENT } } } },
      },
    },
    async ({ c, query }) => {
      const items = await deps.departments.list({
        ...(query.active === undefined ? {} : { active: query.active }),
        ...(query.level === undefined ? {} : { level: query.level }),
      });
      return c.json({ items: items.map(toJson) });
    },
  );

  routes.add<{ params: { uscc: string } }>(
    {
      operationId: 'getDepartment',
      method: 'GET',
      path: '/v1/departments/{uscc}',
      summary: 'One department',
      tags: ['departments'],
      params: USCC_PARAMS,
      responses: { 200: { description: 'The department', schema: DEPARTMENT }, 404: { description: 'Unknown' } },
    },
    async ({ c, params }) => c.json(toJson(await deps.departments.get(params.uscc))),
  );

  routes.add<{ params: { uscc: string }; body: Partial<Pick<Department, 'name' | 'level' | 'active'>> }>(
    {
      operationId: 'updateDepartment',
      method: 'PATCH',
      path: '/v1/departments/{uscc}',
      summary: 'Rename, re-level, deactivate or reactivate a department',
      tags: ['departments'],
      params: USCC_PARAMS,
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name: NAME, level: LEVEL, active: { type: 'boolean' } },
        },
      },
      responses: { 200: { description: 'Updated', schema: DEPARTMENT }, 404: { description: 'Unknown' } },
    },
    async ({ c, params, body }) => c.json(toJson(await deps.departments.update(params.uscc, body))),
  );
}
