import { readFile, stat } from 'node:fs/promises';
import { analyze, hasErrors, type Diagnostic, type ModelIR, type Schema } from '../dsl/index.ts';
import { checkNotebook } from '../engine/notebook/check.ts';
import { parseNotebook } from '../engine/notebook/format.ts';
import { notebookModelText } from '../engine/notebook/model-text.ts';
import { PulseError } from '../engine/errors.ts';
import { styles, type Terminal } from './terminal.ts';
import { openWorkspace, type Workspace } from './workspace.ts';

/**
 * What `pulse check` and `pulse run` share: reading a rules file, opening the data folder and
 * printing diagnostics the way compilers do, so that editors and CI can read them.
 */

/** Reads a rules file or notebook given on the command line; a missing file or a folder is a `PulseError` naming it. */
export async function readTextFile(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new PulseError('file_not_found', `${file}: no such file.`, { file });
  if (!info.isFile()) throw new PulseError('file_unsupported', `${file}: not a file.`, { file });
  return readFile(file, 'utf8');
}

/**
 * Opens the data folder (a missing or empty one is refused: only `pulse serve` generates the
 * sample data). Files that failed to load are listed on standard error, which is not the
 * command's output.
 */
export async function openDataFolder(terminal: Terminal, options: { dataDir: string; notebooksDir: string; extraDirs?: readonly string[]; queryTimeoutMs?: number }):
  Promise<Workspace> {
  const workspace = await openWorkspace(options);
  const style = styles(terminal.err);
  for (const failure of workspace.load.failed) terminal.err.write(`${style.yellow('skipped:')} ${failure.message}\n`);
  return workspace;
}

/**
 * `file:line:col: severity: message`, and the hint indented on the next line. Control
 * characters a message quotes from the file are shown escaped, so a rules file cannot send
 * escape sequences to the terminal.
 */
export function formatDiagnostic(file: string, diagnostic: Diagnostic, stream?: NodeJS.WritableStream): string {
  const style = stream ? styles(stream) : undefined;
  const { line, column } = diagnostic.range.start;
  const severity = diagnostic.severity === 'error' ? style?.red('error') ?? 'error'
    : diagnostic.severity === 'warning' ? style?.yellow('warning') ?? 'warning' : diagnostic.severity;
  const hint = diagnostic.hint ? `\n  ${style?.dim(printable(diagnostic.hint)) ?? printable(diagnostic.hint)}` : '';
  return `${file}:${line}:${column}: ${severity}: ${printable(diagnostic.message)}${hint}`;
}

/** Writes every diagnostic, one per line (plus its hint), in text order. */
export function printDiagnostics(stream: NodeJS.WritableStream, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) stream.write(`${formatDiagnostic(file, diagnostic, stream)}\n`);
}

/** "2 errors, 1 warning" */
export function countProblems(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic['severity'], word: string) => {
    const n = diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
    return n === 0 ? [] : [`${n} ${word}${n === 1 ? '' : 's'}`];
  };
  return [...count('error', 'error'), ...count('warning', 'warning')].join(', ');
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The model of a rules file, or of a notebook's `pulse` cells, checked against the schema:
 * null when it has errors. The diagnostics' lines are the file's own (a notebook's, like
 * `pulse check`'s, include its chart lines).
 */
export function analyzeFile(file: string, text: string, schema: Schema): { model: ModelIR | null; diagnostics: readonly Diagnostic[] } {
  if (!file.toLowerCase().endsWith('.pulse.md')) {
    const analysis = analyze(text, schema);
    return { model: hasErrors(analysis.diagnostics) ? null : analysis.model, diagnostics: analysis.diagnostics };
  }
  const analysis = analyze(notebookModelText(parseNotebook(text)).model.text, schema);
  return { model: hasErrors(analysis.diagnostics) ? null : analysis.model, diagnostics: checkNotebook(text, schema) };
}
