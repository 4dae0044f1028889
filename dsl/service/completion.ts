import type { TokenType } from 'chevrotain';
import { functionSignatures } from '../check/functions.ts';
import { analyze } from '../index.ts';
import type { ColumnSchema, Schema } from '../model/schema.ts';
import type { Position, Range } from '../syntax/ast.ts';
import * as t from '../syntax/tokens.ts';
import { completionContext, type CompletionContext } from './completion-context.ts';
import {
  describeComponent, describeColumn, describeFunction, describeGrade, describeItem, describeSource, describeSourceColumn, describeTable,
} from './describe.ts';
import { writeName } from './identifiers.ts';
import { keywordDoc, keywordLabel } from './keywords.ts';
import { knownNames, lookup, type KnownNames, type KnownSource } from './names.ts';
import { comparePositions, lineStarts, offsetAt, positionAt, textOf } from './positions.ts';

export interface CompletionItem {
  readonly label: string;
  readonly kind: 'keyword' | 'measure' | 'score' | 'segment' | 'column' | 'source' | 'table' | 'function' | 'component' | 'unit' | 'snippet';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** What to insert when it differs from the label; for `snippet` items, in snippet syntax (`${1:name}`). */
  readonly insertText?: string;
  /** Orders items where the label order is not the best (`time` offers date columns first). */
  readonly sortText?: string;
}

export interface CompletionList {
  readonly items: CompletionItem[];
  /** The word the chosen item replaces. */
  readonly range: Range;
}

const STATEMENT_KEYWORDS = [t.Entity, t.Source, t.Asof, t.Measure, t.Score, t.Segment];
const AGGREGATE_KEYWORDS = [t.Count, t.Sum, t.Avg, t.Min, t.Max, t.Median, t.Latest, t.First];
const VALUE_KEYWORDS = [t.Asof, t.Band, t.Not, t.True, t.False, t.Null];
const WHERE_KEYWORDS = [t.Not, t.Asof, t.True, t.False, t.Null];
const UNIT_TYPES = new Set<TokenType>([t.DayUnit, t.WeekUnit, t.MonthUnit, t.YearUnit]);

const SNIPPETS: readonly CompletionItem[] = [
  {
    label: 'source declaration', kind: 'snippet', detail: 'source name = table time column',
    insertText: 'source ${1:name} = ${2:table} time ${3:column}',
  },
  {
    label: 'count measure', kind: 'snippet', detail: 'measure counting source rows in a window',
    insertText: 'measure ${1:name} = count(${2:source} where ${3:condition} during last ${4:30} days)',
  },
  {
    label: 'score block', kind: 'snippet', detail: 'score with components, missing policy and grades',
    insertText: 'score ${1:name} "${2:Label}" {\n  ${3:component} weight ${4:100} = ${5:expression}\n  missing reweight\n  grades { green >= 70, yellow >= 40, red }\n}',
  },
];

/**
 * What can be written at a position of a rules text that is being typed: statement keywords at
 * the start of a statement, names and functions in an expression, a source's columns after
 * `source.` and inside its aggregate's `where`, tables and columns in declarations, and the
 * keywords that fit (units after `last 30`, `reweight` after `missing`, …). Works on text that
 * does not parse; never throws.
 */
export function completions(text: string, position: Position, schema: Schema): CompletionList {
  const offset = offsetAt(text, position);
  const starts = lineStarts(text);
  const lineStart = starts.filter((start) => start <= offset).pop() ?? 0;
  const before = text.slice(lineStart, offset);
  const wordStart = offset - (/[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0].length ?? 0);
  const wordEnd = offset + (/^[A-Za-z0-9_]*/.exec(text.slice(offset))?.[0].length ?? 0);
  const range = { start: positionAt(text, wordStart), end: positionAt(text, wordEnd) };
  if (insideLiteralOrComment(before)) return { items: [], range };

  const tokens = t.pulseLexer.tokenize(text.slice(0, wordStart)).tokens;
  const atLineStart = text.slice(lineStart, wordStart).trim() === '';
  const context = completionContext(tokens, { atLineStart, column: range.start.column });
  if (context.kind === 'none') return { items: [], range };
  const analysis = analyze(text, schema);
  const names = knownNames(analysis, schema);
  const declared = analysis.parsed.model.statements.filter((statement) => comparePositions(statement.range.start, range.start) !== 0);
  const items = itemsFor(context, names, text, {
    entity: declared.some((statement) => statement.kind === 'entity'),
    asof: declared.some((statement) => statement.kind === 'asof'),
  });
  return { items, range };
}

/** True when the end of a line's text is inside a string, a label, a backticked name or a comment. */
function insideLiteralOrComment(line: string): boolean {
  let quote: string | null = null;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '#') {
      return true;
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
    }
  }
  return quote !== null;
}

function itemsFor(context: CompletionContext, names: KnownNames, text: string, declared: { entity: boolean; asof: boolean }): CompletionItem[] {
  switch (context.kind) {
    case 'none': return [];
    case 'statement-start': {
      const words = STATEMENT_KEYWORDS.filter((type) => !(type === t.Entity && declared.entity) && !(type === t.Asof && declared.asof));
      return [...words.map(keywordItem), ...SNIPPETS];
    }
    case 'keywords': return context.keywords.map(keywordItem);
    case 'tables':
      return [...names.tables.values()].map((table) => ({
        label: table.name, kind: 'table', detail: `${table.columns.length} columns`, documentation: describeTable(table), ...insert(table.name, 'member'),
      }));
    case 'table-columns': return tableColumns(names, context.table, context.forTime);
    case 'sources': return [...sourceItems(names), ...(context.distinct ? [keywordItem(t.Distinct)] : [])];
    case 'member': return memberItems(names, context.qualifier, context.whereSource, text);
    case 'operand': {
      if (context.whereSource !== null) {
        const source = lookup(names.sources, context.whereSource);
        return [...(source ? source.columns.map((column) => sourceColumnItem(source, column, 'bare')) : []), ...functionItems(), ...WHERE_KEYWORDS.map(keywordItem)];
      }
      return [...namedItems(names, context.self, text), ...entityColumnItems(names), ...functionItems(),
        ...[...AGGREGATE_KEYWORDS, ...VALUE_KEYWORDS].map(keywordItem)];
    }
  }
}

function insert(name: string, place: 'bare' | 'member'): { insertText?: string } {
  const written = writeName(name, place);
  return written === name ? {} : { insertText: written };
}

function keywordItem(type: TokenType): CompletionItem {
  const doc = keywordDoc(type);
  return { label: keywordLabel(type), kind: UNIT_TYPES.has(type) ? 'unit' : 'keyword', ...(doc ? { documentation: doc } : {}) };
}

function functionItems(): CompletionItem[] {
  return functionSignatures.map((signature) => ({
    label: signature.name, kind: 'function', detail: signature.usage, documentation: describeFunction(signature),
  }));
}

function sourceItems(names: KnownNames): CompletionItem[] {
  return [...names.sources.values()].map((source) => ({
    label: source.name, kind: 'source', detail: `table ${source.table}`, documentation: describeSource(source), ...insert(source.name, 'bare'),
  }));
}

function sourceColumnItem(source: KnownSource, column: ColumnSchema, place: 'bare' | 'member'): CompletionItem {
  return { label: column.name, kind: 'column', detail: column.type, documentation: describeSourceColumn(source, column), ...insert(column.name, place) };
}

function entityColumnItems(names: KnownNames, place: 'bare' | 'member' = 'bare'): CompletionItem[] {
  return names.entity.columns.map((column) => ({
    label: column.name, kind: 'column', detail: column.type, documentation: describeColumn(column, names.entity.table), ...insert(column.name, place),
  }));
}

/** Measures, scores and segments, but not the one being defined (it cannot use itself). */
function namedItems(names: KnownNames, self: string | null, text: string): CompletionItem[] {
  return [...names.items.values()]
    .filter((symbol) => self === null || symbol.name.toLowerCase() !== self.toLowerCase())
    .map((symbol) => ({
      label: symbol.name, kind: symbol.kind, detail: symbol.type, documentation: describeItem(symbol, textOf(text, symbol.statementRange)),
      ...insert(symbol.name, 'bare'),
    }));
}

/** Columns of a table named in a declaration; for `time`, the date and timestamp columns first. */
function tableColumns(names: KnownNames, tableName: string | null, forTime: boolean): CompletionItem[] {
  const table = lookup(names.tables, tableName ?? names.entity.table);
  if (!table) return [];
  const isTime = (column: ColumnSchema) => column.type === 'date' || column.type === 'timestamp';
  const columns = forTime ? [...table.columns.filter(isTime), ...table.columns.filter((column) => !isTime(column))] : table.columns;
  return columns.map((column, index) => ({
    label: column.name, kind: 'column', detail: column.type, documentation: describeColumn(column, table.name),
    ...insert(column.name, 'member'),
    ...(forTime ? { sortText: `${isTime(column) ? 0 : 1}${String(index).padStart(4, '0')}` } : {}),
  }));
}

/** After `name.`: a score's grade and components, the entity's columns or a source's columns. */
function memberItems(names: KnownNames, qualifier: string, whereSource: string | null, text: string): CompletionItem[] {
  if (whereSource !== null) {
    const source = qualifier.toLowerCase() === whereSource.toLowerCase() ? lookup(names.sources, qualifier) : undefined;
    return source ? source.columns.map((column) => sourceColumnItem(source, column, 'member')) : [];
  }
  const score = lookup(names.scores, qualifier);
  if (score) {
    const grade: CompletionItem = { label: 'grade', kind: 'score', detail: 'text', documentation: describeGrade(score.name.text, score.grades) };
    return [grade, ...score.components.map((component): CompletionItem => ({
      label: component.name.text, kind: 'component', detail: `weight ${component.weight.value}`,
      documentation: describeComponent(score.name.text, component, textOf(text, component.range)), ...insert(component.name.text, 'member'),
    }))];
  }
  if (qualifier.toLowerCase() === names.entity.name.toLowerCase()) return entityColumnItems(names, 'member');
  const source = lookup(names.sources, qualifier);
  return source ? source.columns.map((column) => sourceColumnItem(source, column, 'member')) : [];
}
