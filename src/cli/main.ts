#!/usr/bin/env node
/**
 * @module cli/main
 * The `zhengzhao` command: finds the sub-command by its words, prints help, maps failures to exit
 * codes (1 operation failed, 2 usage).
 */
// @peculiar/x509 (pki verify) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { HubRequestError } from './hub-client.js';
import { UsageError, type CliIo, type Command } from './command.js';
import { schemaCheckCommand } from './schema-check-command.js';
import { startCommand } from './start-command.js';
import { tokenCreateCommand } from './token-create-command.js';
import { userCreateCommand } from './user-create-command.js';
import { pkiVerifyCommand } from './pki-verify-command.js';
import { auditVerifyCommand } from './audit-verify-command.js';
import { importCommand } from './import-command.js';

const commands: readonly Command[] = [
  startCommand,
  tokenCreateCommand,
  userCreateCommand,
  pkiVerifyCommand,
  schemaCheckCommand,
  auditVerifyCommand,
  importCommand,
];

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.join(' ').length));
  return [
    'zhengzhao — 证照交换枢纽 county electronic-licence exchange hub',
    '',
    'usage: zhengzhao <command> [options]      (zhengzhao <command> --help for details)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'environment: ZZ_TOKEN (bearer token; default: the bootstrap token file), ZZ_DATA_DIR',
  ].join('\n');
}

export async function runCli(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const command = commands.find((c) => c.name.every((word, i) => argv[i] === word));
  if (!command) {
    io.err(`zhengzhao: unknown command "${argv.join(' ')}"\n\n${helpText()}`);
    return 2;
  }
  const rest = argv.slice(command.name.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`zhengzhao: ${(error as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    if (error instanceof HubRequestError) {
      io.err(`zhengzhao: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`zhengzhao: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
