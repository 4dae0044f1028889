/** What went wrong, as a stable code that callers (CLI, server, tests) can branch on. */
export type PulseErrorCode =
  | 'file_not_found'
  | 'file_empty'
  | 'file_not_text'
  | 'file_unsupported'
  | 'file_malformed'
  | 'bad_table_name'
  | 'bad_argument'
  | 'path_outside_folder'
  | 'query_failed'
  | 'query_not_allowed'
  | 'query_timeout'
  | 'query_cancelled'
  | 'not_found'
  | 'conflict'
  | 'superseded'
  | 'too_large'
  | 'busy';

/** Where in a file the problem is, when known (1-based). */
export interface ErrorPlace {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * An error Pulse expects and explains: a bad file, a failed or interrupted query. The message
 * is written for the user and names the place; `hint` says what to do about it.
 */
export class PulseError extends Error {
  override readonly name = 'PulseError';

  constructor(
    readonly code: PulseErrorCode,
    message: string,
    readonly place: ErrorPlace = {},
    readonly hint?: string,
  ) {
    super(message);
  }

  /** A plain object for JSON responses. */
  toJSON(): { code: PulseErrorCode; message: string; place: ErrorPlace; hint?: string } {
    return { code: this.code, message: this.message, place: this.place, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** The first line of a DuckDB error message, without its "Xxx Error: " prefix. */
export function duckdbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((line) => line.trim() !== '') ?? text;
  return first.replace(/^[A-Za-z ]*Error: /, '').trim();
}
