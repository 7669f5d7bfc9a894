/**
 * @module import-errors
 * A failure that stops the whole import (exit 1) — as opposed to a bad row, which is rejected and
 * skipped. Its message names the file, line and field concerned, and whether `--resume` continues.
 */
export class ImportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'ImportFailure';
  }
}
