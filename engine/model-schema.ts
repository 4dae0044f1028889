import type { Schema, ValueType } from '../dsl/index.ts';
import { listTables, type TableSummary } from './introspect.ts';
import type { ValueKind } from './json-values.ts';
import type { Session } from './session.ts';

const typeOfKind: Record<ValueKind, ValueType> = {
  integer: 'number', number: 'number', text: 'text', boolean: 'boolean', date: 'date', timestamp: 'timestamp', other: 'unknown',
};

/**
 * The schema the rules language checks against: every table of the session with typed
 * columns — but `scores`, which is the model's own result, not something to model. The
 * listing is read from the session once per change of its tables (`listTables`).
 */
export async function modelSchema(session: Session): Promise<Schema> {
  return schemaOfTables((await listTables(session, { rows: false })).filter((table) => table.name !== 'scores'));
}

/** The same from tables already listed. */
export function schemaOfTables(tables: readonly TableSummary[]): Schema {
  return { tables: tables.map((table) => ({ name: table.name, columns: table.columns.map((column) => ({ name: column.name, type: typeOfKind[column.kind] })) })) };
}
