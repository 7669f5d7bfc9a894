/**
 * @module http/routes/department-routes
 * `/v1/departments`: security admins register and change departments; every authenticated caller
 * may list them (a clerk needs to know who issues what).
 */
import { ValidationError } from '../../core/errors.js';
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

const toJson = (d: Department) => ({ ...d, createdAt: d.createdAt.toISOString() });

export function registerDepartmentRoutes(routes: RouteRegistry, deps: { departments: DepartmentService }): void {
  routes.add<RegisterDepartmentInput>(
    {
      operationId: 'createDepartment',
      method: 'POST',
      path: '/v1/departments',
      summary: 'Register a department (credit code check char enforced)',
      tags: ['departments'],
      body: {
        contentType: 'application/json',
        schema: {
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

  routes.add(
    {
      operationId: 'listDepartments',
      method: 'GET',
      path: '/v1/departments',
      summary: 'List departments (filters: ?active=true|false&level=county|township|village)',
      tags: ['departments'],
      responses: {
        200: { description: 'Departments', schema: { type: 'object', properties: { items: { type: 'array', items: DEPARTMENT } } } },
      },
    },
    async ({ c }) => {
      const active = c.req.query('active');
      const level = c.req.query('level');
      if (active !== undefined && active !== 'true' && active !== 'false') {
        throw new ValidationError('bad filter', { errors: [{ pointer: '/query/active', detail: 'must be true or false' }] });
      }
      if (level !== undefined && !(DepartmentLevels as readonly string[]).includes(level)) {
        throw new ValidationError('bad filter', {
          errors: [{ pointer: '/query/level', detail: `must be one of ${DepartmentLevels.join(', ')}` }],
        });
      }
      const items = await deps.departments.list({
        ...(active === undefined ? {} : { active: active === 'true' }),
        ...(level === undefined ? {} : { level: level as DepartmentLevel }),
      });
      return c.json({ items: items.map(toJson) });
    },
  );

  routes.add(
    {
      operationId: 'getDepartment',
      method: 'GET',
      path: '/v1/departments/{uscc}',
      summary: 'One department',
      tags: ['departments'],
      responses: { 200: { description: 'The department', schema: DEPARTMENT }, 404: { description: 'Unknown' } },
    },
    async ({ c }) => c.json(toJson(await deps.departments.get(c.req.param('uscc') as string))),
  );

  routes.add<Partial<Pick<Department, 'name' | 'level' | 'active'>>>(
    {
      operationId: 'updateDepartment',
      method: 'PATCH',
      path: '/v1/departments/{uscc}',
      summary: 'Rename, re-level, deactivate or reactivate a department',
      tags: ['departments'],
      body: {
        contentType: 'application/json',
        schema: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name: NAME, level: LEVEL, active: { type: 'boolean' } },
        },
      },
      responses: { 200: { description: 'Updated', schema: DEPARTMENT }, 404: { description: 'Unknown' } },
    },
    async ({ c, body }) => c.json(toJson(await deps.departments.update(c.req.param('uscc') as string, body))),
  );
}
