import { analyze } from '../index.ts';
import type { Schema } from '../model/schema.ts';
import type { Position, Range } from '../syntax/ast.ts';
import { keywords } from '../syntax/tokens.ts';
import {
  describeComponent, describeEntity, describeColumn, describeFunction, describeGrade, describeGradeArm, describeItem,
  describeSource, describeSourceColumn, describeTable,
} from './describe.ts';
import { keywordDoc } from './keywords.ts';
import { knownNames } from './names.ts';
import { occurrences, type Occurrence } from './occurrences.ts';
import { rangeContains, textOf, tokenRange } from './positions.ts';

export interface Hover {
  readonly range: Range;
  /** Markdown. */
  readonly contents: string;
}

const keywordTypes = new Set(keywords);

/**
 * What the name or keyword at a position is: a measure, score or segment with its type and
 * definition, a score's grade or component, a column with its table and type, a source with its
 * table, key and time column, a function with its usage, or one line about a keyword. Null
 * where there is nothing to say (whitespace, literals, unknown names).
 */
export function hover(text: string, position: Position, schema: Schema): Hover | null {
  const analysis = analyze(text, schema);
  const names = knownNames(analysis, schema);
  const found = occurrences(analysis.parsed.model, names).find((occurrence) => rangeContains(occurrence.range, position));
  if (found) return { range: found.range, contents: describeOccurrence(found, text) };

  const token = analysis.parsed.tokens.find((candidate) => rangeContains(tokenRange(candidate), position));
  const doc = token && keywordTypes.has(token.tokenType) ? keywordDoc(token.tokenType) : undefined;
  return token && doc ? { range: tokenRange(token), contents: doc } : null;
}

function describeOccurrence(occurrence: Occurrence, text: string): string {
  switch (occurrence.kind) {
    case 'item': return describeItem(occurrence.symbol, textOf(text, occurrence.symbol.statementRange));
    case 'component': return describeComponent(occurrence.score, occurrence.component, textOf(text, occurrence.component.range));
    case 'grade': return describeGrade(occurrence.score, occurrence.grades);
    case 'grade-arm': return describeGradeArm(occurrence.score, occurrence.arm);
    case 'entity': return describeEntity(occurrence.entity);
    case 'entity-column': return describeColumn(occurrence.column, occurrence.entity.table);
    case 'source': return describeSource(occurrence.source);
    case 'source-column': return describeSourceColumn(occurrence.source, occurrence.column);
    case 'table': return describeTable(occurrence.table);
    case 'function': return describeFunction(occurrence.signature);
  }
}
