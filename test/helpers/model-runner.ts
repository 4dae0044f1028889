import { analyze, compileModel, type Diagnostic } from '../../dsl/index.ts';
import { defaultAsof } from '../../engine/evaluate-model.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { rowsOf } from './rows.ts';

/**
 * Analyzes, compiles and runs a model text on a session. Throws with the diagnostics when
 * the text has errors, so a test sees at once what is wrong with its fixture.
 */
export async function runModel(session: Session, text: string, asof?: string): Promise<{ rows: Record<string, unknown>[]; sql: string; asof: string; warnings: Diagnostic[] }> {
  const analysis = analyze(text, await modelSchema(session));
  if (!analysis.model) {
    throw new Error(`model has errors:\n${analysis.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`).join('\n')}`);
  }
  const date = asof ?? (await defaultAsof(session, analysis.model));
  const compiled = compileModel(analysis.model, date);
  const rows = rowsOf(await session.query(compiled.sql));
  return { rows, sql: compiled.sql, asof: date, warnings: analysis.diagnostics.filter((d) => d.severity === 'warning') };
}

/** One column of the result as a map from the entity key to the value. */
export function byKey(rows: readonly Record<string, unknown>[], key: string, column: string): Record<string, unknown> {
  return Object.fromEntries(rows.map((row) => [String(row[key]), row[column]]));
}
