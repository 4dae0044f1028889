/**
 * Diagnostics at their place: as markers (squiggles with the message on hover) in the cell's
 * editor, and listed under it as "line 12, col 27 — unknown name `seat` — did you mean `seats`?"
 * with the hint, each item a button that puts the cursor there.
 */
import type { Diagnostic } from './api-types.ts';
import { h, replaceChildren } from './dom.ts';
import { monaco } from './monaco-setup.ts';

const SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** Sets the markers of one owner (`live` diagnostics, or those of the last `run`) on a model. */
export function setMarkers(model: monaco.editor.ITextModel, owner: string, diagnostics: readonly Diagnostic[]): void {
  monaco.editor.setModelMarkers(model, owner, diagnostics.map((diagnostic) => ({
    severity: SEVERITY[diagnostic.severity] ?? monaco.MarkerSeverity.Info,
    message: diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message,
    code: diagnostic.code,
    startLineNumber: diagnostic.range.start.line,
    startColumn: diagnostic.range.start.column,
    endLineNumber: diagnostic.range.end.line,
    // An empty range (at the end of the text) still gets a visible squiggle.
    endColumn: diagnostic.range.end.line === diagnostic.range.start.line && diagnostic.range.end.column <= diagnostic.range.start.column
      ? diagnostic.range.start.column + 1 : diagnostic.range.end.column,
  })));
}

/** Fills `list` with the diagnostics; clicking one moves the editor's cursor to it. */
export function renderDiagnosticList(list: HTMLElement, diagnostics: readonly Diagnostic[], editor: monaco.editor.ICodeEditor | null): void {
  list.hidden = diagnostics.length === 0;
  replaceChildren(list, ...diagnostics.map((diagnostic) => {
    const place = `line ${diagnostic.range.start.line}, col ${diagnostic.range.start.column}`;
    const go = () => {
      if (!editor) return;
      editor.setPosition({ lineNumber: diagnostic.range.start.line, column: diagnostic.range.start.column });
      editor.revealLineInCenterIfOutsideViewport(diagnostic.range.start.line);
      editor.focus();
    };
    return h('li', { class: `diagnostic diagnostic-${diagnostic.severity}`, 'data-code': diagnostic.code },
      h('button', { type: 'button', class: 'diagnostic-place', onclick: go, title: 'Go to this place' }, h('span', { class: 'severity' }, diagnostic.severity), ' ', place),
      h('span', { class: 'diagnostic-message' }, renderInlineCode(diagnostic.message)),
      diagnostic.hint ? h('span', { class: 'diagnostic-hint' }, renderInlineCode(diagnostic.hint)) : null);
  }));
}

/** Text with `backticked` parts as <code>. */
export function renderInlineCode(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (/^`[^`]+`$/.test(part)) fragment.append(h('code', {}, part.slice(1, -1)));
    else if (part) fragment.append(part);
  });
  return fragment;
}

/** The codes of syntax errors: a cell with one of these is not run while typing. */
export const SYNTAX_CODES = new Set(['unexpected-character', 'unclosed-string', 'unclosed-label', 'syntax', 'statement-too-long', 'nested-too-deeply', 'not-a-statement', 'internal-error']);

/** True when a syntax error is among the diagnostics. */
export function hasSyntaxErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error' && SYNTAX_CODES.has(diagnostic.code));
}
