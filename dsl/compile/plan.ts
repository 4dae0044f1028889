import type { ModelIR, ScoreIR, SourceIR, TExpr } from '../model/ir.ts';
import { childrenOf, visit } from '../model/visit.ts';
import type { MissingPolicy } from '../syntax/ast.ts';

type AggregateNode = Extract<TExpr, { kind: 'aggregate' }>;

/**
 * How a model is evaluated, as plain data: one grouped pass per source that computes all of
 * its aggregates, then layers of computed columns where each layer only uses columns of the
 * layers before it. `to-sql.ts` turns it into one query.
 */
export interface Plan {
  readonly entity: ModelIR['entity'];
  readonly passes: readonly SourcePass[];
  readonly layers: readonly (readonly PlannedColumn[])[];
  /** The model's columns of `scores`, in order (the entity's own columns come first). */
  readonly outputs: readonly string[];
}

/** One scan of a source table: its aggregates, each under a column name. */
export interface SourcePass {
  readonly source: SourceIR;
  readonly aggregates: readonly { readonly column: string; readonly aggregate: AggregateNode }[];
}

export interface PlannedColumn {
  readonly column: string;
  readonly value: PlannedValue;
}

/** What a computed column holds. */
export type PlannedValue =
  /** A measure's value. */
  | { readonly kind: 'expression'; readonly expression: TExpr }
  /** A segment: its expression, with null read as false. */
  | { readonly kind: 'segment'; readonly expression: TExpr }
  /** A score component: the value of another column clamped to 0–100 (null stays null). */
  | { readonly kind: 'component'; readonly raw: string }
  /** The weight the score divides by under its missing policy (null under `null` when a component is null). */
  | { readonly kind: 'total-weight'; readonly policy: MissingPolicy; readonly components: readonly WeightedColumn[] }
  /** The score: weighted components over the total weight (null when it is 0), rounded to 6 decimals. */
  | { readonly kind: 'score'; readonly policy: MissingPolicy; readonly components: readonly WeightedColumn[]; readonly total: string }
  /** Points a component adds to the score: weight × value ÷ total weight. */
  | { readonly kind: 'contribution'; readonly score: string; readonly component: WeightedColumn; readonly total: string }
  /** The first grade whose minimum the score reaches, top to bottom. */
  | { readonly kind: 'grade'; readonly score: string; readonly grades: ScoreIR['grades'] };

export interface WeightedColumn {
  readonly column: string;
  readonly weight: number;
}

/** The column that holds what a reference points at (the output column names of DESIGN.md §3). */
export function columnOf(reference: Extract<TExpr, { kind: 'measure' | 'score' | 'segment' }>): string {
  if (reference.kind !== 'score') return reference.name;
  const part = reference.part;
  return part.kind === 'value' ? reference.score : part.kind === 'grade' ? `${reference.score}_grade` : `${reference.score}_${part.component}`;
}

/** The name of the hidden column that holds a score's total weight. */
export function totalWeightColumn(score: string): string {
  return `__pulse_${score}_total`;
}

/**
 * A key that is equal for two aggregates exactly when they compute the same thing, so each
 * distinct aggregate is computed once however often the model uses it.
 */
export function aggregateKey(aggregate: AggregateNode): string {
  return JSON.stringify(aggregate, (name, value) => (name === 'range' ? undefined : value));
}

/** Plans the evaluation of a checked model. */
export function planModel(model: ModelIR): Plan {
  const passes = planPasses(model);
  const levels = new Map<string, number>();
  const planned: { column: string; value: PlannedValue; level: number }[] = [];
  const levelOf = (expression: TExpr): number => {
    let level = 0;
    visit(expression, (node) => {
      if (node.kind === 'measure' || node.kind === 'score' || node.kind === 'segment') level = Math.max(level, levels.get(columnOf(node)) ?? 0);
    });
    return level;
  };
  const add = (column: string, value: PlannedValue, level: number) => {
    levels.set(column, level);
    planned.push({ column, value, level });
  };

  for (const item of model.order) {
    if (item.kind === 'measure') {
      const measure = model.measures.find((candidate) => candidate.name === item.name)!;
      add(measure.name, { kind: 'expression', expression: measure.expression }, levelOf(measure.expression) + 1);
    } else if (item.kind === 'segment') {
      const segment = model.segments.find((candidate) => candidate.name === item.name)!;
      add(segment.name, { kind: 'segment', expression: segment.expression }, levelOf(segment.expression) + 1);
    } else {
      planScore(model.scores.find((candidate) => candidate.name === item.name)!, levelOf, add);
    }
  }
  const depth = Math.max(0, ...planned.map((column) => column.level));
  const layers = Array.from({ length: depth }, (_, index) =>
    planned.filter((column) => column.level === index + 1).map(({ column, value }) => ({ column, value })));
  return { entity: model.entity, passes, layers, outputs: model.outputs.map((output) => output.name) };
}

/**
 * A score takes five steps, each using only columns of the steps before it: the components'
 * raw values, the clamped components, the total weight, the score, then contributions and grade.
 */
function planScore(score: ScoreIR, levelOf: (expression: TExpr) => number, add: (column: string, value: PlannedValue, level: number) => void): void {
  const components = score.components.map((component) => ({ column: `${score.name}_${component.name}`, weight: component.weight }));
  const rawLevel = Math.max(1, ...score.components.map((component) => levelOf(component.expression) + 1));
  score.components.forEach((component, index) => {
    const raw = `__pulse_${components[index]!.column}_raw`;
    add(raw, { kind: 'expression', expression: component.expression }, rawLevel);
    add(components[index]!.column, { kind: 'component', raw }, rawLevel + 1);
  });
  const total = totalWeightColumn(score.name);
  add(total, { kind: 'total-weight', policy: score.missing, components }, rawLevel + 2);
  add(score.name, { kind: 'score', policy: score.missing, components, total }, rawLevel + 3);
  for (const component of components) {
    add(`${component.column}_contrib`, { kind: 'contribution', score: score.name, component, total }, rawLevel + 4);
  }
  if (score.grades.length > 0) add(`${score.name}_grade`, { kind: 'grade', score: score.name, grades: score.grades }, rawLevel + 4);
}

/** Groups every distinct aggregate of the model by its source, in the order they first appear. */
function planPasses(model: ModelIR): SourcePass[] {
  const bySource = new Map<string, Map<string, { column: string; aggregate: AggregateNode }>>();
  let counter = 0;
  const collect = (expression: TExpr) => {
    if (expression.kind === 'aggregate') {
      const aggregates = bySource.get(expression.source) ?? new Map();
      bySource.set(expression.source, aggregates);
      const key = aggregateKey(expression);
      if (!aggregates.has(key)) aggregates.set(key, { column: `__pulse_agg_${++counter}`, aggregate: expression });
      return;
    }
    for (const child of childrenOf(expression)) collect(child);
  };
  for (const item of model.order) {
    if (item.kind === 'measure') collect(model.measures.find((m) => m.name === item.name)!.expression);
    else if (item.kind === 'segment') collect(model.segments.find((s) => s.name === item.name)!.expression);
    else for (const component of model.scores.find((s) => s.name === item.name)!.components) collect(component.expression);
  }
  return model.sources
    .filter((source) => bySource.has(source.name))
    .map((source) => ({ source, aggregates: [...bySource.get(source.name)!.values()] }));
}
