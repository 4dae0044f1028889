import type { SymbolInfo } from '../check/check.ts';
import { functionSignature, type FunctionSignature } from '../check/functions.ts';
import type { ColumnSchema, TableSchema } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import { lookup, type KnownEntity, type KnownNames, type KnownSource } from './names.ts';

/** A name written in the text, and what it stands for. */
export type Occurrence =
  | { readonly kind: 'item'; readonly range: ast.Range; readonly symbol: SymbolInfo }
  | { readonly kind: 'component'; readonly range: ast.Range; readonly score: string; readonly component: ast.ScoreComponent }
  | { readonly kind: 'grade'; readonly range: ast.Range; readonly score: string; readonly grades: ast.GradesClause | null }
  | { readonly kind: 'grade-arm'; readonly range: ast.Range; readonly score: string; readonly arm: ast.GradeArm }
  | { readonly kind: 'entity'; readonly range: ast.Range; readonly entity: KnownEntity }
  | { readonly kind: 'entity-column'; readonly range: ast.Range; readonly entity: KnownEntity; readonly column: ColumnSchema }
  | { readonly kind: 'source'; readonly range: ast.Range; readonly source: KnownSource }
  | { readonly kind: 'source-column'; readonly range: ast.Range; readonly source: KnownSource; readonly column: ColumnSchema }
  | { readonly kind: 'table'; readonly range: ast.Range; readonly table: TableSchema }
  | { readonly kind: 'function'; readonly range: ast.Range; readonly signature: FunctionSignature };

/**
 * Every name in a model that resolves to something, with what it resolves to. Names are
 * resolved the way the checker does (DESIGN.md §3): inside an aggregate's `where` the source's
 * columns come first; elsewhere measures, scores and segments, then entity columns.
 */
export function occurrences(model: ast.Model, names: KnownNames): Occurrence[] {
  const found: Occurrence[] = [];
  const add = (occurrence: Occurrence | null) => {
    if (occurrence) found.push(occurrence);
  };
  const column = (columns: readonly ColumnSchema[], name: string) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase());

  const item = (name: ast.Name): Occurrence | null => {
    const symbol = lookup(names.items, name.text);
    return symbol ? { kind: 'item', range: name.range, symbol } : null;
  };
  const source = (name: ast.Name): KnownSource | undefined => lookup(names.sources, name.text);
  const sourceColumn = (known: KnownSource | undefined, name: ast.Name): Occurrence | null => {
    const found = known && column(known.columns, name.text);
    return known && found ? { kind: 'source-column', range: name.range, source: known, column: found } : null;
  };
  const entityColumn = (name: ast.Name): Occurrence | null => {
    const found = column(names.entity.columns, name.text);
    return found ? { kind: 'entity-column', range: name.range, entity: names.entity, column: found } : null;
  };
  const table = (name: ast.Name): Occurrence | null => {
    const found = lookup(names.tables, name.text);
    return found ? { kind: 'table', range: name.range, table: found } : null;
  };

  const scorePart = (score: ast.ScoreStatement, name: ast.Name): Occurrence | null => {
    if (name.text.toLowerCase() === 'grade') return { kind: 'grade', range: name.range, score: score.name.text, grades: score.grades };
    const component = score.components.find((candidate) => candidate.name.text.toLowerCase() === name.text.toLowerCase());
    return component ? { kind: 'component', range: name.range, score: score.name.text, component } : null;
  };

  const reference = (expression: ast.Reference, where: KnownSource | null) => {
    const { qualifier, name } = expression;
    if (!qualifier) {
      if (where) add(sourceColumn(where, name) ?? item(name));
      else add(item(name) ?? entityColumn(name) ?? (source(name) ? { kind: 'source', range: name.range, source: source(name)! } : null));
      return;
    }
    const score = lookup(names.scores, qualifier.text);
    const known = source(qualifier);
    if (score && !where) {
      add(item(qualifier));
      add(scorePart(score, name));
    } else if (qualifier.text.toLowerCase() === names.entity.name.toLowerCase() && !where) {
      add({ kind: 'entity', range: qualifier.range, entity: names.entity });
      add(entityColumn(name));
    } else if (known) {
      add({ kind: 'source', range: qualifier.range, source: known });
      add(sourceColumn(known, name));
    }
  };

  const expression = (node: ast.Expression, where: KnownSource | null): void => {
    switch (node.kind) {
      case 'number': case 'string': case 'date': case 'boolean': case 'null': case 'asof-value': case 'error':
        return;
      case 'reference': return reference(node, where);
      case 'unary': return expression(node.operand, where);
      case 'binary':
        expression(node.left, where);
        return expression(node.right, where);
      case 'is-null': return expression(node.operand, where);
      case 'in':
        expression(node.operand, where);
        return node.items.forEach((entry) => expression(entry, where));
      case 'between':
        [node.operand, node.low, node.high].forEach((entry) => expression(entry, where));
        return;
      case 'call': {
        const signature = functionSignature(node.callee.text);
        if (signature) add({ kind: 'function', range: node.callee.range, signature });
        return node.args.forEach((arg) => expression(arg, where));
      }
      case 'band': return expression(node.subject, where);
      case 'aggregate': {
        const known = source(node.source);
        if (known) add({ kind: 'source', range: node.source.range, source: known });
        if (node.column) add(sourceColumn(known, node.column));
        if (node.where) expression(node.where, known ?? null);
        return;
      }
      default: {
        const unhandled: never = node;
        return unhandled;
      }
    }
  };

  for (const statement of model.statements) {
    switch (statement.kind) {
      case 'entity':
        add({ kind: 'entity', range: statement.name.range, entity: names.entity });
        add(table(statement.table));
        if (statement.key) add(entityColumn(statement.key));
        break;
      case 'source': {
        const known = source(statement.name);
        if (known) add({ kind: 'source', range: statement.name.range, source: known });
        if (statement.table) add(table(statement.table));
        if (statement.key) add(sourceColumn(known, statement.key));
        if (statement.time) add(sourceColumn(known, statement.time));
        break;
      }
      case 'asof':
        break;
      case 'measure': case 'segment':
        add(item(statement.name));
        expression(statement.expression, null);
        break;
      case 'score':
        add(item(statement.name));
        for (const component of statement.components) {
          add({ kind: 'component', range: component.name.range, score: statement.name.text, component });
          expression(component.expression, null);
        }
        for (const arm of statement.grades?.arms ?? []) add({ kind: 'grade-arm', range: arm.name.range, score: statement.name.text, arm });
        break;
    }
  }
  return found;
}
