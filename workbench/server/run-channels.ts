import { PulseError } from '../../engine/errors.ts';

/**
 * The runs in progress, one per channel (a tab and a notebook, as the page names it): a new
 * run on a channel aborts the one before it (DESIGN.md §4: a superseded run is cancelled,
 * never shown). The abort reason is the `PulseError` the aborted request answers with.
 */
export class RunChannels {
  private readonly runs = new Map<string, AbortController>();

  /** A controller for a new run; without a channel the run supersedes nothing. */
  start(channel: string | undefined): AbortController {
    const controller = new AbortController();
    if (channel !== undefined) {
      this.runs.get(channel)?.abort(new PulseError('superseded', 'A newer run on the same channel replaced this one.'));
      this.runs.set(channel, controller);
    }
    return controller;
  }

  /** Forgets a run that ended (unless a newer one took its channel). */
  finish(channel: string | undefined, controller: AbortController): void {
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
