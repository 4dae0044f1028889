import type { TExpr, TExprKind } from './ir.ts';

type Node<K extends TExprKind> = Extract<TExpr, { kind: K }>;

/** The direct sub-expressions of each kind of node; a new kind fails to compile until listed. */
const children: { readonly [K in TExprKind]: (node: Node<K>) => readonly TExpr[] } = {
  'literal': () => [],
  'asof': () => [],
  'entity-column': () => [],
  'source-column': () => [],
  'measure': () => [],
  'score': () => [],
  'segment': () => [],
  'unary': (node) => [node.operand],
  'binary': (node) => [node.left, node.right],
  'is-null': (node) => [node.operand],
  'in': (node) => [node.operand, ...node.items],
  'between': (node) => [node.operand, node.low, node.high],
  'call': (node) => node.args,
  'band': (node) => [node.subject],
  'aggregate': (node) => (node.where ? [node.where] : []),
};

/** The direct sub-expressions of a node. */
export function childrenOf(expression: TExpr): readonly TExpr[] {
  return (children[expression.kind] as (node: TExpr) => readonly TExpr[])(expression);
}

/** Calls `visitor` on every node of an expression, parents before children. */
export function visit(expression: TExpr, visitor: (node: TExpr) => void): void {
  visitor(expression);
  for (const child of childrenOf(expression)) visit(child, visitor);
}
