/**
 * A score from its components' raw values (DESIGN.md §3): components clamped to 0–100, the
 * weighted mean under the missing policy, each component's contribution, and the grade.
 */
import type { ScoreIR } from '../../dsl/model/ir.ts';
import { roundHalfAwayFromZero } from './values.ts';

export interface ScoreResult {
  readonly value: number | null;
  readonly grade: string | null;
  /** Clamped component values, by component name. */
  readonly components: ReadonlyMap<string, number | null>;
  /** Contributions, by component name. */
  readonly contributions: ReadonlyMap<string, number | null>;
}

const round6 = (x: number) => roundHalfAwayFromZero(x, 6);

/**
 * Evaluates a score given each component's raw value (in the score's component order).
 * - A component is null or clamped to [0, 100].
 * - reweight: total = weights of the non-null components; zero: all weights, null counts as 0;
 *   null: any null component makes the score null, else all weights.
 * - score = round6(Σ w·c / total), null when total is 0; contribution = round6(w·(c ?? 0) / total),
 *   null when the score is null.
 * - grade: the first grade (top to bottom) whose minimum the score reaches; else the default
 *   grade (minimum null); null when the score is null or nothing matches.
 */
export function evaluateScore(score: ScoreIR, raw: readonly (number | null)[]): ScoreResult {
  const values = score.components.map((_, i) => {
    const value = raw[i] ?? null;
    return value === null ? null : Math.min(Math.max(value, 0), 100);
  });
  const weights = score.components.map((component) => component.weight);
  const anyNull = values.some((value) => value === null);
  let total: number | null;
  if (score.missing === 'null' && anyNull) total = null;
  else if (score.missing === 'reweight') total = sumOf(weights.filter((_, i) => values[i] !== null));
  else total = sumOf(weights);
  let numerator = 0;
  weights.forEach((weight, i) => {
    const value = values[i] ?? null;
    if (value !== null) numerator += weight * value;
  });
  const value = total === null || total === 0 ? null : round6(numerator / total);
  const contributions = new Map(score.components.map((component, i) => [component.name,
    value === null || total === null ? null : round6((weights[i]! * (values[i] ?? 0)) / total)]));
  let grade: string | null = null;
  if (value !== null) {
    grade = score.grades.find((candidate) => candidate.minimum === null || value >= candidate.minimum)?.name ?? null;
  }
  return { value, grade, components: new Map(score.components.map((component, i) => [component.name, values[i] ?? null])), contributions };
}

function sumOf(numbers: readonly number[]): number {
  return numbers.reduce((sum, n) => sum + n, 0);
}
