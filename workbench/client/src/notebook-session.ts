/**
 * One open notebook: its document, its cell views, live diagnostics, runs and saving, the
 * explanation drawer and the what-if preview, wired together. The page holds one at a time;
 * opening another notebook disposes it (after saving).
 */
import type { AccountLinks } from './account-link.ts';
import type { Api } from './api.ts';
import type { AccountId, NotebookFile, RunResponse } from './api-types.ts';
import type { CellHost } from './code-cell-view.ts';
import { ExplainPanel } from './explain-panel.ts';
import { modelOutline, type ModelOutline } from './model-outline.ts';
import { toast } from './toast.ts';
import { LiveDiagnostics } from './live-diagnostics.ts';
import { NotebookDoc, type Cell, type CellKind } from './notebook-doc.ts';
import { NotebookView } from './notebook-view.ts';
import type { ProseHost } from './prose-cell-view.ts';
import { RunController, type RunListener } from './run-controller.ts';
import { readDraft, Saver, type SaverEvents, type Theirs } from './saver.ts';
import type { PulseCellsSource } from './pulse-language.ts';
import type { monaco } from './monaco-setup.ts';
import { WhatIfPreview } from './what-if.ts';

/** What the session tells the rest of the page. */
export interface SessionEvents extends SaverEvents, RunListener {
  titleChanged(title: string): void;
  /** Whether prose may be edited (not in present mode). */
  canEdit(): boolean;
  /** The as-of date chosen in the header, or null. */
  asof(): string | null;
}

/** Pulse cells of the current session, for the language providers (registered once per page). */
let active: NotebookSession | null = null;
export const activePulseCells: PulseCellsSource = {
  requestFor: (model) => active?.languageRequest(model) ?? null,
};

export class NotebookSession implements CellHost, ProseHost {
  readonly doc: NotebookDoc;
  readonly view: NotebookView;
  readonly saver: Saver;
  readonly runner: RunController;
  readonly diagnostics: LiveDiagnostics;
  readonly explanation: ExplainPanel;
  readonly whatIf: WhatIfPreview;
  private readonly unsubscribe: () => void;
  /** The pulse cell edited last: the what-if strip goes under it. */
  private lastEditedPulse: number | null = null;
  private disposed = false;
  /** Spec of each chart as last drawn, by cell id (read by the browser tests). */
  readonly drawnCharts = new Map<number, Record<string, unknown>>();

  constructor(private readonly api: Api, readonly file: NotebookFile, private readonly events: SessionEvents) {
    const draft = readDraft(file.path);
    const restore = draft !== null && draft.text !== file.text;
    this.doc = new NotebookDoc(restore ? draft.text : file.text);
    this.view = new NotebookView(this.doc, this);
    this.diagnostics = new LiveDiagnostics(api, this.doc,
      (cellId, diagnostics) => this.view.setLiveDiagnostics(cellId, diagnostics),
      () => undefined);
    this.saver = new Saver(api, file.path, file.version, file.text, () => this.doc.text(), events);
    this.runner = new RunController(api, this.doc, this.view, this.diagnostics, file.path, () => events.asof(), {
      ...events,
      finished: (response) => {
        events.finished(response);
        this.ran(response);
      },
    });
    this.explanation = new ExplainPanel(api, {
      text: () => this.doc.text(),
      asof: () => events.asof() ?? this.runner.evaluationDate,
      scores: () => this.outline()?.scores ?? [],
    });
    this.whatIf = new WhatIfPreview(api, file.text, {
      text: () => this.doc.text(),
      place: (strip) => this.placeWhatIf(strip),
      openAccount: (id) => this.explain(id),
    });
    this.unsubscribe = this.doc.onChange((change) => {
      if (change.kind === 'structure') {
        this.view.sync();
        this.diagnostics.schedule();
      }
      this.saver.edited();
      this.events.titleChanged(this.title);
    });
    active = this;
    if (restore) {
      if (draft.baseVersion === file.version) {
        this.saver.edited();
        toast('Your unsaved changes to this notebook were kept from last time.');
      } else {
        // The file changed on disk since the draft was written: the draft stays in the editor, as a conflict.
        void this.saver.save();
      }
    }
  }

  get title(): string {
    return this.doc.title() ?? this.file.path.replace(/\.pulse\.md$/, '');
  }

  /** Starts the first run and the first check of the pulse cells. */
  start(): void {
    this.diagnostics.refreshAll();
    void this.runner.run(null);
  }

  /** Leaves the notebook: saves what is pending, cancels runs, disposes the editors. */
  async close(): Promise<boolean> {
    const saved = await this.saver.flush();
    await this.runner.cancel();
    this.dispose();
    return saved;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    this.saver.dispose();
    this.whatIf.dispose();
    this.explanation.dispose();
    this.view.dispose();
    if (active === this) active = null;
  }

  /** Loads the version on disk after a conflict. */
  loadTheirs(): void {
    const theirs: Theirs | null = this.saver.takeTheirs();
    if (!theirs) return;
    this.doc.reset(theirs.text);
    this.saver.edited();
    void this.runner.run(null);
  }

  // --- What the cell views ask ---------------------------------------------------------------

  edited(cell: Cell, text: string): void {
    this.doc.setSource(cell.id, text);
    if (cell.kind === 'pulse') {
      this.diagnostics.schedule();
      this.lastEditedPulse = cell.id;
      this.whatIf.modelEdited();
    }
    this.runner.cellEdited(cell.id);
  }

  proseEdited(cell: Cell, body: string): void {
    this.doc.setProse(cell.id, body);
  }

  run(cell: Cell): void {
    void this.runner.run([cell.id]);
  }

  save(): void {
    void this.saver.save();
  }

  add(cell: Cell | null, kind: CellKind, source?: string): Cell {
    const added = this.doc.insert(cell?.id ?? null, kind, source);
    this.view.focusCell(added.id);
    return added;
  }

  remove(cell: Cell): void {
    const removed = this.doc.remove(cell.id);
    if (!removed) return;
    toast(`${cell.kind === 'markdown' ? 'Prose' : `${cell.kind.toUpperCase()} cell`} deleted.`, { action: { label: 'Undo', run: () => this.doc.restore(removed) } });
  }

  addQuery(cell: Cell, sql: string): void {
    const added = this.add(cell, 'sql', sql);
    void this.runner.run([added.id]);
  }

  rename(cell: Cell, name: string): void {
    this.doc.setName(cell.id, name);
    this.runner.cellEdited(cell.id);
  }

  canEdit(): boolean {
    return this.events.canEdit();
  }

  chartDrawn(cell: Cell, spec: Record<string, unknown>): void {
    this.drawnCharts.set(cell.id, spec);
  }

  accountLinks(): AccountLinks | null {
    const outline = this.outline();
    return outline && { key: outline.key, open: (id) => this.explain(id) };
  }

  /** Opens the explanation drawer on an account. */
  explain(id: AccountId): void {
    this.explanation.open(id);
  }

  /** Runs a notebook-wide action from the header. */
  runAll(): void {
    void this.runner.run(null);
  }

  /** The model's key and scores, as the pulse cells in the editor say. */
  private outline(): ModelOutline | null {
    return modelOutline(this.doc.pulseCells().map((cell) => cell.source));
  }

  /** A run ended: when it evaluated the model, the what-if and the open explanation follow it. */
  private ran(response: RunResponse | null): void {
    const model = response?.results.filter((result) => result.kind === 'pulse') ?? [];
    if (!response || model.length === 0 || model.some((result) => result.status !== 'ok')) return;
    this.whatIf.modelRan(response.asof);
    this.explanation.refresh();
  }

  /** The what-if strip goes under the pulse cell edited last (the first one, before any edit). */
  private placeWhatIf(strip: HTMLElement): void {
    const cell = (this.lastEditedPulse !== null ? this.doc.cell(this.lastEditedPulse) : undefined) ?? this.doc.pulseCells()[0];
    const view = cell ? this.view.code(cell.id) : undefined;
    if (view && strip.parentElement !== view.element) view.element.append(strip);
  }

  /** The language-service request for a pulse cell's editor model, or null. */
  languageRequest(model: monaco.editor.ITextModel): { cells: string[]; cell: number } | null {
    const match = /^\/cell-(\d+)\.pulse$/.exec(model.uri.path);
    if (!match) return null;
    const pulse = this.doc.pulseCells();
    const at = pulse.findIndex((cell) => cell.id === Number(match[1]));
    return at < 0 ? null : { cells: pulse.map((cell) => cell.source), cell: at };
  }

}
