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

/** A run's cells' results, and the evaluation date it used (null when it needed no model). */
export interface RunResponse {
  readonly asof: string | null;
  readonly results: readonly CellResult[];
}

/** One line of a streamed run (`Accept: application/x-ndjson`): a cell's result as it finishes, then how the run ended. */
export type RunLine =
  | { readonly type: 'result'; readonly result: CellResult }
  | { readonly type: 'done'; readonly asof: string | null }
  | { readonly type: 'error'; readonly error: ApiErrorBody };

/** An account's id as the entity's key holds it. */
export type AccountId = string | number;

/** `POST /api/explain`: one account's score at the evaluation date, its history and what moved it. */
export interface Explanation {
  readonly accountId: AccountId;
  readonly asof: string;
  readonly score: { readonly name: string; readonly label: string | null; readonly missing: 'reweight' | 'zero' | 'null'; readonly grades: readonly { readonly name: string; readonly minimum: number | null }[] };
  readonly value: number | null;
  readonly grade: string | null;
  readonly components: readonly {
    readonly name: string;
    readonly weight: number;
    /** The part of the total weight it carries at `asof`, 0–1; null when the score is null. */
    readonly share: number | null;
    readonly value: number | null;
    /** Points it adds: the contributions sum to the score. */
    readonly contribution: number | null;
    readonly measures: readonly { readonly name: string; readonly label: string | null; readonly value: JsonValue }[];
  }[];
  /** Oldest first; the last point is `asof`. */
  readonly history: readonly {
    readonly asof: string;
    readonly value: number | null;
    readonly grade: string | null;
    readonly components: readonly { readonly name: string; readonly value: number | null; readonly contribution: number | null }[];
  }[];
  readonly movers: readonly { readonly from: string; readonly to: string; readonly change: number | null; readonly component: string | null; readonly contributionChange: number | null }[];
}

/** `POST /api/what-if`: a draft model against a saved one, as of one date. */
export interface WhatIf {
  readonly asof: string;
  readonly accounts: number;
  readonly score: {
    readonly name: string;
    readonly saved: readonly GradeCount[];
    readonly draft: readonly GradeCount[];
    readonly transitions: readonly { readonly from: string | null; readonly to: string | null; readonly accounts: number }[];
    readonly moved: number;
    readonly changed: number;
    readonly meanChange: number | null;
  } | null;
  readonly segments: readonly {
    readonly name: string;
    readonly saved: number;
    readonly draft: number;
    readonly entering: number;
    readonly leaving: number;
    /** The first 50 each way, by key; the counts are complete. */
    readonly enteringIds: readonly AccountId[];
    readonly leavingIds: readonly AccountId[];
  }[];
  readonly added: { readonly scores: readonly string[]; readonly segments: readonly string[] };
  readonly removed: { readonly scores: readonly string[]; readonly segments: readonly string[] };
}

/** Accounts per grade; `grade` null counts those without one. */
export interface GradeCount {
  readonly grade: string | null;
  readonly accounts: number;
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
