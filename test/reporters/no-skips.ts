/**
 * @module test/reporters/no-skips
 * Vitest reporter that fails a CI run in which any test was skipped or left as todo. A skipped
 * integration test looks green while proving nothing (a missing service, a forgotten `.skip`, an
 * `.only` left behind), so in CI it is a failure.
 *
 * Only when `CI` is set: locally, `-t pattern`, a single file or `.only` while debugging mark the
 * rest as skipped on purpose, and failing those runs would only teach people to ignore red.
 * Locally the same list is printed as a warning.
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason } from 'vitest/node';

export default class NoSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, _unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    // An interrupted run skips whatever had not run yet; that is not what this reporter is about.
    if (reason === 'interrupted') return;
    const skipped = testModules.flatMap((m) => [...m.children.allTests('skipped')]);
    if (skipped.length === 0) return;
    const enforce = Boolean(process.env.CI);
    const list = skipped.map(describeSkip).join('\n');
    const verdict = enforce ? 'failing the run (CI is set)' : 'this fails in CI';
    process.stderr.write(`\n[no-skips] ${skipped.length} test(s) skipped or todo — ${verdict}:\n${list}\n\n`);
    if (enforce) process.exitCode = 1;
  }
}

function describeSkip(test: TestCase): string {
  const result = test.result();
  const note = result.state === 'skipped' && result.note ? ` — ${result.note}` : '';
  return `  ${test.options.mode === 'todo' ? 'todo' : 'skip'}  ${test.module.relativeModuleId} > ${test.fullName}${note}`;
}
