/**
 * The small bar on top of each cell: its kind, its name (for `sql` and `chart` cells, which
 * other cells refer to by it), its status, and the buttons to run it, add a cell below and
 * delete it.
 */
import { h, replaceChildren } from './dom.ts';
import { formatElapsed } from './dom.ts';
import type { Cell, CellKind } from './notebook-doc.ts';

export type CellStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'ok'; readonly elapsedMs: number }
  | { readonly state: 'error'; readonly elapsedMs?: number }
  | { readonly state: 'skipped'; readonly reason: string };

export const KIND_LABELS: Record<CellKind, string> = { markdown: 'Prose', pulse: 'Pulse', sql: 'SQL', chart: 'Chart' };

export interface ToolbarActions {
  readonly run?: () => void;
  readonly add: (kind: CellKind) => void;
  readonly remove: () => void;
  readonly rename?: (name: string) => void;
}

/** The toolbar and a setter for the status it shows. */
export function cellToolbar(cell: Cell, actions: ToolbarActions): { element: HTMLElement; setStatus(status: CellStatus): void } {
  const status = h('span', { class: 'cell-status', 'aria-live': 'polite' });
  const label = KIND_LABELS[cell.kind];
  const name = actions.rename && cell.kind !== 'markdown' && cell.kind !== 'pulse'
    ? h('input', {
      class: 'cell-name', value: cell.name ?? '', placeholder: 'name', spellcheck: 'false', size: Math.max(6, (cell.name ?? '').length + 1),
      'aria-label': `Name of this ${label} cell (other cells refer to it by this name)`,
      title: 'Name: other cells and charts refer to this result by it',
    })
    : null;
  if (name && actions.rename) {
    const rename = actions.rename;
    name.addEventListener('input', () => {
      name.size = Math.max(6, name.value.length + 1);
    });
    name.addEventListener('change', () => {
      const clean = name.value.trim().replace(/[^A-Za-z0-9_]/g, '_');
      name.value = clean;
      rename(clean);
    });
  }

  const addMenu = h('details', { class: 'add-menu' },
    h('summary', { class: 'tool-button', title: 'Add a cell below', 'aria-label': 'Add a cell below' }, '+ Add'),
    h('div', { class: 'menu', role: 'menu' },
      ...(['markdown', 'pulse', 'sql', 'chart'] as const).map((kind) => h('button', {
        type: 'button', role: 'menuitem', onclick: (event: Event) => {
          (event.currentTarget as HTMLElement).closest('details')!.open = false;
          actions.add(kind);
        },
      }, KIND_LABELS[kind]))));
  addMenu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && addMenu.open) {
      addMenu.open = false;
      addMenu.querySelector('summary')!.focus();
    }
  });

  const element = h('div', { class: 'cell-toolbar' },
    h('span', { class: `cell-kind kind-${cell.kind}` }, label),
    name,
    status,
    h('span', { class: 'spacer' }),
    actions.run ? h('button', { type: 'button', class: 'tool-button run-button', onclick: actions.run, title: 'Run this cell (Shift+Enter)', 'aria-label': 'Run this cell' }, '▶ Run') : null,
    addMenu,
    h('button', { type: 'button', class: 'tool-button delete-button', onclick: actions.remove, title: 'Delete this cell', 'aria-label': 'Delete this cell' }, '✕'));

  const setStatus = (next: CellStatus) => {
    status.dataset.state = next.state;
    switch (next.state) {
      case 'idle': replaceChildren(status); break;
      case 'running': replaceChildren(status, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'running…'); break;
      case 'ok': replaceChildren(status, formatElapsed(next.elapsedMs)); break;
      case 'error': replaceChildren(status, 'error'); break;
      case 'skipped': replaceChildren(status, 'not run'); status.title = next.reason; break;
    }
  };
  return { element, setStatus };
}
