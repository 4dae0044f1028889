import type { Range } from './syntax/ast.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in a rules file. Diagnostics are data, never exceptions: every phase
 * returns them, and a file with several mistakes gets all of them.
 */
export interface Diagnostic {
  /** Stable identifier from the message catalogue (`dsl/messages.ts`). */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based lines and columns; `end` is just after the last character. */
  readonly range: Range;
  /** What to do about it, when there is something specific to say. */
  readonly hint?: string;
}

/** True when any diagnostic is an error (warnings and notes do not stop compilation). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** Sorts by position, then errors before warnings, for stable output. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return [...diagnostics].sort((a, b) =>
    a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || rank[a.severity] - rank[b.severity]);
}
