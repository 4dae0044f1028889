/**
 * The shapes of the workbench API's answers (docs/workbench-api.md), as the page reads them.
 * The rules language's own types come from `dsl/` as types only: nothing of it is bundled.
 */
import type { Diagnostic } from '../../../dsl/diagnostics.ts';
import type { CompletionList } from '../../../dsl/service/completion.ts';
import type { Hover } from '../../../dsl/service/hover.ts';
import type { CellKind } from '../../../engine/notebook/format.ts';

export type { CellKind, CompletionList, Diagnostic, Hover };

export type ValueKind = 'integer' | 'number' | 'text' | 'boolean' | 'date' | 'timestamp' | 'other';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Column {
  readonly name: string;
  readonly sqlType: string;
  readonly kind: ValueKind;
}

export interface TableInfo {
  readonly name: string;
  readonly relation: 'table' | 'view';
  readonly rows: number;
  readonly columns: readonly Column[];
}

export interface UploadedTable extends TableInfo {
  readonly file: string;
  readonly format: string;
  readonly notes: readonly string[];
}

/** A query result stored by column: `data[c][r]`. */
export interface QueryResult {
  readonly columns: readonly Column[];
  readonly data: readonly (readonly JsonValue[])[];
  readonly rowCount: number;
  readonly truncated: boolean;
  readonly elapsedMs: number;
}

export interface NotebookEntry {
  readonly path: string;
  readonly title: string;
  readonly modified: string;
  readonly size: number;
}

export interface NotebookFile {
  readonly path: string;
  readonly text: string;
  readonly version: string;
}

export type CellResult =
  | { readonly index: number; readonly kind: 'pulse'; readonly status: 'ok'; readonly elapsedMs: number; readonly diagnostics: readonly Diagnostic[]; readonly rows: number; readonly outputs: readonly string[] }
  | { readonly index: number; readonly kind: 'sql'; readonly status: 'ok'; readonly elapsedMs: number; readonly table: QueryResult }
  | { readonly index: number; readonly kind: 'chart'; readonly status: 'ok'; readonly elapsedMs: number; readonly spec: Record<string, unknown>; readonly diagnostics: readonly Diagnostic[] }
  | { readonly index: number; readonly kind: CellKind; readonly status: 'error'; readonly elapsedMs: number; readonly message: string; readonly diagnostics?: readonly Diagnostic[] }
  | { readonly index: number; readonly kind: CellKind; readonly status: 'skipped'; readonly reason: string };

export interface RunResponse {
  readonly asof: string | null;
  readonly results: readonly CellResult[];
}

/** The Monarch grammar as JSON: regular expressions may come as strings or `{source, flags}`. */
export interface GrammarResponse {
  readonly monarch: Record<string, unknown>;
  readonly configuration: Record<string, unknown>;
}

export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly place?: { readonly file?: string; readonly line?: number; readonly column?: number };
  readonly hint?: string;
}
