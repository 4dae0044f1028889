import type { SymbolInfo } from '../check/check.ts';
import type { FunctionSignature } from '../check/functions.ts';
import type { ColumnSchema, TableSchema } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import type { KnownEntity, KnownSource } from './names.ts';

/*
 * The markdown that hover shows and completion uses as documentation: one place, so that both
 * say the same thing about a name.
 */

/** Markdown that shows `text` literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
}

/** A fenced block of rules text. */
export function codeBlock(source: string): string {
  return `\`\`\`pulse\n${source}\n\`\`\``;
}

function code(name: string): string {
  return `\`${name}\``;
}

/** A measure, score or segment: kind, name, label, type and its definition. */
export function describeItem(symbol: SymbolInfo, definition: string): string {
  const label = symbol.label === null ? '' : ` "${escapeMarkdown(symbol.label)}"`;
  return `**${symbol.kind}** ${code(symbol.name)}${label}: ${symbol.type}\n\n${codeBlock(definition)}`;
}

/** A component of a score (`health.usage`): a number from 0 to 100 with its weight and definition. */
export function describeComponent(score: string, component: ast.ScoreComponent, definition: string): string {
  return `**component** ${code(component.name.text)} of score ${code(score)}: number (0–100), weight ${component.weight.value}\n\n${codeBlock(definition)}`;
}

/** `health.grade`: the grade of a score and the grades it can take. */
export function describeGrade(score: string, grades: ast.GradesClause | null): string {
  if (!grades) return `**grade** of score ${code(score)}: text — the score has no \`grades\` clause`;
  const arms = grades.arms.map((arm) => (arm.minimum === null ? `otherwise ${arm.name.text}` : `${arm.name.text} ≥ ${arm.minimum.value}`));
  return `**grade** of score ${code(score)}: text — ${arms.join(', ')}`;
}

/** One arm of a `grades` clause. */
export function describeGradeArm(score: string, arm: ast.GradeArm): string {
  const when = arm.minimum === null ? 'when no grade above applies' : `when the score is ≥ ${arm.minimum.value}`;
  return `**grade** ${code(arm.name.text)} of score ${code(score)} — ${when}`;
}

/** A column of a table: the entity's (used by bare name) or one named in a declaration. */
export function describeColumn(column: ColumnSchema, table: string): string {
  return `${code(column.name)} — column of ${table}: ${column.type}`;
}

/** A column of a source's table. */
export function describeSourceColumn(source: KnownSource, column: ColumnSchema): string {
  return `${code(column.name)} — column of source ${code(source.name)} (${source.table}): ${column.type}`;
}

/** A source: its table, key and time column. */
export function describeSource(source: KnownSource): string {
  const time = source.time === null ? 'no time column' : `time ${code(source.time)}`;
  const key = source.key === null ? 'no key' : `key ${code(source.key)}`;
  return `**source** ${code(source.name)} — table ${code(source.table)}, ${key}, ${time}`;
}

/** The entity: its table and key. */
export function describeEntity(entity: KnownEntity): string {
  return `**entity** ${code(entity.name)} — table ${code(entity.table)}, key ${code(entity.key)}`;
}

/** A table of the schema with its columns. */
export function describeTable(table: TableSchema): string {
  const columns = table.columns.map((column) => `${column.name} ${column.type}`).join(', ');
  return `**table** ${code(table.name)} — ${columns}`;
}

/** A function: how it is called and what it returns. */
export function describeFunction(signature: FunctionSignature): string {
  return `**function** ${code(signature.usage)}\n\n${signature.description}`;
}
