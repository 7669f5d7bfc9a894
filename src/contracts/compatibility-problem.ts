/**
 * @module contracts/compatibility-problem
 * What a compatibility check reports: one problem per place and rule, and the small helpers every
 * rule uses to name the place and the values in its detail.
 */

export interface CompatibilityProblem {
  /** Where in the data (JSON pointer; `*` = every item of an array; '' = the whole value). */
  pointer: string;
  rule: string;
  detail: string;
}

/** Reports a problem at the place being compared, or at `at` below it. */
export type Add = (rule: string, detail: string, at?: string) => void;

export function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

export function summary(problems: readonly CompatibilityProblem[]): string {
  return [...new Set(problems.map((p) => p.rule))].join(', ');
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
