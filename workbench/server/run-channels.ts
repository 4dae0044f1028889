import { PulseError } from '../../engine/errors.ts';

/**
 * How many runs may be in progress at once, waiting for their turn or running: runs take
 * turns on the session (`engine/notebook/run.ts`), so more would only wait — holding their
 * requests open — while the ones ahead compete with every other route for DuckDB's threads.
 */
export const MAX_RUNS_IN_PROGRESS = 4;

/** How long a refused run is told to wait before asking again (`Retry-After`). */
export const RUN_RETRY_AFTER_SECONDS = 5;

/** A run refused because `MAX_RUNS_IN_PROGRESS` are in progress: 429 with `Retry-After`. */
export class ServerBusyError extends PulseError {
  constructor(readonly retryAfterSeconds: number, inProgress: number) {
    super('busy', `Pulse is already running ${inProgress} notebook runs; this one was not started.`, {},
      `Try again in ${retryAfterSeconds} s (a run on the same channel replaces its previous one instead of waiting).`);
  }
}

/**
 * The runs in progress: at most one per channel (a tab and a notebook, as the page names it),
 * and at most `MAX_RUNS_IN_PROGRESS` in all. A new run on a channel aborts the one before it (DESIGN.md §4: a
 * superseded run is cancelled, never shown); a run beyond the limit is refused. The abort
 * reason is the `PulseError` the aborted request answers with. A run stops counting once it
 * is aborted (it does no more work) or finished.
 */
export class RunChannels {
  private readonly runs = new Map<string, AbortController>();
  private readonly inProgress = new Set<AbortController>();

  /**
   * A controller for a new run; without a channel the run supersedes nothing. Throws
   * `ServerBusyError` when `MAX_RUNS_IN_PROGRESS` other runs are in progress (the run it would supersede
   * not counted, and left alone).
   */
  start(channel: string | undefined): AbortController {
    const previous = channel === undefined ? undefined : this.runs.get(channel);
    const others = this.inProgress.size - (previous && this.inProgress.has(previous) ? 1 : 0);
    if (others >= MAX_RUNS_IN_PROGRESS) throw new ServerBusyError(RUN_RETRY_AFTER_SECONDS, others);
    previous?.abort(new PulseError('superseded', 'A newer run on the same channel replaced this one.'));
    const controller = new AbortController();
    this.inProgress.add(controller);
    controller.signal.addEventListener('abort', () => this.inProgress.delete(controller), { once: true });
    if (channel !== undefined) this.runs.set(channel, controller);
    return controller;
  }

  /** Forgets a run that ended (its channel too, unless a newer run took it). */
  finish(channel: string | undefined, controller: AbortController): void {
    this.inProgress.delete(controller);
    if (channel !== undefined && this.runs.get(channel) === controller) this.runs.delete(channel);
  }

  /** Cancels the run on a channel; false when none is running. */
  cancel(channel: string): boolean {
    const controller = this.runs.get(channel);
    if (!controller) return false;
    this.runs.delete(channel);
    controller.abort(new PulseError('query_cancelled', 'The run was cancelled.'));
    return true;
  }
}
