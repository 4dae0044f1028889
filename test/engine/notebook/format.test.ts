import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeCell, parseNotebook, writeNotebook, type NotebookCell } from '../../../engine/notebook/format.ts';

const example = `# Q3 health review

Prose with \`inline code\` and a list:

- one
- two

\`\`\`pulse
measure logins_30d = count(usage where event = 'login' during last 30 days)
\`\`\`

\`\`\`sql at_risk_list
select name, tier, mrr, health, health_grade from scores where at_risk order by mrr desc
\`\`\`

\`\`\`js
// not a cell: a code sample in the prose
\`\`\`

\`\`\`chart
retention by signup_month
\`\`\`

\`\`\`\`chart at_risk_bar
{ "data": {"name": "at_risk_list"}, "mark": "bar",
  "encoding": {"x": {"field": "tier"}, "y": {"aggregate": "count"}} }
\`\`\`\`
`;

describe('notebook format (DESIGN.md §4)', () => {
  it('reads prose and the pulse, sql and chart cells with their names', () => {
    const cells = parseNotebook(example).cells;
    expect(cells.map((cell) => [cell.kind, cell.name])).toEqual([
      ['markdown', null], ['pulse', null], ['markdown', null], ['sql', 'at_risk_list'], ['markdown', null],
      ['chart', null], ['markdown', null], ['chart', 'at_risk_bar'],
    ]);
    expect(cells[1]!.source).toBe("measure logins_30d = count(usage where event = 'login' during last 30 days)");
    expect(cells[4]!.source).toBe('\n```js\n// not a cell: a code sample in the prose\n```\n\n');
    expect(cells[7]!.source).toBe('{ "data": {"name": "at_risk_list"}, "mark": "bar",\n  "encoding": {"x": {"field": "tier"}, "y": {"aggregate": "count"}} }');
  });

  it('round-trips byte for byte', () => {
    expect(writeNotebook(parseNotebook(example))).toBe(example);
    for (const text of ['', 'no cells at all', '```pulse\n```\n', '```pulse\n\n```', '```pulse\nmeasure a = 1', '~~~sql x\r\nselect 1\r\n~~~\r\n',
      '  ```chart\nnps by tier\n   ```\ntrailing', '```pulse\na\n```\n```sql\nb\n```']) {
      expect(writeNotebook(parseNotebook(text))).toBe(text);
    }
  });

  it('round-trips any text (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom('```pulse\n', '```sql a\n', '```chart\n', '```\n', '````\n', '~~~sql\n', '~~~\n', '```js\n', '\n', ' ', 'text', '# h\n', '\r\n', '`'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const text = pieces.join('');
      expect(writeNotebook(parseNotebook(text))).toBe(text);
    }), { numRuns: 2000 });
  });

  it('writes an edited cell inside its original fences', () => {
    const notebook = parseNotebook(example);
    const cells = notebook.cells.map((cell): NotebookCell => (cell.name === 'at_risk_list' ? { ...cell, source: 'select 1' } : cell));
    expect(writeNotebook({ cells })).toBe(example.replace(/select name, tier[^\n]*/, 'select 1'));
  });

  it('gives new cells fences long enough for their text, and keeps a cell left open from swallowing the next', () => {
    const cell = codeCell('sql', 'select \'```\' as fence', 'odd');
    expect(writeNotebook({ cells: [cell] })).toBe("````sql odd\nselect '```' as fence\n````\n");
    expect(parseNotebook(writeNotebook({ cells: [cell] })).cells).toEqual([cell]);
    const open = parseNotebook('```pulse\nmeasure a = 1').cells[0]!;
    const text = writeNotebook({ cells: [open, codeCell('chart', 'nps by tier')] });
    expect(text).toBe('```pulse\nmeasure a = 1\n```\n```chart\nnps by tier\n```\n');
    expect(parseNotebook(text).cells.map((c) => [c.kind, c.source])).toEqual([['pulse', 'measure a = 1'], ['chart', 'nps by tier']]);
  });

  it('starts a fence on its own line after prose edited to end without a line break', () => {
    const text = writeNotebook({ cells: [{ kind: 'markdown', name: null, source: '# Title' }, codeCell('pulse', 'measure a = 1')] });
    expect(text).toBe('# Title\n```pulse\nmeasure a = 1\n```\n');
  });
});
