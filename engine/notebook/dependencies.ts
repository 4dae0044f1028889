import type { CellKind, Notebook } from './format.ts';

/** What one cell reads, found from its text. */
export interface CellDependencies {
  readonly index: number;
  readonly kind: CellKind;
  readonly name: string | null;
  /** True when the cell reads the model's result: `scores` in SQL, or any built-in chart. */
  readonly readsModel: boolean;
  /** The named `sql` cells this cell reads (their indices). */
  readonly readsCells: readonly number[];
}

/**
 * The dependencies between a notebook's cells (DESIGN.md §4): all `pulse` cells form one
 * model; a `sql` cell reads `scores` and earlier named `sql` cells by name; a chart reads the
 * named result its Vega-Lite spec names (`"data": {"name": …}`), and a built-in chart reads
 * the model (it may group or filter by its scores).
 */
export function cellDependencies(notebook: Notebook): CellDependencies[] {
  const named = new Map<string, number>();
  return notebook.cells.map((cell, index) => {
    let readsModel = false;
    let readsCells: number[] = [];
    if (cell.kind === 'sql') {
      const words = sqlIdentifiers(cell.source);
      readsModel = words.has('scores');
      readsCells = [...named].filter(([name]) => words.has(name)).map(([, at]) => at);
      if (cell.name) named.set(cell.name.toLowerCase(), index);
    } else if (cell.kind === 'chart') {
      const dataName = vegaDataName(cell.source);
      if (dataName === undefined) readsModel = true;
      else readsCells = [named.get(dataName.toLowerCase())].filter((at): at is number => at !== undefined);
    } else if (cell.kind === 'pulse') {
      readsModel = true;
    }
    return { index, kind: cell.kind, name: cell.name, readsModel, readsCells };
  });
}

/**
 * The cells to run when `changed` cells changed: those cells and every cell that reads them,
 * directly or through others, in notebook order. A changed `pulse` cell changes the model, so
 * every cell that reads the model runs too.
 */
export function withDependents(dependencies: readonly CellDependencies[], changed: readonly number[]): number[] {
  const dirty = new Set(changed.filter((index) => dependencies[index] !== undefined));
  const modelChanged = [...dirty].some((index) => dependencies[index]!.kind === 'pulse');
  for (const cell of dependencies) {
    if (cell.kind === 'markdown') continue;
    if ((modelChanged && cell.readsModel) || cell.readsCells.some((at) => dirty.has(at))) dirty.add(cell.index);
  }
  return [...dirty].filter((index) => dependencies[index]!.kind !== 'markdown').sort((a, b) => a - b);
}

/** The lower-cased identifiers of a SQL text, outside strings and comments. */
export function sqlIdentifiers(text: string): Set<string> {
  const words = new Set<string>();
  const stripped = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, ' ');
  for (const match of stripped.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    words.add((match[1] ?? match[2] ?? '').replaceAll('""', '"').toLowerCase());
  }
  return words;
}

/** The `data.name` of a Vega-Lite spec, or undefined when the text is a chart line (or not a spec). */
export function vegaDataName(text: string): string | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const spec = JSON.parse(text) as { data?: { name?: unknown } };
    return typeof spec.data?.name === 'string' ? spec.data.name : '';
  } catch {
    return '';
  }
}
