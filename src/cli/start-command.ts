/**
 * @module cli/start-command
 * `zhengzhao start`: run the hub from the environment (the same as `npm start`).
 */
import type { Command } from './command.js';

export const startCommand: Command = {
  name: ['start'],
  summary: 'start the hub (configured by environment variables; see README)',
  usage: 'zhengzhao start',
  async run() {
    const { runFromEnvironment } = await import('../main.js');
    await runFromEnvironment();
    // Keep running: the process ends on SIGTERM/SIGINT through the hub's own handlers.
    return new Promise<number>(() => {});
  },
};
