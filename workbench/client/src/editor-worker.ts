/**
 * Monaco's editor worker (diffing, word-based suggestions, link detection), bundled as its own
 * file, `editor.worker.js`, and started by `self.MonacoEnvironment.getWorker` (monaco-setup.ts).
 */
import 'monaco-editor/editor/editor.worker';
