/**
 * Monaco, as the page uses it: the ESM editor API (`editor/editor.api`, what `monaco-editor/esm/vs/
 * editor/editor.api` was before monaco-editor 0.56 reorganised its exports) with only the
 * editor features the notebook needs, the basic SQL and Markdown languages, the editor worker
 * as its own bundle, and a calm light theme. Import `monaco` from here, never from the package,
 * so that the setup has run first.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/languages/definitions/markdown/register';

declare global {
  // eslint-disable-next-line no-var
  var MonacoEnvironment: monaco.Environment | undefined;
}

self.MonacoEnvironment = {
  // One worker serves every editor: Monaco asks for it by label; SQL, Markdown and pulse need only the editor worker.
  getWorker: () => new Worker(new URL('./editor.worker.js', import.meta.url), { name: 'monaco-editor-worker' }),
};

/** The page's editor theme: Monaco's light theme with the rules language's token classes coloured. */
monaco.editor.defineTheme('pulse-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword.pulse', foreground: '0b5cad', fontStyle: 'bold' },
    { token: 'predefined.pulse', foreground: '7a3e9d' },
    { token: 'number.pulse', foreground: '0a7a55' },
    { token: 'number.date.pulse', foreground: '9a5b00' },
    { token: 'string.pulse', foreground: 'a31515' },
    { token: 'string.label.pulse', foreground: '6b4f00', fontStyle: 'italic' },
    { token: 'identifier.quoted.pulse', foreground: '1f2933' },
    { token: 'comment.pulse', foreground: '6b7785', fontStyle: 'italic' },
    { token: 'operator.pulse', foreground: '52606d' },
    { token: 'invalid.pulse', foreground: 'b42318' },
    { token: 'keyword.chart', foreground: '0b5cad', fontStyle: 'bold' },
    { token: 'type.chart', foreground: '7a3e9d', fontStyle: 'bold' },
  ],
  colors: {
    'editor.background': '#fbfcfd',
    'editor.lineHighlightBackground': '#f1f5f9',
    'editorLineNumber.foreground': '#9aa5b1',
    'editorLineNumber.activeForeground': '#52606d',
    'editorGutter.background': '#fbfcfd',
  },
});
monaco.editor.setTheme('pulse-light');

export { monaco };
export type IRange = monaco.IRange;
