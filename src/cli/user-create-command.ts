/**
 * @module cli/user-create-command
 * `zhengzhao user create --role R [--department USCC] --username U [--url URL]`: creates a staff
 * account on a running hub and prints the generated password alone on the last line, for scripts.
 * It is shown only this once; hand it over in person.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Command } from './command.js';
import { callHub, DEFAULT_HUB_URL } from './hub-client.js';

export const userCreateCommand: Command = {
  name: ['user', 'create'],
  summary: 'create a staff account for the console (password printed alone on the last line)',
  usage: 'zhengzhao user create --role clerk|dept-admin|security-admin|auditor [--department USCC] --username NAME [--url URL]',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        role: { type: 'string' },
        department: { type: 'string' },
        username: { type: 'string' },
        url: { type: 'string', default: DEFAULT_HUB_URL },
      },
      strict: true,
    });
    if (!values.role) throw new UsageError('--role is required');
    if (!values.username) throw new UsageError('--username is required');
    const created = (await callHub(values.url as string, 'POST', '/v1/users', {
      username: values.username,
      role: values.role,
      ...(values.department ? { department: values.department } : {}),
    })) as { username: string; role: string; department?: string; password: string };
    io.err(
      `account ${created.username}: role ${created.role}${created.department ? ` for ${created.department}` : ''}; ` +
        'the password below is shown only once',
    );
    io.out(created.password);
    return 0;
  },
};
