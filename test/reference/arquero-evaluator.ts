/**
 * A reference evaluator of the rules language (DESIGN.md §3), independent of the SQL compiler:
 * it interprets the typed model (ModelIR) directly, with Arquero for the table work
 * (`aggregates.ts`) and plain TypeScript for expressions (`expressions.ts`) and scores
 * (`scores.ts`). The differential tests check the compiler's SQL against it.
 */
import type { ModelIR, ScorePart } from '../../dsl/model/ir.ts';
import { aggregateColumn, aggregatesOf, entityWithAggregates, type AggregateNode } from './aggregates.ts';
import { parseDate } from './dates.ts';
import { evaluateExpression, type ExpressionScope } from './expressions.ts';
import { evaluateScore, type ScoreResult } from './scores.ts';
import { asNumber, type Value } from './values.ts';

/**
 * Evaluates `model` as of `asof` ('YYYY-MM-DD') over `tables` (table name → rows, values in the
 * forms the Session returns: numbers, strings, booleans, null, dates 'YYYY-MM-DD', timestamps
 * ISO UTC). Returns the `scores` relation: one row per entity row, ordered by the entity key,
 * with every entity column and then `model.outputs` in order.
 */
export function evaluateReference(model: ModelIR, tables: Record<string, Record<string, unknown>[]>, asof: string): Record<string, unknown>[] {
  parseDate(asof);
  const aggregates = collectAggregates(model);
  const index = new Map(aggregates.map((node, i) => [node, aggregateColumn(i)]));
  const rows = entityWithAggregates(model, tables, asof, aggregates);
  return rows.map((row) => evaluateRow(model, row, index, asof));
}

/** Every aggregate node of every measure, score component and segment. */
function collectAggregates(model: ModelIR): AggregateNode[] {
  return [
    ...model.measures.flatMap((measure) => aggregatesOf(measure.expression)),
    ...model.scores.flatMap((score) => score.components.flatMap((component) => aggregatesOf(component.expression))),
    ...model.segments.flatMap((segment) => aggregatesOf(segment.expression)),
  ];
}

/** The outputs of one entity row (`row` carries the entity columns and the aggregate columns). */
function evaluateRow(model: ModelIR, row: Record<string, Value>, index: ReadonlyMap<AggregateNode, string>, asof: string): Record<string, unknown> {
  const measures = new Map<string, Value>();
  const scores = new Map<string, ScoreResult>();
  const segments = new Map<string, boolean>();
  const known = <T>(map: ReadonlyMap<string, T>, name: string, kind: string): T => {
    if (!map.has(name)) throw new Error(`${kind} ${name} used before it was evaluated`);
    return map.get(name)!;
  };
  const scope: ExpressionScope = {
    asof,
    entityColumn: (column) => {
      if (!(column in row)) throw new Error(`unknown entity column ${column}`);
      return row[column] ?? null;
    },
    sourceColumn: (source, column) => { throw new Error(`source column ${source}.${column} outside an aggregate`); },
    measure: (name) => known(measures, name, 'measure'),
    score: (name, part: ScorePart) => {
      const result = known(scores, name, 'score');
      if (part.kind === 'value') return result.value;
      if (part.kind === 'grade') return result.grade;
      return known(result.components, part.component, `component of ${name}`);
    },
    segment: (name) => known(segments, name, 'segment'),
    aggregate: (node) => {
      const column = index.get(node);
      if (column === undefined) throw new Error('an aggregate that was not collected');
      return row[column] ?? null;
    },
  };
  for (const item of model.order) {
    if (item.kind === 'measure') {
      const measure = model.measures.find((candidate) => candidate.name === item.name)!;
      measures.set(item.name, evaluateExpression(measure.expression, scope));
    } else if (item.kind === 'segment') {
      const segment = model.segments.find((candidate) => candidate.name === item.name)!;
      segments.set(item.name, evaluateExpression(segment.expression, scope) === true);
    } else {
      const score = model.scores.find((candidate) => candidate.name === item.name)!;
      scores.set(item.name, evaluateScore(score, score.components.map((component) => asNumber(evaluateExpression(component.expression, scope)))));
    }
  }
  const result: Record<string, unknown> = {};
  for (const column of model.entity.columns) result[column.name] = row[column.name] ?? null;
  for (const output of model.outputs) {
    const origin = output.origin;
    switch (origin.kind) {
      case 'measure': result[output.name] = known(measures, origin.measure, 'measure'); break;
      case 'segment': result[output.name] = known(segments, origin.segment, 'segment'); break;
      case 'score': result[output.name] = known(scores, origin.score, 'score').value; break;
      case 'grade': result[output.name] = known(scores, origin.score, 'score').grade; break;
      case 'component': result[output.name] = known(known(scores, origin.score, 'score').components, origin.component, 'component'); break;
      case 'contribution': result[output.name] = known(known(scores, origin.score, 'score').contributions, origin.component, 'component'); break;
    }
  }
  return result;
}
