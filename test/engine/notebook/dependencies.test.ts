import { describe, expect, it } from 'vitest';
import { cellDependencies, sqlIdentifiers, vegaDataName, withDependents } from '../../../engine/notebook/dependencies.ts';
import { parseNotebook } from '../../../engine/notebook/format.ts';
import { cellOfLine, diagnosticsByCell, joinModelCells, toModelPosition } from '../../../engine/notebook/model-text.ts';

const notebook = parseNotebook(`# Title
\`\`\`pulse
measure a = 1
\`\`\`
\`\`\`sql base
select * from scores -- the model's result
\`\`\`
\`\`\`sql derived
select count(*) from "base" where name <> 'scores'
\`\`\`
\`\`\`sql other
select 1 as x
\`\`\`
\`\`\`chart
{ "data": {"name": "derived"}, "mark": "bar" }
\`\`\`
\`\`\`chart
nps by tier
\`\`\`
\`\`\`pulse
segment s = a > 0
\`\`\`
`);
// Cells: 0 prose, 1 pulse, 2 sql base, 3 sql derived, 4 sql other, 5 chart over derived, 6 built-in chart, 7 pulse.

describe('cell dependencies (DESIGN.md §4)', () => {
  it('finds what each cell reads', () => {
    expect(cellDependencies(notebook).map((cell) => [cell.index, cell.kind, cell.readsModel, cell.readsCells])).toEqual([
      [0, 'markdown', false, []],
      [1, 'pulse', true, []],
      [2, 'sql', true, []],
      [3, 'sql', false, [2]],
      [4, 'sql', false, []],
      [5, 'chart', false, [3]],
      [6, 'chart', true, []],
      [7, 'pulse', true, []],
    ]);
  });

  it('re-runs a changed cell and only the cells that depend on it', () => {
    const deps = cellDependencies(notebook);
    // A pulse cell changes the model: every cell that reads it, and what reads those.
    expect(withDependents(deps, [7])).toEqual([1, 2, 3, 5, 6, 7]);
    expect(withDependents(deps, [2])).toEqual([2, 3, 5]);
    expect(withDependents(deps, [4])).toEqual([4]);
    expect(withDependents(deps, [0])).toEqual([]);
  });

  it('reads SQL identifiers outside strings and comments', () => {
    expect([...sqlIdentifiers(`select "Base"."x", y from scores -- at_risk\n where z = 'scores' /* base */`)].sort())
      .toEqual(['base', 'from', 'scores', 'select', 'where', 'x', 'y', 'z']);
    expect(vegaDataName('{"data": {"name": "at_risk_list"}}')).toBe('at_risk_list');
    expect(vegaDataName('retention by signup_month')).toBeUndefined();
  });
});

describe('the model text of a notebook\'s pulse cells', () => {
  const model = joinModelCells(['measure a = 1\nmeasure b = 2', 'segment s = a > 0']);

  it('joins the cells and maps positions both ways', () => {
    expect(model.text).toBe('measure a = 1\nmeasure b = 2\nsegment s = a > 0');
    expect(model.firstLines).toEqual([1, 3]);
    expect(toModelPosition(model, 1, { line: 1, column: 13 })).toEqual({ line: 3, column: 13 });
    expect(cellOfLine(model, 2)).toBe(0);
    expect(cellOfLine(model, 3)).toBe(1);
  });

  it('gives each cell its own diagnostics, with ranges relative to the cell', () => {
    const diagnostic = { code: 'x', severity: 'error' as const, message: 'm', range: { start: { line: 3, column: 13 }, end: { line: 3, column: 14 } } };
    expect(diagnosticsByCell(model, [diagnostic])).toEqual([[], [{ ...diagnostic, range: { start: { line: 1, column: 13 }, end: { line: 1, column: 14 } } }]]);
  });
});
