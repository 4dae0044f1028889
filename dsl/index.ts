/**
 * The rules language, as the rest of Pulse uses it: text in, diagnostics and a typed model
 * out; a typed model in, SQL out. Every phase is a plain function over plain data.
 */
import { check, type CheckResult } from './check/check.ts';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { at, messages } from './messages.ts';
import type { Schema } from './model/schema.ts';
import type { Position, Range } from './syntax/ast.ts';
import { parse, type ParseResult } from './syntax/parse.ts';

export { compileModel, compileModelForDates, queryOverStoredPasses, type CompiledModel } from './compile/compile.ts';
export { ASOF_COLUMN } from './compile/to-sql.ts';
export type { ModelIR } from './model/ir.ts';
export type { Schema, TableSchema, ColumnSchema, ValueType } from './model/schema.ts';
export type { Diagnostic } from './diagnostics.ts';
export { hasErrors } from './diagnostics.ts';
export { parse } from './syntax/parse.ts';
export { check } from './check/check.ts';

export interface Analysis {
  readonly parsed: ParseResult;
  readonly checked: CheckResult;
  /** Syntax and semantic diagnostics together, in text order. */
  readonly diagnostics: readonly Diagnostic[];
  /** The typed model, when the text has no errors. */
  readonly model: CheckResult['model'];
}

/** Parses and checks a rules text against a schema. Never throws. */
export function analyze(text: string, schema: Schema): Analysis {
  try {
    return analyzeText(text, schema);
  } catch (error) {
    // The last line of defence of "diagnostics, never exceptions": a bug becomes a diagnostic.
    const diagnostic = at(messages.internalError(error instanceof Error ? error.message : String(error)),
      { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } });
    const parsed: ParseResult = { model: { kind: 'model', statements: [], range: diagnostic.range }, diagnostics: [diagnostic], tokens: [], comments: [] };
    return { parsed, checked: check(parsed.model, { tables: [] }), diagnostics: [diagnostic], model: null };
  }
}

function analyzeText(text: string, schema: Schema): Analysis {
  const parsed = parse(text);
  const checked = check(parsed.model, schema);
  // A statement with a syntax error was only partly read: what the checker says about it would
  // be noise until the syntax is fixed.
  const broken = parsed.model.statements.filter((statement) =>
    parsed.diagnostics.some((diagnostic) => contains(statement.range, diagnostic.range.start)));
  const semantic = checked.diagnostics.filter((diagnostic) => !broken.some((statement) => contains(statement.range, diagnostic.range.start)));
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...semantic]);
  return { parsed, checked, diagnostics, model: hasErrors(parsed.diagnostics) ? null : checked.model };
}

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.column >= b.column);
  return after(position, range.start) && after(range.end, position);
}
