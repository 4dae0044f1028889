import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../../dsl/index.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { Session } from '../../engine/session.ts';
import { openSampleSession, type SampleSession } from '../helpers/sample-session.ts';

interface PlanNode {
  readonly name: string;
  readonly children: readonly PlanNode[];
  readonly extra_info?: Record<string, unknown>;
}

/** Every scan in a DuckDB physical plan, as the table it reads. */
function scannedTables(node: PlanNode, into: string[] = []): string[] {
  if (node.name.includes('SCAN')) into.push(String(node.extra_info?.Table ?? node.extra_info?.Function ?? node.name).replace(/^memory\.main\./, ''));
  for (const child of node.children) scannedTables(child, into);
  return into;
}

const model = `
source usage = usage_events time occurred_at
source tickets time opened_at
source nps = nps_responses time responded_at
${Array.from({ length: 8 }, (_, i) => `measure usage_${i} = count(usage where event = 'login' during last ${(i + 1) * 10} days)`).join('\n')}
measure users_30d = count distinct usage.user_id during last 30 days
measure time_spent = sum(usage.duration_s during last 30 days)
measure exports = count(usage where event = 'export')
${Array.from({ length: 5 }, (_, i) => `measure tickets_${i} = count(tickets where complexity = 'complex' during last ${(i + 1) * 30} days)`).join('\n')}
measure open_tickets = count(tickets where resolved_at is null or resolved_at > asof)
measure nps_last = latest nps.score
measure nps_avg = avg(nps.score during last 1 year)
measure nps_low = min(nps.score during 2 to 1 years ago)
`;

describe('a model reads each source table once', () => {
  let sample: SampleSession;
  let session: Session;

  beforeAll(async () => {
    sample = await openSampleSession(300);
    session = sample.session;
    // In-memory copies, so that the plan names each table it scans.
    for (const table of ['accounts', 'usage_events', 'tickets', 'nps_responses']) {
      await session.execute(`CREATE TABLE mem_${table} AS SELECT * FROM ${table}; DROP VIEW ${table}; ALTER TABLE mem_${table} RENAME TO ${table}`);
    }
  });

  afterAll(() => sample.close());

  it('EXPLAIN of 20 measures over 3 sources shows exactly one scan of each table', async () => {
    const analysis = analyze(model, await modelSchema(session));
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(analysis.model?.measures).toHaveLength(20);
    const compiled = compileModel(analysis.model!, '2025-06-30');
    const explained = await session.query(`EXPLAIN (FORMAT json) ${compiled.sql}`);
    const plan = JSON.parse(String(explained.data[1]?.[0])) as PlanNode[];
    const scans = plan.flatMap((root) => scannedTables(root)).sort();
    expect(scans).toEqual(['accounts', 'nps_responses', 'tickets', 'usage_events']);
  });
});
