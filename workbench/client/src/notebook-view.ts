/**
 * The cells of the open notebook, in order, each with its view. When cells are added, removed
 * or re-read, the views of cells that remain are kept (with their editors, undo history and
 * outputs) and only new cells get new views.
 */
import type { Diagnostic } from './api-types.ts';
import { CodeCellView, type CellHost } from './code-cell-view.ts';
import { h } from './dom.ts';
import type { Cell, CellKind, NotebookDoc } from './notebook-doc.ts';
import { ProseCellView, type ProseHost } from './prose-cell-view.ts';

export type CellView = CodeCellView | ProseCellView;

export class NotebookView {
  readonly element = h('div', { class: 'cells' });
  private readonly views = new Map<number, CellView>();
  private readonly addBar: HTMLElement;

  constructor(private readonly doc: NotebookDoc, private readonly host: CellHost & ProseHost) {
    this.addBar = h('div', { class: 'add-bar' }, h('span', { class: 'hint' }, 'Add a cell:'),
      ...(['markdown', 'pulse', 'sql', 'chart'] as const).map((kind) => h('button', {
        type: 'button', class: 'tool-button', onclick: () => host.add(this.lastCell(), kind),
      }, { markdown: '+ Prose', pulse: '+ Pulse', sql: '+ SQL', chart: '+ Chart' }[kind])));
    this.sync();
  }

  /** Brings the views in line with the document's cells. */
  sync(): void {
    const ids = new Set(this.doc.cells.map((cell) => cell.id));
    for (const [id, view] of this.views) {
      if (!ids.has(id)) {
        view.dispose();
        view.element.remove();
        this.views.delete(id);
      }
    }
    const elements: HTMLElement[] = [];
    for (const cell of this.doc.cells) {
      let view = this.views.get(cell.id);
      if (!view) {
        view = cell.kind === 'markdown' ? new ProseCellView(cell, this.host) : new CodeCellView(cell as Cell & { kind: Exclude<CellKind, 'markdown'> }, this.host);
        this.views.set(cell.id, view);
      }
      elements.push(view.element);
    }
    elements.push(this.addBar);
    // Move only what is out of place, so that focused editors keep their focus.
    elements.forEach((element, at) => {
      if (this.element.children[at] !== element) this.element.insertBefore(element, this.element.children[at] ?? null);
    });
    while (this.element.children.length > elements.length) this.element.lastElementChild!.remove();
  }

  view(id: number): CellView | undefined {
    return this.views.get(id);
  }

  code(id: number): CodeCellView | undefined {
    const view = this.views.get(id);
    return view instanceof CodeCellView ? view : undefined;
  }

  /** Every code cell view, in order. */
  codeViews(): CodeCellView[] {
    return this.doc.cells.map((cell) => this.views.get(cell.id)).filter((view): view is CodeCellView => view instanceof CodeCellView);
  }

  setLiveDiagnostics(id: number, diagnostics: readonly Diagnostic[]): void {
    this.code(id)?.setLiveDiagnostics(diagnostics);
  }

  /** Re-renders prose (present mode turns editing on or off). */
  renderProse(): void {
    for (const view of this.views.values()) {
      if (view instanceof ProseCellView) {
        view.finishEditing(false);
        view.render();
      }
    }
  }

  focusCell(id: number): void {
    const view = this.views.get(id);
    if (view instanceof CodeCellView) view.editor.focus();
    else if (view instanceof ProseCellView) view.startEditing();
    view?.element.scrollIntoView({ block: 'nearest' });
  }

  dispose(): void {
    for (const view of this.views.values()) view.dispose();
    this.views.clear();
    this.element.replaceChildren();
  }

  private lastCell(): Cell | null {
    return this.doc.cells.at(-1) ?? null;
  }
}
