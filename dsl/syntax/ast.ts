/**
 * The syntax tree of a rules file: readonly plain data, every node with a `kind` and the
 * source range it came from. Produced by `cst-to-ast.ts`; names are not resolved yet (that is
 * the checker's job, which produces the typed model in `../model/`).
 */

/** A position in the text: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A span of text: `end` is the position just after the last character. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A name as written, with where it was written. */
export interface Name {
  readonly text: string;
  readonly range: Range;
}

export interface Model {
  readonly kind: 'model';
  readonly statements: readonly Statement[];
  readonly range: Range;
}

export type Statement = EntityStatement | SourceStatement | AsofStatement | MeasureStatement | ScoreStatement | SegmentStatement;

/** `entity account = accounts key account_id` */
export interface EntityStatement {
  readonly kind: 'entity';
  readonly name: Name;
  readonly table: Name;
  readonly key: Name | null;
  readonly range: Range;
}

/** `source usage = usage_events key account_id time occurred_at`; the table defaults to the name. */
export interface SourceStatement {
  readonly kind: 'source';
  readonly name: Name;
  readonly table: Name | null;
  readonly key: Name | null;
  readonly time: Name | null;
  readonly range: Range;
}

/** `asof 2025-06-30` */
export interface AsofStatement {
  readonly kind: 'asof';
  readonly date: DateLiteral;
  readonly range: Range;
}

/** `measure logins_30d "Logins, last 30 days" = count(usage where …)` */
export interface MeasureStatement {
  readonly kind: 'measure';
  readonly name: Name;
  readonly label: string | null;
  readonly expression: Expression;
  readonly range: Range;
}

/** `score health "Account health" { components, missing policy, grades }` */
export interface ScoreStatement {
  readonly kind: 'score';
  readonly name: Name;
  readonly label: string | null;
  readonly components: readonly ScoreComponent[];
  readonly missing: MissingClause | null;
  readonly grades: GradesClause | null;
  readonly range: Range;
}

/** `usage weight 40 = band logins_30d { … }` */
export interface ScoreComponent {
  readonly kind: 'component';
  readonly name: Name;
  readonly weight: NumberLiteral;
  readonly expression: Expression;
  readonly range: Range;
}

export type MissingPolicy = 'reweight' | 'zero' | 'null';

export interface MissingClause {
  readonly kind: 'missing';
  readonly policy: MissingPolicy;
  readonly range: Range;
}

/** `grades { green >= 70, yellow >= 40, red }` */
export interface GradesClause {
  readonly kind: 'grades';
  readonly arms: readonly GradeArm[];
  readonly range: Range;
}

/** One grade: `green >= 70`, or the bare default `red` (`minimum` null). */
export interface GradeArm {
  readonly kind: 'grade';
  readonly name: Name;
  readonly minimum: NumberLiteral | null;
  readonly range: Range;
}

/** `segment at_risk "At risk" = health.grade = 'red' and mrr >= 1000` */
export interface SegmentStatement {
  readonly kind: 'segment';
  readonly name: Name;
  readonly label: string | null;
  readonly expression: Expression;
  readonly range: Range;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | NumberLiteral | StringLiteral | DateLiteral | BooleanLiteral | NullLiteral | AsofValue
  | Reference | Unary | Binary | IsNull | InList | Between | Call | Band | Aggregate | ErrorExpression;

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly range: Range;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly range: Range;
}

/** A calendar date, `YYYY-MM-DD` as written (validated by the checker). */
export interface DateLiteral {
  readonly kind: 'date';
  readonly value: string;
  readonly range: Range;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly range: Range;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly range: Range;
}

/** The word `asof` in an expression: the evaluation date. */
export interface AsofValue {
  readonly kind: 'asof-value';
  readonly range: Range;
}

/** `seats`, `health.grade`, `usage.user_id`, `account.seats`: one name, or two with a dot. */
export interface Reference {
  readonly kind: 'reference';
  readonly qualifier: Name | null;
  readonly name: Name;
  readonly range: Range;
}

export type UnaryOperator = '-' | 'not';

export interface Unary {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
  readonly range: Range;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface Binary {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  readonly range: Range;
}

/** `x is null`, `x is not null` */
export interface IsNull {
  readonly kind: 'is-null';
  readonly operand: Expression;
  readonly negated: boolean;
  readonly range: Range;
}

/** `x in (a, b)`, `x not in (a, b)` */
export interface InList {
  readonly kind: 'in';
  readonly operand: Expression;
  readonly items: readonly Expression[];
  readonly negated: boolean;
  readonly range: Range;
}

/** `x between lo and hi` (both ends included), `x not between lo and hi` */
export interface Between {
  readonly kind: 'between';
  readonly operand: Expression;
  readonly low: Expression;
  readonly high: Expression;
  readonly negated: boolean;
  readonly range: Range;
}

/** A function call: `clamp(x, 0, 100)`. Which functions exist is the checker's business. */
export interface Call {
  readonly kind: 'call';
  readonly callee: Name;
  readonly args: readonly Expression[];
  readonly range: Range;
}

/** `band x { >= 20: 100, >= 5: 60, else: 10, missing: 0 }` */
export interface Band {
  readonly kind: 'band';
  readonly subject: Expression;
  readonly arms: readonly BandArm[];
  readonly range: Range;
}

export interface BandArm {
  readonly kind: 'band-arm';
  /** A comparison with a literal; `else` matches any non-null value; `missing` matches null. */
  readonly test: { readonly kind: 'compare'; readonly operator: ComparisonOperator; readonly value: NumberLiteral | StringLiteral | DateLiteral }
    | { readonly kind: 'else' } | { readonly kind: 'missing' };
  readonly result: NumberLiteral;
  readonly range: Range;
}

export type AggregateFunction = 'count' | 'count-distinct' | 'sum' | 'avg' | 'min' | 'max' | 'median' | 'latest' | 'first';

/**
 * An aggregate over a source: `count(usage where … during …)`, `count distinct usage.user_id`,
 * `sum(subs.mrr where …)`, `latest nps.score where …`. `column` is null only for `count`.
 */
export interface Aggregate {
  readonly kind: 'aggregate';
  readonly function: AggregateFunction;
  readonly source: Name;
  readonly column: Name | null;
  readonly where: Expression | null;
  readonly window: Window | null;
  readonly range: Range;
}

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

/** `during last 30 days` is `{ from: 30, to: 0 }`; `during 60 to 30 days ago` is `{ from: 60, to: 30 }`. */
export interface Window {
  readonly kind: 'window';
  readonly from: NumberLiteral;
  readonly to: NumberLiteral | null;
  readonly unit: DurationUnit;
  readonly range: Range;
}

/** Stands where the parser recovered from a syntax error; its diagnostic was already reported. */
export interface ErrorExpression {
  readonly kind: 'error';
  readonly range: Range;
}
