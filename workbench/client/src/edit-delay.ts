/**
 * How long after an edit the page runs the edited cell. Typing words waits for a pause, so
 * that a half-typed name does not run; an edit that changed only numbers (tuning a weight or a
 * threshold) cannot break the syntax, and a newer run cancels an older one, so it runs almost
 * at once.
 */

/** After an edit that changed words. */
export const EDIT_RUN_DELAY_MS = 400;
/**
 * After an edit that changed only numbers since the cell last ran: long enough to take a key
 * held down (~30 repeats a second) or a multi-cursor edit as one change, short enough not to be felt.
 */
export const NUMBER_EDIT_RUN_DELAY_MS = 30;

/** True when two texts differ, and only in the digits of their numbers (`weight 36` → `weight 40`). */
export function onlyNumbersDiffer(before: string, after: string): boolean {
  const shape = (text: string) => text.replace(/\d+(\.\d+)?/g, '0');
  return before !== after && shape(before) === shape(after);
}
