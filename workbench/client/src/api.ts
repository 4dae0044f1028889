/**
 * The page's only way to the server: JSON over HTTP with the launch token
 * (`Authorization: Bearer …`). Every failure becomes an `ApiError` with the server's code and
 * message, so the page can always say what went wrong.
 */
import type {
  ApiErrorBody, CompletionList, Diagnostic, GrammarResponse, Hover, NotebookEntry, NotebookFile, RunResponse, TableInfo, UploadedTable,
} from './api-types.ts';

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

  run(body: { text: string; cells?: readonly number[]; asof?: string; channel: string }, signal?: AbortSignal): Promise<RunResponse> {
    return this.request('POST', '/api/run', body, signal);
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
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
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
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok) {
      const error = (json?.error ?? {}) as Partial<ApiErrorBody>;
      throw new ApiError(response.status, error.code ?? 'http_error', error.message ?? `The server answered ${response.status} ${response.statusText}.`, json ?? {}, error.hint);
    }
    return json as T;
  }
}

/** A notebook path in a route, as one URL segment (a slash in it is sent as %2F). */
export function encodePath(path: string): string {
  return encodeURIComponent(path);
}
