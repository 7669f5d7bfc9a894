/**
 * @module http/routes/user-routes
 * `/v1/users`: staff accounts for the console. Creating one or resetting its password answers the
 * generated password once (`Cache-Control: no-store`); the hub keeps only its scrypt hash.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { CreatedUser, CreateUserInput } from '../../core/users/create-user.js';
import { StaffRoles, type UserView } from '../../core/users/user.js';
import type { RouteRegistry } from '../route.js';

export interface UserRouteDeps {
  createUser(caller: Principal, input: CreateUserInput): Promise<CreatedUser>;
  disableUser(username: string): Promise<UserView>;
  resetPassword(username: string): Promise<{ username: string; password: string }>;
}

const USERNAME = { type: 'string', pattern: '^[a-z0-9._-]{3,64}$', examples: ['zhang.san'] };
const USCC = {
  type: 'string',
  pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
  description: '统一社会信用代码 of the department the account acts for',
};
const PASSWORD = { type: 'string', description: 'Generated; shown only in this answer', minLength: 20 };

const ACCOUNT_PROPERTIES = {
  username: USERNAME,
  role: { type: 'string', enum: [...StaffRoles] },
  department: USCC,
};

const USERNAME_PARAMS = { type: 'object', required: ['username'], properties: { username: { type: 'string', maxLength: 64 } } } as const;
type UsernameParams = { params: { username: string } };

const toJson = (user: UserView) => ({
  username: user.username,
  role: user.role,
  ...(user.department ? { department: user.department } : {}),
  ...(user.disabledAt ? { disabledAt: user.disabledAt.toISOString() } : {}),
});

export function registerUserRoutes(routes: RouteRegistry, deps: UserRouteDeps): void {
  routes.add<{ body: CreateUserInput }>(
    {
      operationId: 'createUser',
      method: 'POST',
      path: '/v1/users',
      summary: 'Create a staff account (the generated password is shown once)',
      description:
        'Security admins create any staff account; department admins create clerk accounts of their own department. ' +
        'Clerks and department admins need an active department; security-admin and auditor are county-wide and take none.',
      tags: ['access'],
      body: {
        'application/json': { type: 'object', additionalProperties: false, required: ['username', 'role'], properties: ACCOUNT_PROPERTIES },
      },
      responses: {
        201: {
          description: 'Created; only the password hash is stored',
          schema: { type: 'object', required: ['username', 'role', 'password'], properties: { ...ACCOUNT_PROPERTIES, password: PASSWORD } },
        },
        403: { description: 'Not allowed for this role or department (`ERR_USER_SCOPE`, `ERR_DEPARTMENT_INACTIVE`)' },
        409: { description: 'The username is taken (`ERR_USER_EXISTS`)' },
      },
    },
    async ({ c, caller, body }) => {
      const created = await deps.createUser(caller, body);
      c.header('Cache-Control', 'no-store');
      return c.json({ ...toJson(created), password: created.password }, 201);
    },
  );

  routes.add<UsernameParams>(
    {
      operationId: 'disableUser',
      method: 'POST',
      path: '/v1/users/{username}/disable',
      summary: 'Disable a staff account: no more sign-ins, open sessions end',
      tags: ['access'],
      params: USERNAME_PARAMS,
      responses: {
        200: {
          description: 'Disabled (again: the first date is kept)',
          schema: {
            type: 'object',
            required: ['username', 'role', 'disabledAt'],
            properties: { ...ACCOUNT_PROPERTIES, disabledAt: { type: 'string', format: 'date-time' } },
          },
        },
        404: { description: 'No such account (`ERR_USER_NOT_FOUND`)' },
      },
    },
    async ({ c, params }) => c.json(toJson(await deps.disableUser(params.username))),
  );

  routes.add<UsernameParams>(
    {
      operationId: 'resetUserPassword',
      method: 'POST',
      path: '/v1/users/{username}/password',
      summary: 'Give a staff account a new generated password (shown once); its sessions end',
      tags: ['access'],
      params: USERNAME_PARAMS,
      responses: {
        200: {
          description: 'The new password',
          schema: { type: 'object', required: ['username', 'password'], properties: { username: USERNAME, password: PASSWORD } },
        },
        404: { description: 'No such account (`ERR_USER_NOT_FOUND`)' },
      },
    },
    async ({ c, params }) => {
      const reset = await deps.resetPassword(params.username);
      c.header('Cache-Control', 'no-store');
      return c.json(reset);
    },
  );
}
