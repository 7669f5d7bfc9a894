/**
 * @module cli/command
 * The shape every sub-command file exports. Exit codes: 0 success, 1 the operation failed
 * (e.g. invalid certificate, hub refused), 2 usage error.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  /** Words that select it, e.g. `['token', 'create']`. */
  name: readonly string[];
  summary: string;
  usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
