/**
 * A small typed SQL syntax tree — only what Pulse generates — printed by `print-sql.ts`
 * through the dialect object. Building SQL as data keeps every identifier quoted and every
 * literal escaped: there is no place to paste text.
 */

export type SqlBinaryOperator = '+' | '-' | '*' | '/' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** The SQL functions Pulse calls. */
export type SqlFunction =
  | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'median' | 'arg_max' | 'arg_min'
  | 'coalesce' | 'least' | 'greatest' | 'round' | 'abs' | 'nullif' | 'date_diff' | 'unnest';

export type SqlExpr =
  | { readonly kind: 'column'; readonly name: string; readonly table?: string }
  | { readonly kind: 'star'; readonly table?: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'binary'; readonly operator: SqlBinaryOperator; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly kind: 'not'; readonly operand: SqlExpr }
  | { readonly kind: 'negate'; readonly operand: SqlExpr }
  | { readonly kind: 'is-null'; readonly operand: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly operand: SqlExpr; readonly items: readonly SqlExpr[]; readonly negated: boolean }
  | { readonly kind: 'between'; readonly operand: SqlExpr; readonly low: SqlExpr; readonly high: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'call'; readonly function: SqlFunction; readonly args: readonly SqlExpr[]; readonly distinct?: boolean; readonly filter?: SqlExpr }
  | { readonly kind: 'count-star'; readonly filter?: SqlExpr }
  | { readonly kind: 'case'; readonly whens: readonly { readonly when: SqlExpr; readonly then: SqlExpr }[]; readonly otherwise: SqlExpr }
  | { readonly kind: 'cast'; readonly operand: SqlExpr; readonly type: 'DATE' | 'DOUBLE' | 'INTEGER' }
  /** `<date> - INTERVAL (n) <unit>`: calendar arithmetic (months clamp to the month's end). */
  | { readonly kind: 'date-minus'; readonly date: SqlExpr; readonly amount: number; readonly unit: 'DAY' | 'MONTH' | 'YEAR' }
  /** `[a, b, …]`: a list. */
  | { readonly kind: 'list'; readonly items: readonly SqlExpr[] }
  /** `{'k': v, …}`: a struct, ordered field by field (used to break ties in arg_max). */
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly value: SqlExpr }[] };

export interface SelectItem {
  readonly expression: SqlExpr;
  readonly alias?: string;
}

export interface Join {
  /** LEFT JOIN … ON (the default), JOIN … ON, or CROSS JOIN (no condition). */
  readonly type?: 'left' | 'inner' | 'cross';
  readonly table: string;
  readonly alias: string;
  readonly on?: SqlExpr;
}

export interface Select {
  readonly items: readonly SelectItem[];
  /** Absent for a SELECT of values only. */
  readonly from?: { readonly table: string; readonly alias?: string };
  readonly joins?: readonly Join[];
  readonly where?: SqlExpr;
  readonly groupBy?: readonly SqlExpr[];
  readonly orderBy?: readonly SqlExpr[];
}

/** `WITH name AS (…), … SELECT …` */
export interface Query {
  readonly ctes: readonly { readonly name: string; readonly select: Select }[];
  readonly select: Select;
}
