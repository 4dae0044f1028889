import { describe, expect, it } from 'vitest';
import type { Api } from '../../../workbench/client/src/api.ts';
import type { Diagnostic } from '../../../workbench/client/src/api-types.ts';
import { LiveDiagnostics } from '../../../workbench/client/src/live-diagnostics.ts';
import { NotebookDoc } from '../../../workbench/client/src/notebook-doc.ts';

const NOTEBOOK = '# Health\n\n```pulse\nentity account = accounts key account_id\n```\n\n```pulse\nmeasure n = 1\n```\n';

const diagnostic = (message: string): Diagnostic => ({
  code: 'unknown-name', severity: 'error', message, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
});

/** Live diagnostics over a notebook, with the language service answering "asked" and counting the requests. */
function setUp() {
  const doc = new NotebookDoc(NOTEBOOK);
  const requests: unknown[] = [];
  const api = { diagnostics: async (request: unknown) => (requests.push(request), { diagnostics: [diagnostic('asked')] }) } as unknown as Api;
  const shown: [number, string[]][] = [];
  const live = new LiveDiagnostics(api, doc, (cellId, found) => shown.push([cellId, found.map((d) => d.message)]), () => {});
  const [first, second] = doc.pulseCells().map((cell) => cell.id) as [number, number];
  return { doc, live, requests, shown, first, second };
}

describe('live diagnostics and runs', () => {
  it('takes what a run found for the texts it sent: shown at once, and not asked about again', async () => {
    const { live, requests, shown, first, second } = setUp();
    const sent = live.sentToRun();
    live.fromRun(sent, first, [diagnostic('from the run')]);
    live.fromRun(sent, second, []);
    expect(shown).toEqual([[first, ['from the run']], [second, []]]);
    expect((await live.forCell(first)).map((d) => d.message)).toEqual(['from the run']);
    live.refreshAll();
    expect(requests).toEqual([]);
  });

  it('asks again when the text changed after the run was sent, and shows nothing stale', async () => {
    const { doc, live, requests, shown, first, second } = setUp();
    const sent = live.sentToRun();
    doc.setSource(second, 'measure n = 2');
    live.fromRun(sent, first, [diagnostic('from the run')]);
    expect(shown).toEqual([]);
    expect((await live.forCell(first)).map((d) => d.message)).toEqual(['asked']);
    expect(requests).toEqual([{ cells: ['entity account = accounts key account_id', 'measure n = 2'], cell: 0 }]);
  });

  it('drops what a run found against tables that have changed since', async () => {
    const { live, requests, shown, first } = setUp();
    const sent = live.sentToRun();
    live.invalidate();
    live.fromRun(sent, first, [diagnostic('old tables')]);
    expect(shown).toEqual([]);
    expect((await live.forCell(first)).map((d) => d.message)).toEqual(['asked']);
    expect(requests).toHaveLength(1);
  });
});
