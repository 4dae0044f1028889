/**
 * The page's only way to the server: JSON over HTTP with the launch token
 * (`Authorization: Bearer …`). Every failure becomes an `ApiError` with the server's code and
 * message, so the page can always say what went wrong.
 */
import type {
  AccountId, ApiErrorBody, CompletionList, Diagnostic, Explanation, GrammarResponse, Hover, NotebookEntry, NotebookFile, RunLine, TableInfo,
  UploadedTable, WhatIf,
} from './api-types.ts';
import { readJsonLines } from './ndjson.ts';

const NDJSON = 'application/x-ndjson';

/** An answer that was not 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole JSON body, for routes that send more (a 409 conflict sends `current`). */
    readonly body: Record<string, unknown> = {},
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where a pulse-cell position is: the cell's index among the pulse cells, 1-based line/column in it. */
export interface LanguageRequest {
  readonly cells: readonly string[];
  readonly cell: number;
  readonly position?: { readonly line: number; readonly column: number };
}

/** The typed API of docs/workbench-api.md. */
export class Api {
  constructor(private readonly token: string) {}

  tables(): Promise<{ tables: TableInfo[] }> {
    return this.request('GET', '/api/tables');
  }

  upload(name: string, file: Blob): Promise<{ table: UploadedTable }> {
    return this.request('POST', `/api/upload?name=${encodeURIComponent(name)}`, file);
  }

  notebooks(): Promise<{ notebooks: NotebookEntry[] }> {
    return this.request('GET', '/api/notebooks');
  }

  notebook(path: string): Promise<NotebookFile> {
    return this.request('GET', `/api/notebooks/${encodePath(path)}`);
  }

  save(path: string, text: string, baseVersion: string | null): Promise<{ version: string }> {
    return this.request('PUT', `/api/notebooks/${encodePath(path)}`, { text, baseVersion });
  }

  createNotebook(name: string): Promise<NotebookFile> {
    return this.request('POST', '/api/notebooks', { name });
  }

  /**
   * Runs cells, streamed: yields each cell's result as the server finishes it, and ends after
   * the `done` line. A failure before the first line is an `ApiError` with the HTTP status; one
   * after it (the stream's `error` line) is an `ApiError` with the server's code, and so is an
   * answer cut short (`network`).
   */
  async *runStream(body: { text: string; cells?: readonly number[]; asof?: string; channel: string }, signal?: AbortSignal): AsyncGenerator<Exclude<RunLine, { type: 'error' }>> {
    const response = await this.send('POST', '/api/run', body, signal, NDJSON);
    if (!response.body) throw new ApiError(response.status, 'network', 'The run answered without a body.');
    try {
      for await (const value of readJsonLines(response.body)) {
        const line = value as RunLine;
        if (line.type === 'error') throw new ApiError(response.status, line.error.code, line.error.message, { error: line.error }, line.error.hint);
        if (line.type !== 'result' && line.type !== 'done') throw new ApiError(response.status, 'bad_answer', 'The run answered a line the page does not understand.');
        yield line;
        if (line.type === 'done') return;
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'The request was cancelled.');
      throw new ApiError(0, 'network', `The run's answer broke off (${(error as Error).message}). Is Pulse's server still running?`);
    }
    throw new ApiError(0, 'network', "The run's answer ended before the run did. Is Pulse's server still running?");
  }

  explain(body: { text: string; score: string; accountId: AccountId; asof?: string; history?: number }, signal?: AbortSignal): Promise<Explanation> {
    return this.request('POST', '/api/explain', body, signal);
  }

  whatIf(body: { savedText: string; draftText: string; asof?: string; score?: string; segment?: string }, signal?: AbortSignal): Promise<WhatIf> {
    return this.request('POST', '/api/what-if', body, signal);
  }

  cancelRun(channel: string): Promise<{ cancelled: boolean }> {
    return this.request('POST', '/api/run/cancel', { channel });
  }

  diagnostics(request: LanguageRequest, signal?: AbortSignal): Promise<{ diagnostics: Diagnostic[] }> {
    return this.request('POST', '/api/language/diagnostics', request, signal);
  }

  completions(request: LanguageRequest, signal?: AbortSignal): Promise<CompletionList> {
    return this.request('POST', '/api/language/completions', request, signal);
  }

  hover(request: LanguageRequest, signal?: AbortSignal): Promise<Hover | null> {
    return this.request('POST', '/api/language/hover', request, signal);
  }

  format(text: string): Promise<{ text: string }> {
    return this.request('POST', '/api/language/format', { text });
  }

  grammar(): Promise<GrammarResponse> {
    return this.request('GET', '/api/language/grammar');
  }

  private async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.send(method, path, body, signal);
    return (await response.json().catch(() => {
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'The request was cancelled.');
      return null;
    })) as T;
  }

  /** Sends a request; a failed one (no answer, or not 2xx) becomes an `ApiError`. */
  private async send(method: string, path: string, body: unknown, signal: AbortSignal | undefined, accept?: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, ...(accept ? { Accept: accept } : {}) };
    let payload: BodyInit | undefined;
    if (body instanceof Blob) {
      headers['Content-Type'] = 'application/octet-stream';
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: payload, signal });
    } catch (error) {
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'The request was cancelled.');
      throw new ApiError(0, 'network', `Pulse's server did not answer (${(error as Error).message}). Is it still running?`);
    }
    if (response.ok) return response;
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const error = (json?.error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? `The server answered ${response.status} ${response.statusText}.`, json ?? {}, error.hint);
  }
}

/** A notebook path in a route, as one URL segment (a slash in it is sent as %2F). */
export function encodePath(path: string): string {
  return encodeURIComponent(path);
}
