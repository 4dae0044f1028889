/**
 * The banner shown when a save was refused because the file changed on disk: the user's text
 * stays in the editor (and in localStorage) until they choose to overwrite the file with it or
 * to load the version on disk. Copying their text first is offered too.
 */
import { h } from './dom.ts';
import { toast } from './toast.ts';

export interface ConflictActions {
  overwrite(): void;
  loadTheirs(): void;
  /** The user's text, to copy. */
  mine(): string;
}

export const CONFLICT_MESSAGE = 'This notebook changed on disk since you opened it. Your text is kept.';

/** A banner element; `show(false)` hides it. */
export function conflictBanner(actions: ConflictActions): { element: HTMLElement; show(on: boolean, canLoadTheirs?: boolean): void } {
  const loadTheirs = h('button', { type: 'button', onclick: () => actions.loadTheirs() }, 'Load the version on disk');
  const element = h('div', { class: 'banner banner-conflict', role: 'alert', hidden: true },
    h('p', {}, h('strong', {}, CONFLICT_MESSAGE), ' Save yours over it, or load theirs (yours is then replaced).'),
    h('div', { class: 'banner-actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => actions.overwrite() }, 'Overwrite with mine'),
      loadTheirs,
      h('button', {
        type: 'button', class: 'link', onclick: () => {
          void navigator.clipboard.writeText(actions.mine()).then(() => toast('Your text is on the clipboard.'), () => toast('Could not copy: the browser refused.', { tone: 'error' }));
        },
      }, 'Copy my text')));
  return {
    element,
    show(on, canLoadTheirs = true) {
      element.hidden = !on;
      loadTheirs.disabled = !canLoadTheirs;
    },
  };
}
