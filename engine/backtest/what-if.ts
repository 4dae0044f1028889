import { isCalendarDate } from '../../dsl/check/environment.ts';
import type { ModelIR } from '../../dsl/index.ts';
import type { OutputColumn } from '../../dsl/model/ir.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { PulseError } from '../errors.ts';
import { compileOverStoredPasses, defaultAsof } from '../evaluate-model.ts';
import type { JsonValue } from '../json-values.ts';
import type { QueryOptions, Session } from '../session.ts';
import type { AccountId } from './backtest.ts';

/** What to compare: by default the first score of the draft that the saved model has too, and every segment both have. */
export interface WhatIfRequest {
  /** Default: the saved model's evaluation date (`defaultAsof`), for both models. */
  readonly asof?: string;
  readonly score?: string;
  readonly segment?: string;
}

/** Accounts per grade; `grade` null counts the accounts without one (a null score, or no default grade). */
export interface GradeCount {
  readonly grade: string | null;
  readonly accounts: number;
}

export interface ScoreChange {
  readonly name: string;
  /** Under the saved model and under the draft, each in its model's grade order. */
  readonly saved: readonly GradeCount[];
  readonly draft: readonly GradeCount[];
  /** Every saved grade × every draft grade, zeros included. */
  readonly transitions: readonly { readonly from: string | null; readonly to: string | null; readonly accounts: number }[];
  /** Accounts whose grade differs. */
  readonly moved: number;
  /** Accounts whose score differs (null on one side and not the other counts). */
  readonly changed: number;
  /** The mean of draft − saved over the accounts scored by both; null when there are none. */
  readonly meanChange: number | null;
}

export interface SegmentChange {
  readonly name: string;
  readonly saved: number;
  readonly draft: number;
  /** In the draft's segment but not the saved one's. */
  readonly entering: number;
  readonly leaving: number;
  /** The first accounts (by key) entering and leaving, at most `MAX_LISTED` each. */
  readonly enteringIds: readonly AccountId[];
  readonly leavingIds: readonly AccountId[];
}

export interface WhatIf {
  readonly asof: string;
  /** Entity rows compared. */
  readonly accounts: number;
  /** Null when no score is in both models. */
  readonly score: ScoreChange | null;
  readonly segments: readonly SegmentChange[];
  /** Scores and segments only the draft has. */
  readonly added: { readonly scores: readonly string[]; readonly segments: readonly string[] };
  /** Scores and segments only the saved model has. */
  readonly removed: { readonly scores: readonly string[]; readonly segments: readonly string[] };
}

/** Account ids listed per segment and direction; the counts are always complete. */
export const MAX_LISTED = 50;

/**
 * The effect of an unsaved edit (DESIGN.md §7): the saved model and the draft evaluated as of
 * the same date, and for a score both have its grade distribution under each and the
 * grade-to-grade transitions, for the segments both have who enters and who leaves. Both
 * models read the stored per-source passes (`compileOverStoredPasses`), so an edit to
 * weights, bands, thresholds or segments scans no source table; everything is counted in one
 * query. The caller holds the session's turn.
 */
export async function whatIf(session: Session, saved: ModelIR, draft: ModelIR, request: WhatIfRequest = {}, queryOptions: Omit<QueryOptions, 'maxRows'> = {}): Promise<WhatIf> {
  if (saved.entity.table.toLowerCase() !== draft.entity.table.toLowerCase() || saved.entity.key.toLowerCase() !== draft.entity.key.toLowerCase()) {
    throw new PulseError('bad_argument', `the draft's entity (\`${draft.entity.table}\` key \`${draft.entity.key}\`) is not the saved model's (\`${saved.entity.table}\` key \`${saved.entity.key}\`): there is nothing to compare account by account`);
  }
  if (request.asof !== undefined && !isCalendarDate(request.asof)) {
    throw new PulseError('bad_argument', `the evaluation date must be a calendar date written YYYY-MM-DD (got "${request.asof}")`);
  }
  const scores = pair(saved.scores.map((s) => s.name), draft.scores.map((s) => s.name), 'score', request.score);
  const segments = pair(saved.segments.map((s) => s.name), draft.segments.map((s) => s.name), 'segment', request.segment);
  const score = scores.both[0] ?? null;

  const asof = request.asof ?? (await defaultAsof(session, saved));
  const savedQuery = await compileOverStoredPasses(session, saved, { asof, ...queryOptions });
  const draftQuery = await compileOverStoredPasses(session, draft, { asof, ...queryOptions });
  const result = await session.query(comparisonSql(saved, draft, savedQuery.query, draftQuery.query, score, segments.both), queryOptions);
  const value = (name: string): JsonValue => result.data[result.columns.findIndex((column) => column.name === name)]![0]!;

  return {
    asof,
    accounts: Number(value('accounts')),
    score: score === null ? null : scoreChange(score, saved, draft, value),
    segments: segments.both.map(([name], index) => ({
      name,
      saved: Number(value(`seg_${index}_in_saved`)),
      draft: Number(value(`seg_${index}_in_draft`)),
      entering: Number(value(`seg_${index}_entering`)),
      leaving: Number(value(`seg_${index}_leaving`)),
      enteringIds: (value(`seg_${index}_entering_ids`) as AccountId[] | null) ?? [],
      leavingIds: (value(`seg_${index}_leaving_ids`) as AccountId[] | null) ?? [],
    })),
    added: { scores: scores.added, segments: segments.added },
    removed: { scores: scores.removed, segments: segments.removed },
  };
}

/** A name both models have, as each spells it (names are case-insensitive). */
type Pair = readonly [saved: string, draft: string];

/**
 * Which names both models have (in the draft's order), which only the draft has (added) and
 * which only the saved model has (removed). A name asked for must be in both.
 */
function pair(saved: readonly string[], draft: readonly string[], kind: 'score' | 'segment', wanted: string | undefined):
  { both: Pair[]; added: string[]; removed: string[] } {
  const inSaved = (name: string) => saved.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const inDraft = (name: string) => draft.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  let both = draft.flatMap((name): Pair[] => {
    const match = inSaved(name);
    return match === undefined ? [] : [[match, name]];
  });
  if (wanted !== undefined) {
    if (!inSaved(wanted) && !inDraft(wanted)) throw new PulseError('bad_argument', `neither model has a ${kind} \`${wanted}\``);
    if (!inSaved(wanted) || !inDraft(wanted)) {
      throw new PulseError('bad_argument', `the ${kind} \`${wanted}\` is only in the ${inSaved(wanted) ? 'saved model' : 'draft'}: there is nothing to compare it with`);
    }
    both = both.filter(([name]) => name.toLowerCase() === wanted.toLowerCase());
  }
  return { both, added: draft.filter((name) => !inSaved(name)), removed: saved.filter((name) => !inDraft(name)) };
}

function outputColumn(model: ModelIR, matches: (origin: OutputColumn['origin']) => boolean): string | null {
  return model.outputs.find((output) => matches(output.origin))?.name ?? null;
}

/**
 * One row of figures: both models' results joined on the key, then counted — the grade
 * transitions as a list of structs, and per segment its counts and the first ids each way.
 * Every alias is Pulse's own; every name from a model goes through the dialect.
 */
function comparisonSql(saved: ModelIR, draft: ModelIR, savedQuery: string, draftQuery: string, score: Pair | null, segments: readonly Pair[]): string {
  const column = (side: 's' | 'd', name: string | null) => (name === null ? 'NULL' : `${side}.${sql.identifier(name)}`);
  const grade = (model: ModelIR, name: string) => outputColumn(model, (o) => o.kind === 'grade' && o.score === name);
  const segment = (model: ModelIR, name: string) => outputColumn(model, (o) => o.kind === 'segment' && o.segment === name);
  const picked = [`s.${sql.identifier(saved.entity.key)} AS k`];
  if (score) {
    picked.push(`${column('s', outputColumn(saved, (o) => o.kind === 'score' && o.score === score[0]))} AS score_saved`,
      `${column('d', outputColumn(draft, (o) => o.kind === 'score' && o.score === score[1]))} AS score_draft`,
      `${column('s', grade(saved, score[0]))} AS grade_saved`, `${column('d', grade(draft, score[1]))} AS grade_draft`);
  }
  segments.forEach(([inSaved, inDraft], index) => picked.push(`${column('s', segment(saved, inSaved))} AS seg_${index}_saved`, `${column('d', segment(draft, inDraft))} AS seg_${index}_draft`));

  const figures = ['count(*) AS accounts'];
  if (score) {
    figures.push(
      `(SELECT list({'from': grade_saved, 'to': grade_draft, 'accounts': n}) FROM (SELECT grade_saved, grade_draft, count(*) AS n FROM pairs GROUP BY ALL)) AS transitions`,
      'count(*) FILTER (WHERE score_saved IS DISTINCT FROM score_draft) AS changed',
      'avg(score_draft - score_saved) AS mean_change');
  }
  segments.forEach((_pair, index) => {
    const [before, after] = [`seg_${index}_saved`, `seg_${index}_draft`];
    const entering = `${after} AND NOT ${before}`;
    const leaving = `${before} AND NOT ${after}`;
    figures.push(
      `count(*) FILTER (WHERE ${before}) AS seg_${index}_in_saved`, `count(*) FILTER (WHERE ${after}) AS seg_${index}_in_draft`,
      `count(*) FILTER (WHERE ${entering}) AS seg_${index}_entering`, `count(*) FILTER (WHERE ${leaving}) AS seg_${index}_leaving`,
      `(list(k ORDER BY k) FILTER (WHERE ${entering}))[1:${MAX_LISTED}] AS seg_${index}_entering_ids`,
      `(list(k ORDER BY k) FILTER (WHERE ${leaving}))[1:${MAX_LISTED}] AS seg_${index}_leaving_ids`);
  });
  return `WITH saved AS (\n${savedQuery}\n),
draft AS (\n${draftQuery}\n),
pairs AS (
  SELECT ${picked.join(',\n    ')}
  FROM saved s JOIN draft d ON d.${sql.identifier(draft.entity.key)} = s.${sql.identifier(saved.entity.key)}
)
SELECT ${figures.join(',\n  ')}
FROM pairs`;
}

/** The grade figures of a score from the query's transitions, in each model's grade order. */
function scoreChange(score: Pair, saved: ModelIR, draft: ModelIR, value: (name: string) => JsonValue): ScoreChange {
  const cells = ((value('transitions') as { from: string | null; to: string | null; accounts: number }[] | null) ?? []);
  // Accounts without a grade come last, as grade null, when there are any.
  const order = (model: ModelIR, name: string, side: 'from' | 'to') => [
    ...model.scores.find((s) => s.name === name)!.grades.map((g): string | null => g.name),
    ...(cells.some((cell) => cell[side] === null) ? [null] : []),
  ];
  const from = order(saved, score[0], 'from');
  const to = order(draft, score[1], 'to');
  const count = (match: (cell: (typeof cells)[number]) => boolean) => cells.filter(match).reduce((sum, cell) => sum + Number(cell.accounts), 0);
  const meanChange = value('mean_change');
  return {
    name: score[1],
    saved: from.map((grade) => ({ grade, accounts: count((cell) => cell.from === grade) })),
    draft: to.map((grade) => ({ grade, accounts: count((cell) => cell.to === grade) })),
    transitions: from.flatMap((f) => to.map((t) => ({ from: f, to: t, accounts: count((cell) => cell.from === f && cell.to === t) }))),
    moved: count((cell) => cell.from !== cell.to),
    changed: Number(value('changed')),
    meanChange: meanChange === null ? null : Number(meanChange),
  };
}
