/**
 * What the rules language needs to know about the data: tables and typed columns, as plain
 * data the caller passes in (the engine builds it from DuckDB; tests write it by hand).
 */

/** The types the language reasons about. `null` is the type of the literal `null`. */
export type ValueType = 'number' | 'text' | 'boolean' | 'date' | 'timestamp' | 'null' | 'unknown';

export interface ColumnSchema {
  readonly name: string;
  readonly type: ValueType;
}

export interface TableSchema {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
}

export interface Schema {
  readonly tables: readonly TableSchema[];
}

/** How a type is named in messages: "a number", "text", "a date". */
export function describeType(type: ValueType): string {
  return {
    number: 'a number', text: 'text', boolean: 'true/false', date: 'a date', timestamp: 'a timestamp',
    null: 'null', unknown: 'a value of unknown type',
  }[type];
}
