/**
 * The shapes of the workbench API's answers (docs/workbench-api.md), as the page reads them.
 * Where the engine defines the shape, it is imported from there as a type only: nothing of
 * the engine or `dsl/` is bundled, and the page cannot drift from what the server sends.
 */
import type { Diagnostic } from '../../../dsl/diagnostics.ts';
import type { CompletionList } from '../../../dsl/service/completion.ts';
import type { Hover } from '../../../dsl/service/hover.ts';
import type { AccountId } from '../../../engine/backtest/backtest.ts';
import type { Explanation } from '../../../engine/backtest/explain.ts';
import type { GradeCount, WhatIf } from '../../../engine/backtest/what-if.ts';
import type { TableSummary as TableInfo } from '../../../engine/introspect.ts';
import type { JsonValue, ValueKind } from '../../../engine/json-values.ts';
import type { LoadedTable } from '../../../engine/load.ts';
import type { CellKind } from '../../../engine/notebook/format.ts';
import type { CellResult, NotebookRun as RunResponse } from '../../../engine/notebook/run.ts';
import type { NotebookFile, NotebookSummary as NotebookEntry } from '../../../engine/notebook/store.ts';
import type { Column, QueryResult } from '../../../engine/session.ts';

export type {
  AccountId, CellKind, CellResult, Column, CompletionList, Diagnostic, Explanation, GradeCount, Hover, JsonValue, NotebookEntry, NotebookFile,
  QueryResult, RunResponse, TableInfo, LoadedTable as UploadedTable, ValueKind, WhatIf,
};

/** One line of a streamed run (`Accept: application/x-ndjson`): a cell's result as it finishes, then how the run ended. */
export type RunLine =
  | { readonly type: 'result'; readonly result: CellResult }
  | { readonly type: 'done'; readonly asof: string | null }
  | { readonly type: 'error'; readonly error: ApiErrorBody };

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
