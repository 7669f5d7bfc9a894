/**
 * @module http/hub-env
 * The typed per-request variables of the Hono app.
 */
import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../core/auth/principal.js';

export interface HubEnv {
  Variables: RequestIdVariables & {
    principal: Principal | undefined;
    /** The matched route pattern, for metrics and logs (not the raw path: bounded cardinality). */
    routeLabel: string;
  };
}
