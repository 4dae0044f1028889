/**
 * The notebook file format (DESIGN.md §4): Markdown whose fenced blocks with the info string
 * `pulse`, `sql [name]` or `chart [name]` are cells. Parsing and writing round-trip byte for
 * byte: every cell keeps the exact text of its fences, and prose is kept as written.
 * Pure functions, no I/O, so the browser can use them too.
 */

export type CellKind = 'markdown' | 'pulse' | 'sql' | 'chart';

/** The fence lines of a code cell, exactly as written, so that writing reproduces them. */
export interface Fence {
  /** The opening line with its line break: "```sql at_risk_list\n". */
  readonly open: string;
  /** The closing line with its line break, or '' when the block runs to the end of the file. */
  readonly close: string;
  /** Whether the text between the fences ended with a line break (it does, unless it was empty). */
  readonly trailingNewline: boolean;
}

export interface NotebookCell {
  readonly kind: CellKind;
  /** The name from the info string (`sql at_risk_list` → `at_risk_list`); null when none. */
  readonly name: string | null;
  /** Prose as written; for a code cell the lines between the fences without the last line break. */
  readonly source: string;
  /** Code cells only. */
  readonly fence?: Fence;
}

export interface Notebook {
  readonly cells: readonly NotebookCell[];
}

const CELL_KINDS = new Set(['pulse', 'sql', 'chart']);

/** Splits text into lines that keep their line breaks ("a\n", "b"). */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface OpenFence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly info: string;
}

/** A CommonMark fence opening: up to 3 spaces, 3+ backticks or tildes, then the info string. */
function openingFence(line: string): OpenFence | null {
  const match = /^ {0,3}(`{3,}|~{3,})([^\n]*)\n?$/.exec(line);
  if (!match) return null;
  const marks = match[1]!;
  const info = match[2]!.replace(/\r$/, '');
  if (marks[0] === '`' && info.includes('`')) return null;
  return { char: marks[0] as '`' | '~', length: marks.length, info: info.trim() };
}

function closesFence(line: string, open: OpenFence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?\n?$/.exec(line);
  return match !== null && match[1]![0] === open.char && match[1]!.length >= open.length;
}

/** Parses a notebook. Never throws: any text is a notebook (at worst, all prose). */
export function parseNotebook(text: string): Notebook {
  const cells: NotebookCell[] = [];
  let prose = '';
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const open = openingFence(line);
    if (!open) {
      prose += line;
      continue;
    }
    // Find the block's end; a fence never closed runs to the end of the file (CommonMark).
    let end = i + 1;
    while (end < all.length && !closesFence(all[end]!, open)) end++;
    const body = all.slice(i + 1, end);
    const close = end < all.length ? all[end]! : '';
    const [kind = '', name = null] = open.info.split(/\s+/);
    if (!CELL_KINDS.has(kind)) {
      prose += line + body.join('') + close;
      i = end;
      continue;
    }
    if (prose !== '') cells.push({ kind: 'markdown', name: null, source: prose });
    prose = '';
    const content = body.join('');
    cells.push({
      kind: kind as CellKind,
      name: name ?? null,
      source: content.endsWith('\n') ? content.slice(0, -1) : content,
      fence: { open: line, close, trailingNewline: content.endsWith('\n') },
    });
    i = end;
  }
  if (prose !== '') cells.push({ kind: 'markdown', name: null, source: prose });
  return { cells };
}

/** Writes a notebook; for a notebook just parsed, the result is the original text exactly. */
export function writeNotebook(notebook: Notebook): string {
  const last = notebook.cells.length - 1;
  let text = '';
  notebook.cells.forEach((cell, index) => {
    // A fence must start a line: prose edited to end without a line break gets one.
    if (cell.kind !== 'markdown' && text !== '' && !text.endsWith('\n')) text += '\n';
    text += writeCell(cell, index === last);
  });
  return text;
}

function writeCell(cell: NotebookCell, last: boolean): string {
  if (cell.kind === 'markdown') return cell.source;
  const fence = cell.fence ?? newFence(cell);
  const body = `${cell.source}${fence.trailingNewline ? '\n' : ''}`;
  // A block left open at the end of the file may stay so only while it is last.
  const close = fence.close !== '' || last ? fence.close : `${body.endsWith('\n') || body === '' ? '' : '\n'}${closingFor(fence.open)}`;
  return `${fence.open}${body}${close}`;
}

function closingFor(open: string): string {
  const marks = /^ {0,3}(`{3,}|~{3,})/.exec(open)?.[1] ?? '```';
  return `${marks}\n`;
}

/**
 * The fences of a cell created in the editor: "```sql name" and "```", longer when the
 * cell's own text holds a run of backticks, so that it stays one cell.
 */
export function newFence(cell: Pick<NotebookCell, 'kind' | 'name' | 'source'>): Fence {
  const longest = Math.max(0, ...(cell.source.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return { open: `${marks}${cell.kind}${cell.name ? ` ${cell.name}` : ''}\n`, close: `${marks}\n`, trailingNewline: true };
}

/** A new code cell with fresh fences. */
export function codeCell(kind: Exclude<CellKind, 'markdown'>, source: string, name: string | null = null): NotebookCell {
  return { kind, name, source, fence: newFence({ kind, name, source }) };
}

/**
 * The line of the notebook file on which each cell's text begins (1-based): for a code
 * cell, the line after its opening fence. Maps a cell-relative position to the file.
 */
export function cellFirstLines(notebook: Notebook): number[] {
  const lines: number[] = [];
  let line = 1;
  const last = notebook.cells.length - 1;
  notebook.cells.forEach((cell, index) => {
    lines.push(cell.kind === 'markdown' ? line : line + 1);
    line += (writeCell(cell, index === last).match(/\n/g) ?? []).length;
  });
  return lines;
}
