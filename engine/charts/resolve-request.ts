import { closest } from '../../dsl/check/suggest.ts';
import type { Diagnostic } from '../../dsl/diagnostics.ts';
import type { TableSummary } from '../introspect.ts';
import type { GroupRelations } from '../metrics/options.ts';
import { groupOf, type ChartRequest, type NameRef } from './chart-request.ts';
import { at, chartMessages } from '../../dsl/messages.ts';
import type { ScoreColumns } from '../metrics/score-distribution.ts';

/** The names of a request as the session spells them, ready for the metric. */
export interface ResolvedNames {
  /** The grouping column, when the chart has one. */
  readonly groupBy: string | null;
  /** The segment of `where`, if any. */
  readonly segment: string | null;
  /** For `health_distribution`: the score and grade columns of `scores`. */
  readonly score: ScoreColumns | null;
}

/**
 * Checks the names of a chart request against the session's tables: the grouping column
 * (in `relations`, in that order, like the metric will look for it), the segment (a boolean
 * column of `scores`) and the score of `health_distribution`. Names match case-insensitively,
 * as in the metrics. Every mistake is a diagnostic at the name, with a "did you mean".
 */
export function resolveNames(request: ChartRequest, tables: readonly TableSummary[], relations: GroupRelations): {
  names: ResolvedNames | null; diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const scores = tables.find((table) => table.name === 'scores');
  const by = groupOf(request);
  const groupBy = by ? resolveColumn(by, tables, relations, diagnostics) : null;
  const segment = request.where ? resolveSegment(request.where, scores, diagnostics) : null;
  const score = request.kind === 'health_distribution' ? resolveScore(request.score, scores, diagnostics) : null;
  return diagnostics.length > 0 ? { names: null, diagnostics } : { names: { groupBy, segment, score }, diagnostics };
}

function resolveColumn(ref: NameRef, tables: readonly TableSummary[], relations: GroupRelations, diagnostics: Diagnostic[]): string | null {
  const candidates: string[] = [];
  const present = relations.filter((relation) => tables.some((table) => table.name === relation));
  for (const relation of present) {
    const columns = tables.find((table) => table.name === relation)!.columns;
    const column = columns.find((candidate) => sameName(candidate.name, ref.name));
    if (column) return column.name;
    candidates.push(...columns.map((candidate) => candidate.name));
  }
  diagnostics.push(at(chartMessages.unknownColumn(ref.name, closest(ref.name, candidates), present.length > 0 ? present : relations), ref.range));
  return null;
}

function resolveSegment(ref: NameRef, scores: TableSummary | undefined, diagnostics: Diagnostic[]): string | null {
  if (!scores) {
    diagnostics.push(at(chartMessages.noScores(`\`where ${ref.name}\``), ref.range));
    return null;
  }
  const column = scores.columns.find((candidate) => sameName(candidate.name, ref.name));
  if (column?.kind === 'boolean') return column.name;
  const segments = scores.columns.filter((candidate) => candidate.kind === 'boolean').map((candidate) => candidate.name);
  diagnostics.push(at(column ? chartMessages.notASegment(column.name) : chartMessages.unknownSegment(ref.name, closest(ref.name, segments)), ref.range));
  return null;
}

function resolveScore(ref: NameRef, scores: TableSummary | undefined, diagnostics: Diagnostic[]): ScoreColumns | null {
  if (!scores) {
    diagnostics.push(at(chartMessages.noScores('`health_distribution`'), ref.range));
    return null;
  }
  const find = (name: string) => scores.columns.find((candidate) => sameName(candidate.name, name));
  const column = find(ref.name);
  if (column && (column.kind === 'integer' || column.kind === 'number')) {
    const grade = find(`${column.name}_grade`);
    if (grade) return { score: column.name, grade: grade.name };
    diagnostics.push(at(chartMessages.noGrades(column.name), ref.range));
    return null;
  }
  const graded = scores.columns
    .filter((candidate) => (candidate.kind === 'integer' || candidate.kind === 'number') && find(`${candidate.name}_grade`))
    .map((candidate) => candidate.name);
  diagnostics.push(at(chartMessages.unknownScore(ref.name, closest(ref.name, graded)), ref.range));
  return null;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
