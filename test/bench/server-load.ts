import { readFile } from 'node:fs/promises';
import { startServer } from '../../workbench/server/server.ts';
import { sendTo, type ApiResponse } from '../helpers/workbench-server.ts';
import { benchSession, median } from './bench-data.ts';
import { markdownTable } from './machine.ts';

const NOTEBOOK = new URL('../../samples/notebooks/health-review.pulse.md', import.meta.url);

/**
 * The server under load (issue 9 item 4): `runs` simultaneous `POST /api/run` of the sample
 * notebook `health-review.pulse.md`, each from its own client (no channel, so none supersedes
 * another), while one client asks `GET /api/tables` again and again until every run has
 * answered. Reports that client's latency, the runs' answers by status, and how long one run
 * takes alone.
 */
export async function benchServerLoad(accounts: number, runs: number): Promise<string> {
  const session = await benchSession(accounts);
  const server = await startServer({ session, port: 0 });
  try {
    const text = await readFile(NOTEBOOK, 'utf8');
    const run = () => sendTo(server, 'POST', '/api/run', { body: { text } });
    const alone = performance.now();
    await run();
    const aloneMs = performance.now() - alone;
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push((await sendTo(server, 'GET', '/api/tables')).ms);

    const started = performance.now();
    let outstanding = runs;
    const answers = Promise.all(Array.from({ length: runs }, () => run().finally(() => outstanding--)));
    const loaded: ApiResponse[] = [];
    while (outstanding > 0) {
      loaded.push(await sendTo(server, 'GET', '/api/tables'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const statuses = new Map<string, number>();
    for (const answer of await answers) {
      const key = `${answer.status}${answer.headers['retry-after'] ? ` (Retry-After: ${answer.headers['retry-after']} s)` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    const allMs = performance.now() - started;
    const latencies = loaded.map((response) => response.ms);
    const failed = loaded.filter((response) => response.status !== 200).length;
    return `### The server under ${runs} simultaneous runs (${accounts.toLocaleString('en-US')} accounts, health-review.pulse.md)

${markdownTable(['what', 'figure'], [
  ['one run alone', `${aloneMs.toFixed(0)} ms`],
  ['GET /api/tables, idle (median of 5)', `${median(idle).toFixed(0)} ms`],
  [`GET /api/tables while the ${runs} runs were queued or running: median / max (${latencies.length} requests${failed ? `, ${failed} not 200` : ''})`,
    `**${median(latencies).toFixed(0)} ms / ${Math.max(...latencies).toFixed(0)} ms**`],
  ['the runs\' answers, by status', [...statuses].map(([status, count]) => `${count} × ${status}`).join(', ')],
  [`until all ${runs} runs had answered`, `${(allMs / 1000).toFixed(1)} s`],
])}`;
  } finally {
    await server.close();
    session.close();
  }
}
