/**
 * @module main/staff
 * Wiring of people: staff accounts, console sessions and sign-in, and their API and console routes.
 */
import type { Principal } from '../core/auth/principal.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import type { Logger } from '../core/ports/logger.js';
import { createLoginService } from '../core/users/login-service.js';
import { createUser } from '../core/users/create-user.js';
import { disableUser } from '../core/users/disable-user.js';
import { resetPassword } from '../core/users/reset-password.js';
import { createSessionAuthenticator, type SessionAuthenticator } from '../core/users/session-authenticator.js';
import { registerUserRoutes } from '../http/routes/user-routes.js';
import type { CalendarGap } from '../core/cases/calendar-watch.js';
import type { RouteRegistry } from '../http/route.js';
import type { Database } from '../postgres/database.js';
import { PostgresLoginFailureRepository } from '../postgres/postgres-login-failure-repository.js';
import { PostgresSessionRepository } from '../postgres/postgres-session-repository.js';
import { PostgresUserRepository } from '../postgres/postgres-user-repository.js';
import { registerConsoleRoutes } from '../web/console-routes.js';
import type { ClientAddressResolver } from '../http/client-address.js';
import { registerUserConsoleRoutes } from '../web/admin/user-console-routes.js';
import type { AuditWiring } from './audit.js';

export interface StaffWiringDeps {
  db: Database;
  audit: AuditWiring;
  departments: DepartmentService;
  logger: Logger;
  /** The real client address behind a trusted reverse proxy (ZZ_TRUSTED_PROXIES). */
  clientAddress: ClientAddressResolver;
  now(): Date;
}

export function openStaff({ db, audit, departments, logger, clientAddress, now }: StaffWiringDeps) {
  const users = new PostgresUserRepository(db.sql, audit.appender);
  const sessions = new PostgresSessionRepository(db.sql);
  const failures = new PostgresLoginFailureRepository(db.sql);
  const sessionAuthenticator: SessionAuthenticator = createSessionAuthenticator({ sessions, now });
  const create = (caller: Principal, input: Parameters<typeof createUser>[2]) =>
    createUser({ users, assertActiveDepartment: departments.assertActive, now }, caller, input);

  return {
    sessionAuthenticator,
    createUser: create,
    registerRoutes(routes: RouteRegistry, options: { secureCookies: boolean; calendarGap(): Promise<CalendarGap> }) {
      const accounts = {
        createUser: create,
        disableUser: (username: string) => disableUser({ users, sessions, now }, audit.currentCaller(), username),
        resetPassword: (username: string) => resetPassword({ users, sessions, failures, now }, audit.currentCaller(), username),
      };
      registerUserRoutes(routes, accounts);
      registerUserConsoleRoutes(routes, accounts);
      registerConsoleRoutes(routes, {
        login: createLoginService({ users, sessions, failures, audit: audit.writer, logger: logger.child({ component: 'login' }), now }),
        sessions: sessionAuthenticator,
        secureCookies: options.secureCookies,
        calendarGap: options.calendarGap,
        clientAddress,
        departmentName: (uscc) =>
          departments.get(uscc).then(
            (d) => d.name,
            () => undefined,
          ),
      });
    },
  };
}
