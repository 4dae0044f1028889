import { readFile } from 'node:fs/promises';
import { analyze, compileModel, type ModelIR, type Schema } from '../../dsl/index.ts';
import { duckdbDialect } from '../../dsl/sql/duckdb-dialect.ts';
import { rowsOf } from '../helpers/rows.ts';
import { evaluateReference } from '../reference/arquero-evaluator.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import type { QueryResult } from '../../engine/session.ts';
import { benchSession, median, time } from './bench-data.ts';
import { markdownTable } from './machine.ts';

const HEALTH = new URL('../../samples/models/health.pulse', import.meta.url).pathname;
const HANDWRITTEN = new URL('./health-handwritten.sql', import.meta.url).pathname;
const ASOF = '2025-06-30';

/** A model of `count` measures over three sources: aggregates of every kind, and measures built on them. */
export function generatedModel(count: number): string {
  const lines = [
    'source usage = usage_events time occurred_at',
    'source tickets time opened_at',
    'source nps = nps_responses time responded_at',
  ];
  const aggregates = [
    (i: number) => `count(usage where event = 'login' during last ${1 + (i % 120)} days)`,
    (i: number) => `sum(usage.duration_s where feature = 'reports' during last ${1 + (i % 12)} months)`,
    (i: number) => `count distinct usage.user_id during ${2 + (i % 50)} to 1 weeks ago`,
    (i: number) => `count(tickets where complexity = 'complex' or resolved_at > asof during last ${1 + (i % 365)} days)`,
    (i: number) => `avg(nps.score during last ${1 + (i % 3)} years) + ${i % 7}`,
    () => 'latest nps.score',
  ];
  for (let i = 0; i < count; i++) {
    const expression = i >= 10 && i % 3 === 0
      ? `m${i - 1} / (m${i - 7} + 1) * ${(i % 5) + 1}`
      : aggregates[i % aggregates.length]!(i);
    lines.push(`measure m${i} = ${expression}`);
  }
  return lines.join('\n');
}

/** Parse + check + compile, best of many runs (the work is a few milliseconds). */
function compileTimings(text: string, schema: Schema): { ms: number; sqlBytes: number } {
  let sql = '';
  const durations: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    const analysis = analyze(text, schema);
    if (!analysis.model) throw new Error(`benchmark model does not check: ${analysis.diagnostics[0]?.message}`);
    sql = compileModel(analysis.model, ASOF).sql;
    durations.push(performance.now() - started);
  }
  return { ms: median(durations), sqlBytes: sql.length };
}

/**
 * How analysis time grows with nesting: 60 levels of unary minus timed against 20. Linear
 * growth gives about 3; quadratic (node ranges recomputed per node) about 9.
 */
function nestingGrowth(schema: Schema): string {
  const timed = (depth: number) => {
    const text = `measure m = ${'-'.repeat(depth)}1`;
    analyze(text, schema);
    const durations: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      analyze(text, schema);
      durations.push(performance.now() - started);
    }
    return median(durations);
  };
  const [deep, shallow] = [timed(60), timed(20)];
  return `${(deep / shallow).toFixed(1)} (${deep.toFixed(2)} ms ÷ ${shallow.toFixed(2)} ms; linear ≈ 3, quadratic ≈ 9)`;
}

/** Rows of two results equal, numbers within a relative 1e-9. */
function sameRows(a: QueryResult, b: QueryResult): boolean {
  if (a.rowCount !== b.rowCount || a.columns.length !== b.columns.length) return false;
  return a.data.every((column, c) => column.every((value, r) => {
    const other = b.data[c]![r];
    if (typeof value === 'number' && typeof other === 'number') return Math.abs(value - other) <= 1e-9 * Math.max(1, Math.abs(value));
    return value === other;
  }));
}

/**
 * The rules-language benchmark: compile speed, and the compiled SQL's run time divided by a
 * hand-written equivalent in the same run (target ≤ 1.1).
 */
export async function benchRulesLanguage(accounts: number): Promise<string> {
  const session = await benchSession(accounts);
  try {
    const schema = await modelSchema(session);
    const healthText = await readFile(HEALTH, 'utf8');
    const health = compileTimings(healthText, schema);
    const thousand = compileTimings(generatedModel(1000), schema);

    const compiled = compileModel(analyze(healthText, schema).model!, ASOF).sql;
    const handwritten = await readFile(HANDWRITTEN, 'utf8');
    const [fromModel, byHand] = [await session.query(compiled), await session.query(handwritten)];
    if (!sameRows(fromModel, byHand)) throw new Error('the hand-written SQL does not give the compiled model\'s result');
    const compiledTimes: number[] = [];
    const handTimes: number[] = [];
    for (let round = 0; round < 7; round++) {
      compiledTimes.push(...(await time(1, () => session.query(compiled))));
      handTimes.push(...(await time(1, () => session.query(handwritten))));
    }
    const ratio = median(compiledTimes) / median(handTimes);
    const thousandRun = await time(1, async () => session.query(compileModel(analyze(generatedModel(1000), schema).model!, ASOF).sql));
    const reference = await referenceComparison(session, analyze(healthText, schema).model!, median(compiledTimes));

    return `### Rules language (${accounts.toLocaleString('en-US')} accounts, ${fromModel.rowCount.toLocaleString('en-US')} rows out)

${markdownTable(['what', 'figure'], [
  ['parse + check + compile, sample health model', `${health.ms.toFixed(2)} ms (${health.sqlBytes.toLocaleString('en-US')} bytes of SQL)`],
  ['parse + check + compile, generated 1,000-measure model', `${thousand.ms.toFixed(1)} ms (${thousand.sqlBytes.toLocaleString('en-US')} bytes of SQL)`],
  ['analyze 60 ÷ 20 levels of nesting', nestingGrowth(schema)],
  ['run the compiled health model (median of 7)', `${median(compiledTimes).toFixed(0)} ms`],
  ['run the hand-written equivalent SQL (median of 7)', `${median(handTimes).toFixed(0)} ms`],
  ['**compiled ÷ hand-written**', `**${ratio.toFixed(3)}** (target ≤ 1.1)`],
  ['run the 1,000-measure model once', `${thousandRun[0]!.toFixed(0)} ms`],
  ...reference,
])}`;
  } finally {
    session.close();
  }
}

/**
 * The same model evaluated by the reference evaluator in plain in-memory JavaScript (Arquero),
 * over the tables read into memory first (not timed); only at sizes where that fits comfortably.
 */
async function referenceComparison(session: Awaited<ReturnType<typeof benchSession>>, model: ModelIR, sqlMs: number): Promise<string[][]> {
  const accounts = Number((await session.query('SELECT count(*) FROM accounts')).data[0]?.[0] ?? 0);
  if (accounts > 20_000) return [['reference evaluator (Arquero, in memory)', 'not run above 20,000 accounts (the tables would not fit in memory as JS objects)']];
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const table of new Set([model.entity.table, ...model.sources.map((source) => source.table)])) {
    tables[table] = rowsOf(await session.query(`SELECT * FROM ${duckdbDialect.identifier(table)}`));
  }
  const [referenceMs] = await time(1, () => evaluateReference(model, tables, ASOF));
  return [
    ['evaluate the health model with the reference evaluator (Arquero, tables already in memory)', `${referenceMs!.toFixed(0)} ms`],
    ['**reference (JS) ÷ compiled SQL**', `**${(referenceMs! / sqlMs).toFixed(1)}**`],
  ];
}
