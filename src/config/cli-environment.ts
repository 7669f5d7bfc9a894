/**
 * @module config/cli-environment
 * What the `zhengzhao` command reads from the environment: the bearer token to talk to a hub with,
 * and where the bootstrap token file is when no token is given.
 */
import path from 'node:path';

export interface CliEnvironment {
  token: string | undefined;
  bootstrapTokenFile: string;
}

export function loadCliEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CliEnvironment {
  const dataDir = path.resolve(env.ZZ_DATA_DIR?.trim() || './data');
  return {
    token: env.ZZ_TOKEN?.trim() || undefined,
    bootstrapTokenFile: path.resolve(env.ZZ_BOOTSTRAP_TOKEN_FILE?.trim() || path.join(dataDir, 'admin.token')),
  };
}
