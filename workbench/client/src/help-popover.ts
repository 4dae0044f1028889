/** The keyboard shortcuts, in a small popover opened from the header's "?" button or with "?". */
import { h } from './dom.ts';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Shift+Enter', 'run the cell (in an editor); finish editing prose'],
  [`${mod}+Shift+Enter`, 'run all cells'],
  [`${mod}+S`, 'save now (it also saves 2 s after you stop typing)'],
  ['Enter', 'edit the focused prose cell'],
  ['Escape', 'stop editing prose; close the explanation'],
  [`${mod}+Space`, 'suggest names, columns and keywords'],
  ['Shift+Alt+F', 'format the pulse cell'],
  ['Ctrl+M', 'let Tab move out of an editor (and back)'],
  ['Alt+Shift+P', 'present mode on / off'],
  ['?', 'this list'],
];

/** The popover element and a toggle for it. */
export function helpPopover(): { element: HTMLElement; button: HTMLButtonElement; toggle(open?: boolean): void } {
  const list = h('dl', { class: 'shortcuts' });
  for (const [keys, what] of SHORTCUTS) list.append(h('dt', {}, ...keys.split('+').flatMap((key, at) => [at ? '+' : null, h('kbd', {}, key)])), h('dd', {}, what));
  const element = h('div', { class: 'help-popover', id: 'help', role: 'dialog', 'aria-label': 'Keyboard shortcuts', hidden: true },
    h('h2', {}, 'Keyboard shortcuts'), list);
  const button = h('button', { type: 'button', class: 'icon-button help-button', 'aria-label': 'Keyboard shortcuts', 'aria-expanded': 'false', 'aria-controls': 'help', title: 'Keyboard shortcuts (?)' }, '?');
  const toggle = (open = element.hidden) => {
    element.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => toggle());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !element.hidden) {
      toggle(false);
      button.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!element.hidden && !element.contains(event.target as Node) && event.target !== button) toggle(false);
  });
  return { element, button, toggle };
}
