/**
 * @module cli/token-create-command
 * `zhengzhao token create --role R [--department USCC] [--ttl 1h] [--label TEXT] [--url URL]`:
 * mints an API token on a running hub and prints it alone on the last line, for scripts.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command.js';
import { callHub, DEFAULT_HUB_URL } from './hub-client.js';

export const tokenCreateCommand: Command = {
  name: ['token', 'create'],
  summary: 'mint an API token on a running hub (printed alone on the last line)',
  usage: 'zhengzhao token create --role ROLE [--department USCC] [--ttl 1h] [--label TEXT] [--url URL]',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        role: { type: 'string' },
        department: { type: 'string' },
        ttl: { type: 'string' },
        label: { type: 'string' },
        url: { type: 'string', default: DEFAULT_HUB_URL },
      },
      strict: true,
    });
    if (!values.role) throw new UsageError('--role is required');
    const created = (await callHub(values.url as string, 'POST', '/v1/tokens', {
      role: values.role,
      ...(values.department ? { department: values.department } : {}),
      ...(values.ttl ? { ttl: values.ttl } : {}),
      ...(values.label ? { label: values.label } : {}),
    })) as { token: string; id: string; role: string; department?: string; expiresAt: string };
    io.err(
      `token ${created.id}: role ${created.role}${created.department ? ` for ${created.department}` : ''}, expires ${created.expiresAt}`,
    );
    io.out(created.token);
    return 0;
  },
};
