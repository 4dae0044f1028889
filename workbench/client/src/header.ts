/**
 * The header of the notebook page: the notebook picker (every notebook by title) and a button
 * for a new one; the as-of date the whole notebook is evaluated at; Run all; the Present
 * toggle; the save state; the keyboard shortcuts.
 */
import type { NotebookEntry } from './api-types.ts';
import { h, replaceChildren } from './dom.ts';
import { helpPopover } from './help-popover.ts';
import type { SaveState } from './saver.ts';

export interface HeaderActions {
  open(path: string): void;
  create(): void;
  asofChanged(asof: string | null): void;
  runAll(): void;
  present(on: boolean): void;
  save(): void;
}

const SAVE_LABELS: Record<SaveState, string> = {
  saved: 'Saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Conflict',
  error: 'Not saved',
};

export class Header {
  readonly element: HTMLElement;
  private readonly picker = h('select', { id: 'notebook-picker', class: 'picker', 'aria-label': 'Open a notebook' });
  private readonly asofInput = h('input', { type: 'date', id: 'asof', 'aria-describedby': 'asof-note' });
  private readonly asofNote = h('span', { id: 'asof-note', class: 'asof-note' });
  private readonly asofReset = h('button', { type: 'button', class: 'link asof-reset', hidden: true, title: 'Evaluate as of the latest date in the data again' }, 'latest');
  private readonly runAllButton = h('button', { type: 'button', class: 'primary run-all', title: 'Run all cells (Ctrl+Shift+Enter)' }, '▶ Run all');
  private readonly presentButton = h('button', { type: 'button', class: 'present-toggle', 'aria-pressed': 'false', title: 'Present: prose, tables and charts only (Alt+Shift+P)' }, 'Present');
  private readonly saveState = h('button', { type: 'button', class: 'save-state', 'data-state': 'saved', title: 'Save now (Ctrl+S)' }, SAVE_LABELS.saved);
  private readonly title = h('span', { class: 'present-title' });
  private overridden = false;

  constructor(private readonly actions: HeaderActions) {
    const help = helpPopover();
    this.picker.addEventListener('change', () => {
      this.picker.title = this.picker.value;
      actions.open(this.picker.value);
    });
    this.asofInput.addEventListener('change', () => {
      this.overridden = this.asofInput.value !== '';
      this.asofReset.hidden = !this.overridden;
      this.asofNote.textContent = this.overridden ? '' : 'latest data';
      actions.asofChanged(this.overridden ? this.asofInput.value : null);
    });
    this.asofReset.addEventListener('click', () => {
      this.overridden = false;
      this.asofReset.hidden = true;
      this.asofInput.value = '';
      actions.asofChanged(null);
    });
    this.runAllButton.addEventListener('click', () => actions.runAll());
    this.presentButton.addEventListener('click', () => actions.present(this.presentButton.getAttribute('aria-pressed') !== 'true'));
    this.saveState.addEventListener('click', () => actions.save());
    this.element = h('header', { class: 'topbar' },
      h('div', { class: 'brand', 'aria-label': 'Pulse' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◆'), 'Pulse'),
      h('div', { class: 'notebook-picker' },
        this.picker,
        h('button', { type: 'button', class: 'new-notebook', onclick: () => actions.create(), title: 'Create a new notebook' }, '+ New')),
      this.title,
      h('span', { class: 'spacer' }),
      h('div', { class: 'asof' }, h('label', { for: 'asof' }, 'As of'), this.asofInput, this.asofNote, this.asofReset),
      this.runAllButton,
      this.presentButton,
      this.saveState,
      h('div', { class: 'help-anchor' }, help.button, help.element));
  }

  /** Fills the picker; `current` is selected. */
  setNotebooks(notebooks: readonly NotebookEntry[], current: string | null): void {
    // By title; the file is named too where two notebooks share a title, and always in the tooltip.
    const titles = notebooks.map((notebook) => notebook.title);
    replaceChildren(this.picker, ...notebooks.map((notebook) => {
      const shared = titles.filter((title) => title === notebook.title).length > 1;
      const label = !notebook.title ? notebook.path : shared ? `${notebook.title} — ${notebook.path}` : notebook.title;
      const option = h('option', { value: notebook.path, title: notebook.path }, label);
      option.selected = notebook.path === current;
      return option;
    }));
    if (current && !notebooks.some((notebook) => notebook.path === current)) this.picker.append(h('option', { value: current, selected: true }, current));
    this.picker.title = current ?? '';
  }

  /** The notebook's title, shown in present mode in place of the picker. */
  setTitle(title: string): void {
    this.title.textContent = title;
    document.title = `${title} · Pulse`;
  }

  /** The evaluation date the last run used; shown unless the user chose one. */
  setEffectiveAsof(asof: string | null): void {
    // A run that needed no model (a SQL cell alone, or a model with errors) says nothing about the date.
    if (this.overridden || asof === null) return;
    this.asofInput.value = asof ?? '';
    this.asofNote.textContent = 'latest data';
  }

  /** The date the user chose, or null for the model's own / the latest in the data. */
  get asof(): string | null {
    return this.overridden && this.asofInput.value ? this.asofInput.value : null;
  }

  setAsof(asof: string | null): void {
    this.overridden = asof !== null;
    this.asofInput.value = asof ?? '';
    this.asofReset.hidden = !this.overridden;
    this.asofNote.textContent = this.overridden ? '' : 'latest data';
  }

  setRunning(running: boolean): void {
    this.runAllButton.classList.toggle('busy', running);
    this.runAllButton.textContent = running ? 'Running…' : '▶ Run all';
  }

  setSaveState(state: SaveState, detail?: string): void {
    this.saveState.dataset.state = state;
    this.saveState.textContent = SAVE_LABELS[state];
    this.saveState.title = detail ? `${SAVE_LABELS[state]}: ${detail}` : state === 'saved' ? 'All changes saved' : 'Save now (Ctrl+S)';
  }

  setPresent(on: boolean): void {
    this.presentButton.setAttribute('aria-pressed', String(on));
    this.presentButton.textContent = on ? 'Exit present' : 'Present';
  }
}
