/**
 * A Monaco editor for one cell: as tall as its text (no inner scrollbar up to a limit), no
 * minimap, the page's font, and the notebook's keys bound on the editor itself (Shift+Enter
 * runs the cell, Ctrl/Cmd+S saves) so that they work while typing.
 */
import { monaco } from './monaco-setup.ts';

export interface CodeEditorOptions {
  readonly value: string;
  readonly language: string;
  /** A unique name for the model, so that providers can tell which cell asks. */
  readonly uri: monaco.Uri;
  readonly ariaLabel: string;
  readonly onChange: (text: string) => void;
  readonly onRun: () => void;
  readonly onSave: () => void;
  /** Escape (prose editors: stop editing). */
  readonly onEscape?: () => void;
  readonly onBlur?: () => void;
  readonly wordWrap?: boolean;
  readonly lineNumbers?: boolean;
}

const MIN_HEIGHT = 38;
const MAX_HEIGHT = 560;

/** Creates the editor inside `container` (which it sizes to the text). */
export function createCodeEditor(container: HTMLElement, options: CodeEditorOptions): monaco.editor.IStandaloneCodeEditor {
  const model = monaco.editor.getModel(options.uri) ?? monaco.editor.createModel(options.value, options.language, options.uri);
  if (model.getValue() !== options.value) model.setValue(options.value);
  const editor = monaco.editor.create(container, {
    model,
    theme: 'pulse-light',
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    wordWrap: options.wordWrap ? 'on' : 'off',
    wrappingIndent: 'indent',
    lineNumbers: options.lineNumbers === false ? 'off' : 'on',
    lineNumbersMinChars: 3,
    lineDecorationsWidth: 6,
    glyphMargin: false,
    folding: false,
    fontSize: 13.5,
    lineHeight: 20,
    fontFamily: "ui-monospace, 'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
    padding: { top: 8, bottom: 8 },
    renderLineHighlight: 'line',
    renderLineHighlightOnlyWhenFocus: true,
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    scrollbar: { vertical: 'auto', horizontal: 'auto', alwaysConsumeMouseWheel: false, verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
    fixedOverflowWidgets: true,
    tabSize: 2,
    insertSpaces: true,
    quickSuggestions: { other: true, comments: false, strings: false },
    suggestOnTriggerCharacters: true,
    wordBasedSuggestions: 'off',
    contextmenu: true,
    ariaLabel: options.ariaLabel,
    accessibilitySupport: 'auto',
    stickyScroll: { enabled: false },
    unicodeHighlight: { ambiguousCharacters: false },
  });

  const fit = () => {
    const height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, editor.getContentHeight()));
    if (container.style.height !== `${height}px`) {
      container.style.height = `${height}px`;
      editor.layout();
    }
  };
  editor.onDidContentSizeChange(fit);
  fit();

  editor.onDidChangeModelContent(() => options.onChange(editor.getValue()));
  editor.addAction({ id: 'pulse.runCell', label: 'Run this cell', keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter], run: () => options.onRun() });
  // Monaco binds Format Document to Ctrl+Shift+I on Linux; Shift+Alt+F works on every system here.
  editor.addAction({
    id: 'pulse.format', label: 'Format the cell', keybindings: [monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF],
    run: () => editor.getAction('editor.action.formatDocument')?.run(),
  });
  editor.addAction({ id: 'pulse.save', label: 'Save the notebook', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS], run: () => options.onSave() });
  if (options.onEscape) {
    const onEscape = options.onEscape;
    // Escape first closes Monaco's own widgets (suggestions, find); only then does it leave the editor.
    editor.onKeyDown((event) => {
      if (event.keyCode === monaco.KeyCode.Escape && !document.querySelector('.monaco-editor .suggest-widget.visible')) {
        event.preventDefault();
        onEscape();
      }
    });
  }
  if (options.onBlur) editor.onDidBlurEditorWidget(options.onBlur);
  return editor;
}

/** Disposes an editor and its model. */
export function disposeCodeEditor(editor: monaco.editor.IStandaloneCodeEditor): void {
  const model = editor.getModel();
  editor.dispose();
  model?.dispose();
}
