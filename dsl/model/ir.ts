import type { AggregateFunction, DurationUnit, MissingPolicy, Range } from '../syntax/ast.ts';
import type { ColumnSchema, ValueType } from './schema.ts';

/**
 * The checked model: the AST with every name resolved and every expression typed. It is
 * what both the SQL compiler and the reference evaluator consume, as plain serializable data.
 * A model exists only when the checker found no errors.
 */
export interface ModelIR {
  readonly entity: EntityIR;
  readonly sources: readonly SourceIR[];
  /** The model's own evaluation date (`asof 2025-06-30`), or null for the default. */
  readonly asof: string | null;
  readonly measures: readonly MeasureIR[];
  readonly scores: readonly ScoreIR[];
  readonly segments: readonly SegmentIR[];
  /** Measures, scores and segments in an order where each comes after what it uses. */
  readonly order: readonly ItemRef[];
  /** The columns of the `scores` relation after the entity's own columns, in order. */
  readonly outputs: readonly OutputColumn[];
}

export interface EntityIR {
  readonly name: string;
  readonly table: string;
  readonly key: string;
  readonly columns: readonly ColumnSchema[];
}

export interface SourceIR {
  readonly name: string;
  readonly table: string;
  /** The column of the source table that joins to the entity key. */
  readonly key: string;
  /** The time column that as-of evaluation and windows use, if declared. */
  readonly time: { readonly column: string; readonly type: 'date' | 'timestamp' } | null;
  readonly columns: readonly ColumnSchema[];
}

export type ItemKind = 'measure' | 'score' | 'segment';

export interface ItemRef {
  readonly kind: ItemKind;
  readonly name: string;
}

export interface MeasureIR {
  readonly name: string;
  readonly label: string | null;
  readonly expression: TExpr;
  readonly range: Range;
}

export interface ScoreIR {
  readonly name: string;
  readonly label: string | null;
  readonly components: readonly ComponentIR[];
  readonly missing: MissingPolicy;
  /** Top to bottom; `minimum` null for the default grade, which is last. Empty when no grades. */
  readonly grades: readonly { readonly name: string; readonly minimum: number | null }[];
  readonly range: Range;
}

export interface ComponentIR {
  readonly name: string;
  readonly weight: number;
  readonly expression: TExpr;
}

export interface SegmentIR {
  readonly name: string;
  readonly label: string | null;
  readonly expression: TExpr;
  readonly range: Range;
}

/** A column of the `scores` relation and what produces it. */
export interface OutputColumn {
  readonly name: string;
  readonly type: ValueType;
  readonly origin:
    | { readonly kind: 'measure'; readonly measure: string }
    | { readonly kind: 'score'; readonly score: string }
    | { readonly kind: 'grade'; readonly score: string }
    | { readonly kind: 'component'; readonly score: string; readonly component: string }
    | { readonly kind: 'contribution'; readonly score: string; readonly component: string }
    | { readonly kind: 'segment'; readonly segment: string };
}

/** Functions of the language, plus `to_date`, which the checker inserts where a timestamp meets a date. */
export type FunctionName =
  | 'coalesce' | 'clamp' | 'round' | 'abs' | 'least' | 'greatest'
  | 'days_between' | 'days_until' | 'days_since' | 'to_date';

export type TExprOperator = '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** A typed expression. Every node carries its type and the range it came from. */
export type TExpr =
  | { readonly kind: 'literal'; readonly type: ValueType; readonly value: number | string | boolean | null; readonly range: Range }
  | { readonly kind: 'asof'; readonly type: 'date'; readonly range: Range }
  | { readonly kind: 'entity-column'; readonly type: ValueType; readonly column: string; readonly range: Range }
  | { readonly kind: 'source-column'; readonly type: ValueType; readonly source: string; readonly column: string; readonly range: Range }
  | { readonly kind: 'measure'; readonly type: ValueType; readonly name: string; readonly range: Range }
  | { readonly kind: 'score'; readonly type: ValueType; readonly score: string; readonly part: ScorePart; readonly range: Range }
  | { readonly kind: 'segment'; readonly type: 'boolean'; readonly name: string; readonly range: Range }
  | { readonly kind: 'unary'; readonly type: ValueType; readonly operator: '-' | 'not'; readonly operand: TExpr; readonly range: Range }
  | { readonly kind: 'binary'; readonly type: ValueType; readonly operator: TExprOperator; readonly left: TExpr; readonly right: TExpr; readonly range: Range }
  | { readonly kind: 'is-null'; readonly type: 'boolean'; readonly operand: TExpr; readonly negated: boolean; readonly range: Range }
  | { readonly kind: 'in'; readonly type: 'boolean'; readonly operand: TExpr; readonly items: readonly TExpr[]; readonly negated: boolean; readonly range: Range }
  | { readonly kind: 'between'; readonly type: 'boolean'; readonly operand: TExpr; readonly low: TExpr; readonly high: TExpr; readonly negated: boolean; readonly range: Range }
  | { readonly kind: 'call'; readonly type: ValueType; readonly function: FunctionName; readonly args: readonly TExpr[]; readonly range: Range }
  | { readonly kind: 'band'; readonly type: 'number'; readonly subject: TExpr; readonly arms: readonly BandArmIR[];
      readonly otherwise: number | null; readonly missing: number | null; readonly range: Range }
  | { readonly kind: 'aggregate'; readonly type: ValueType; readonly function: AggregateFunction; readonly source: string;
      readonly column: string | null; readonly where: TExpr | null; readonly window: WindowIR | null; readonly range: Range };

export type ScorePart =
  | { readonly kind: 'value' }
  | { readonly kind: 'grade' }
  | { readonly kind: 'component'; readonly component: string };

/** A band arm that compares: the first that holds gives its result. */
export interface BandArmIR {
  readonly operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
  readonly value: number | string;
  /** The value's type: a date arm holds its ISO date as a string. */
  readonly valueType: 'number' | 'text' | 'date';
  readonly result: number;
}

/** The dates `(asof − from, asof − to]` in `unit`s: `last 30 days` is from 30 to 0. */
export interface WindowIR {
  readonly from: number;
  readonly to: number;
  readonly unit: DurationUnit;
}

/** The kind of a TExpr node, for visitors keyed by kind (a forgotten case fails to compile). */
export type TExprKind = TExpr['kind'];
