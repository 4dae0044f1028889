import { join } from 'node:path';
import { renderSvg } from '../charts/index.ts';
import { copyToFileAtomic, writeFileAtomic } from '../output-files.ts';
import type { Session } from '../session.ts';
import { cellDependencies } from './dependencies.ts';
import { parseNotebook } from './format.ts';
import { cellQuery, runNotebook, type NotebookRun } from './run.ts';

/**
 * Runs a notebook headless and writes what it shows (DESIGN.md §8): each chart as `.svg` and
 * as `.vl.json` (the spec with its data inline), each named `sql` cell's whole result as
 * `.csv`, and the model's `scores` as `scores.parquet`. `outDir` must be a folder the session
 * may write to. Files are written under temporary names and renamed into place.
 */
export async function exportNotebook(session: Session, text: string, outDir: string, options: { asof?: string; signal?: AbortSignal } = {}):
  Promise<{ run: NotebookRun; files: string[] }> {
  const run = await runNotebook(session, text, { ...options, maxRows: 1 });
  const notebook = parseNotebook(text);
  const dependencies = cellDependencies(notebook);
  const files: string[] = [];
  const taken = new Set<string>();
  const fileBase = (name: string | null, fallback: string) => {
    let base = (name ?? fallback).replace(/[^A-Za-z0-9_-]+/g, '_') || fallback;
    while (taken.has(base)) base = `${base}_`;
    taken.add(base);
    return base;
  };
  let charts = 0;
  for (const result of run.results) {
    const cell = notebook.cells[result.index]!;
    if (result.status !== 'ok') continue;
    if (result.kind === 'chart') {
      const base = fileBase(cell.name, `chart-${++charts}`);
      await writeFileAtomic(join(outDir, `${base}.vl.json`), `${JSON.stringify(result.spec, null, 2)}\n`);
      await writeFileAtomic(join(outDir, `${base}.svg`), await renderSvg(result.spec as Parameters<typeof renderSvg>[0]));
      files.push(`${base}.vl.json`, `${base}.svg`);
    } else if (result.kind === 'sql' && cell.name) {
      const base = fileBase(cell.name, 'result');
      await copyToFileAtomic(session, { query: cellQuery(notebook.cells, dependencies, result.index) }, join(outDir, `${base}.csv`), '(FORMAT csv, HEADER true)');
      files.push(`${base}.csv`);
    }
  }
  if (run.results.some((result) => result.kind === 'pulse' && result.status === 'ok')) {
    await copyToFileAtomic(session, { table: 'scores' }, join(outDir, 'scores.parquet'), '(FORMAT parquet)');
    files.push('scores.parquet');
  }
  return { run, files };
}
