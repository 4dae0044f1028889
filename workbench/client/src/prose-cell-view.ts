/**
 * A prose cell: its Markdown rendered; a click, or Enter when it has the focus, opens it in a
 * Markdown editor; Escape, Shift+Enter, "Done" or leaving the editor shows it rendered again.
 * Prose that is only blank lines (the spacing between two code blocks in the file) is not shown.
 */
import { cellToolbar } from './cell-toolbar.ts';
import { createCodeEditor, disposeCodeEditor } from './code-editor.ts';
import { h } from './dom.ts';
import { renderMarkdown } from './markdown.ts';
import { monaco } from './monaco-setup.ts';
import { NotebookDoc, type Cell, type CellKind } from './notebook-doc.ts';

export interface ProseHost {
  proseEdited(cell: Cell, body: string): void;
  save(): void;
  add(cell: Cell | null, kind: CellKind): void;
  remove(cell: Cell): void;
  /** False in present mode: prose is read-only there. */
  canEdit(): boolean;
}

export class ProseCellView {
  readonly element: HTMLElement;
  private readonly rendered = h('div', { class: 'prose', tabindex: 0 });
  private readonly editorBox = h('div', { class: 'editor-box' });
  private readonly editorFrame = h('div', { class: 'editor-frame prose-editor', hidden: true }, this.editorBox,
    h('div', { class: 'prose-editor-bar' }, h('span', { class: 'hint' }, 'Markdown · Escape or Shift+Enter to finish'),
      h('button', { type: 'button', class: 'tool-button', onclick: () => this.finishEditing(true) }, 'Done')));
  private editor: monaco.editor.IStandaloneCodeEditor | null = null;

  constructor(readonly cell: Cell, private readonly host: ProseHost) {
    const toolbar = cellToolbar(cell, { add: (kind) => host.add(cell, kind), remove: () => host.remove(cell) });
    this.element = h('section', { class: 'cell prose-cell', 'data-cell-id': cell.id, 'data-kind': 'markdown' },
      toolbar.element, this.rendered, this.editorFrame);
    this.rendered.setAttribute('aria-label', 'Prose; press Enter to edit');
    this.rendered.addEventListener('click', (event) => {
      if ((event.target as HTMLElement).closest('a')) return;
      this.startEditing();
    });
    this.rendered.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && event.target === this.rendered) {
        event.preventDefault();
        this.startEditing();
      }
    });
    this.render();
  }

  get editing(): boolean {
    return this.editor !== null;
  }

  /** Shows the cell's current text rendered. */
  render(): void {
    const body = NotebookDoc.proseParts(this.cell.source).body;
    this.element.classList.toggle('blank', body.trim() === '' && !this.editing);
    this.rendered.innerHTML = renderMarkdown(body);
    this.rendered.title = this.host.canEdit() ? 'Click or press Enter to edit' : '';
  }

  startEditing(): void {
    if (this.editor || !this.host.canEdit()) return;
    this.element.classList.add('editing');
    this.element.classList.remove('blank');
    this.rendered.hidden = true;
    this.editorFrame.hidden = false;
    this.editor = createCodeEditor(this.editorBox, {
      value: NotebookDoc.proseParts(this.cell.source).body,
      language: 'markdown',
      uri: monaco.Uri.parse(`pulse-cell:/cell-${this.cell.id}.md`),
      ariaLabel: 'Prose (Markdown) editor; Escape or Shift+Enter to finish',
      onChange: (text) => this.host.proseEdited(this.cell, text),
      onRun: () => this.finishEditing(true),
      onSave: () => this.host.save(),
      onEscape: () => this.finishEditing(true),
      onBlur: () => setTimeout(() => {
        if (this.editor && !this.element.contains(document.activeElement)) this.finishEditing(false);
      }, 150),
      wordWrap: true,
      lineNumbers: false,
    });
    this.editor.focus();
    const model = this.editor.getModel();
    if (model) this.editor.setPosition(model.getFullModelRange().getEndPosition());
  }

  finishEditing(focus: boolean): void {
    if (!this.editor) return;
    disposeCodeEditor(this.editor);
    this.editor = null;
    this.editorFrame.hidden = true;
    this.rendered.hidden = false;
    this.element.classList.remove('editing');
    this.render();
    if (focus) this.rendered.focus();
  }

  dispose(): void {
    if (this.editor) disposeCodeEditor(this.editor);
    this.editor = null;
  }
}
