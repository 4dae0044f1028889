/**
 * The notebook page: the header, the data panel, the conflict banner and the open notebook,
 * and the keys that work anywhere on the page. The notebook shown is named in the address
 * bar's fragment (`#health-review.pulse.md`), so a reload reopens it.
 */
import { Api } from './api.ts';
import type { NotebookEntry } from './api-types.ts';
import { registerChartLanguage } from './chart-language.ts';
import type { CodeCellView } from './code-cell-view.ts';
import { conflictBanner } from './conflict-banner.ts';
import type { IRange } from './monaco-setup.ts';
import { DataPanel } from './data-panel.ts';
import { h, replaceChildren } from './dom.ts';
import { Header } from './header.ts';
import { activePulseCells, NotebookSession } from './notebook-session.ts';
import { registerPulseLanguage } from './pulse-language.ts';
import { sqlName } from './sql-text.ts';
import type { RunTiming } from './run-controller.ts';
import { toast } from './toast.ts';

/** What the browser tests may read from the page (`window.pulse`). */
export interface PageProbe {
  /** The Vega-Lite spec last drawn in a chart cell (its `section` element). */
  chartSpec(cell: Element): Record<string, unknown> | null;
  /** The notebook text as it would be saved. */
  text(): string;
  /** When the last runs were asked for and answered (page clock). */
  runTimings(): readonly RunTiming[];
  /**
   * Selects the first occurrence of `text` in a code cell's editor (inside the first occurrence
   * of `within`, when given) and focuses the editor, as a double-click on a word would.
   */
  selectText(cell: Element, text: string, within?: string): boolean;
  /** Where on the screen the middle of the first occurrence of `text` in a code cell's editor is. */
  pointAt(cell: Element, text: string): { x: number; y: number } | null;
  readonly saveState: string;
}

const PRESENT_KEY = 'pulse-present';

export class App {
  private readonly header: Header;
  private readonly panel: DataPanel;
  private readonly banner: ReturnType<typeof conflictBanner>;
  private readonly main = h('main', { class: 'notebook', id: 'notebook', tabindex: -1 });
  private session: NotebookSession | null = null;
  private notebooks: NotebookEntry[] = [];
  private present = false;
  private opening: Promise<void> = Promise.resolve();

  constructor(private readonly api: Api, private readonly root: HTMLElement) {
    this.header = new Header({
      open: (path) => this.navigate(path),
      create: () => void this.createNotebook(),
      asofChanged: () => this.session?.runAll(),
      runAll: () => this.session?.runAll(),
      present: (on) => this.setPresent(on),
      save: () => void this.session?.saver.save(),
    });
    this.panel = new DataPanel(api, {
      tablesChanged: () => this.session?.diagnostics.invalidate(),
      query: (table) => this.queryTable(table),
    });
    this.banner = conflictBanner({
      overwrite: () => void this.session?.saver.overwrite(),
      loadTheirs: () => this.session?.loadTheirs(),
      mine: () => this.session?.doc.text() ?? '',
    });
    // The header and the conflict banner stay on top together; the data panel starts below them.
    const top = h('div', { class: 'top' }, this.header.element, this.banner.element);
    new ResizeObserver(() => document.documentElement.style.setProperty('--top-height', `${top.offsetHeight}px`)).observe(top);
    replaceChildren(root,
      h('a', { class: 'skip-link', href: '#notebook' }, 'Skip to the notebook'),
      top,
      h('div', { class: 'layout' }, this.panel.element, this.main));
    this.installKeys();
    window.addEventListener('hashchange', () => this.openFromHash());
    const probe: PageProbe = {
      chartSpec: (element) => this.session?.drawnCharts.get(Number((element as HTMLElement).dataset.cellId)) ?? null,
      text: () => this.session?.doc.text() ?? '',
      runTimings: () => this.session?.runner.timings ?? [],
      selectText: (element, text, within) => {
        const found = this.find(element, text, within);
        if (!found) return false;
        found.editor.setSelection(found.range);
        found.editor.revealRangeInCenterIfOutsideViewport(found.range);
        found.editor.focus();
        return true;
      },
      pointAt: (element, text) => {
        const found = this.find(element, text);
        if (!found) return null;
        const start = found.editor.getScrolledVisiblePosition({ lineNumber: found.range.startLineNumber, column: found.range.startColumn });
        const end = found.editor.getScrolledVisiblePosition({ lineNumber: found.range.endLineNumber, column: found.range.endColumn });
        const box = found.editor.getDomNode()?.getBoundingClientRect();
        if (!start || !end || !box) return null;
        return { x: box.left + (start.left + end.left) / 2, y: box.top + start.top + start.height / 2 };
      },
      get saveState() {
        return document.querySelector<HTMLElement>('.save-state')?.dataset.state ?? '';
      },
    };
    (window as unknown as { pulse: PageProbe }).pulse = probe;
  }

  /** The first occurrence of `text` in the editor of the code cell `element` (for the page probe). */
  private find(element: Element, text: string, within?: string): { editor: CodeCellView['editor']; range: IRange } | null {
    const view = this.session?.view.code(Number((element as HTMLElement).dataset.cellId));
    const model = view?.editor.getModel();
    if (!view || !model) return null;
    const outer = within ? model.findNextMatch(within, { lineNumber: 1, column: 1 }, false, true, null, false) : null;
    if (within && !outer) return null;
    const from = outer ? { lineNumber: outer.range.startLineNumber, column: outer.range.startColumn } : { lineNumber: 1, column: 1 };
    const match = model.findNextMatch(text, from, false, true, null, false);
    return match ? { editor: view.editor, range: match.range } : null;
  }

  /** Loads the languages, the tables and the notebook list, and opens a notebook. */
  async start(): Promise<void> {
    registerChartLanguage();
    const grammar = registerPulseLanguage(this.api, activePulseCells).then((failure) => {
      if (failure) toast(`The rules language's highlighting is not available: ${failure.message}`, { tone: 'error' });
    });
    this.setPresent(sessionStorage.getItem(PRESENT_KEY) === 'on');
    await Promise.all([this.panel.refresh(), this.loadNotebookList(), grammar]);
    await this.openFromHash();
  }

  private async loadNotebookList(): Promise<void> {
    try {
      this.notebooks = (await this.api.notebooks()).notebooks;
    } catch (error) {
      this.notebooks = [];
      this.showMainMessage(`Could not list the notebooks: ${(error as Error).message}`, true);
    }
    this.header.setNotebooks(this.notebooks, this.session?.file.path ?? null);
  }

  private navigate(path: string): void {
    if (decodeURIComponent(location.hash.slice(1)) === path) void this.openFromHash();
    else location.hash = encodeURIComponent(path);
  }

  private openFromHash(): Promise<void> {
    const wanted = decodeURIComponent(location.hash.slice(1));
    const path = wanted || this.defaultNotebook();
    this.opening = this.opening.then(() => this.open(path), () => this.open(path));
    return this.opening;
  }

  private defaultNotebook(): string | null {
    return this.notebooks.find((notebook) => notebook.path === 'health-review.pulse.md')?.path ?? this.notebooks[0]?.path ?? null;
  }

  private async open(path: string | null): Promise<void> {
    if (this.session && this.session.file.path === path) return;
    if (this.session) {
      const saved = await this.session.close();
      if (!saved) toast('Your last changes could not be saved; they are kept in this browser and come back when you reopen the notebook.', { tone: 'error' });
      this.session = null;
      this.banner.show(false);
    }
    if (!path) {
      this.showMainMessage(this.notebooks.length === 0 ? 'There is no notebook yet. Create one with “+ New”.' : 'Choose a notebook above.');
      return;
    }
    this.showMainMessage('Opening the notebook…');
    try {
      const file = await this.api.notebook(path);
      const session = new NotebookSession(this.api, file, {
        state: (state, detail) => this.header.setSaveState(state, detail),
        conflict: (on, theirs) => this.banner.show(on, theirs !== null),
        titleChanged: (title) => this.header.setTitle(title),
        canEdit: () => !this.present,
        asof: () => this.header.asof,
        started: () => this.header.setRunning(true),
        finished: (response) => {
          this.header.setRunning(false);
          if (response) this.header.setEffectiveAsof(response.asof);
        },
        failed: (error) => toast(`The run failed: ${error.message}`, { tone: 'error' }),
      });
      this.session = session;
      this.header.setNotebooks(this.notebooks, path);
      this.header.setTitle(session.title);
      this.header.setSaveState(session.saver.current);
      replaceChildren(this.main, session.view.element, session.explanation.element);
      session.start();
    } catch (error) {
      this.showMainMessage(`Could not open ${path}: ${(error as Error).message}`, true);
    }
  }

  private async createNotebook(): Promise<void> {
    const name = await askName();
    if (!name) return;
    try {
      const file = await this.api.createNotebook(name);
      await this.loadNotebookList();
      this.navigate(file.path);
    } catch (error) {
      toast(`Could not create the notebook: ${(error as Error).message}`, { tone: 'error' });
    }
  }

  private queryTable(table: string): void {
    if (!this.session) return;
    const name = sqlName(table);
    const last = this.session.doc.cells.at(-1) ?? null;
    const cell = this.session.add(last, 'sql', `select *\nfrom ${name}`);
    void this.session.runner.run([cell.id]);
  }

  private setPresent(on: boolean): void {
    this.present = on;
    document.body.classList.toggle('present', on);
    this.header.setPresent(on);
    sessionStorage.setItem(PRESENT_KEY, on ? 'on' : 'off');
    this.session?.view.renderProse();
  }

  private showMainMessage(message: string, error = false): void {
    replaceChildren(this.main, h('p', { class: error ? 'main-message error' : 'main-message', role: error ? 'alert' : 'status' }, message));
  }

  /** Keys that work anywhere: save, run all, present, help. */
  private installKeys(): void {
    window.addEventListener('keydown', (event) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void this.session?.saver.save();
      } else if (mod && event.shiftKey && event.key === 'Enter') {
        event.preventDefault();
        event.stopPropagation();
        this.session?.runAll();
      } else if (event.altKey && event.shiftKey && event.code === 'KeyP') {
        event.preventDefault();
        event.stopPropagation();
        this.setPresent(!this.present);
      } else if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault();
        document.querySelector<HTMLButtonElement>('.help-button')?.click();
      }
    }, { capture: true });
  }
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName) || !!element.closest('.monaco-editor'));
}

/** Asks for a new notebook's name in a small dialog; null when cancelled. */
function askName(): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9 _\\-]*', placeholder: 'e.g. q3-review', 'aria-label': 'Notebook name', autocomplete: 'off' });
    const dialog = h('dialog', { class: 'dialog', 'aria-label': 'New notebook' },
      h('form', { method: 'dialog' },
        h('h2', {}, 'New notebook'),
        h('label', {}, 'Name ', input, h('span', { class: 'hint' }, '.pulse.md')),
        h('div', { class: 'dialog-actions' },
          h('button', { value: 'cancel', formnovalidate: true }, 'Cancel'),
          h('button', { value: 'create', class: 'primary' }, 'Create'))));
    dialog.addEventListener('close', () => {
      const name = dialog.returnValue === 'create' ? input.value.trim() : '';
      dialog.remove();
      resolve(name || null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
