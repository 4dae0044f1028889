import { rename, rm, writeFile } from 'node:fs/promises';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import type { Session } from './session.ts';

/**
 * Writing results to files so that a failure never leaves a half-written file where an earlier
 * result was: each file is written under a temporary name and renamed into place.
 */

/** Writes text to `path`. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/**
 * Copies a relation — a table name, or a parenthesised query — to `path` with DuckDB's COPY
 * (`format` is its options, e.g. `(FORMAT parquet)`). The folder must be one the session may write to.
 */
export async function copyToFileAtomic(session: Session, relation: { table: string } | { query: string }, path: string, format: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const source = 'table' in relation ? sql.identifier(relation.table) : `(${relation.query})`;
  try {
    await session.execute(`COPY ${source} TO ${sql.string(temporary)} ${format}`);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
