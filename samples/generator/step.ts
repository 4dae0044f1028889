import type { GenerationContext } from './params.ts';

/** One stage of sample generation: SQL that builds working tables inside DuckDB. */
export interface GenerationStep {
  /** Shown in the progress bar. */
  readonly label: string;
  /** The statements of the stage, for the given parameters. */
  readonly sql: (ctx: GenerationContext) => string;
}

/** A canonical table of DESIGN.md §2 and the query that writes it, in a fixed row order. */
export interface SampleTable {
  readonly name: string;
  /** A SELECT producing exactly the contract's columns, ordered by a total order. */
  readonly query: (ctx: GenerationContext) => string;
}
