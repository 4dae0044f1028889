import type * as ast from '../syntax/ast.ts';

/** Every name written in a model — declared, referred to, or called — in no particular order. */
export function astNames(model: ast.Model): ast.Name[] {
  const names: ast.Name[] = [];
  const expression = (node: ast.Expression): void => {
    switch (node.kind) {
      case 'number': case 'string': case 'date': case 'boolean': case 'null': case 'asof-value': case 'error':
        return;
      case 'reference':
        if (node.qualifier) names.push(node.qualifier);
        names.push(node.name);
        return;
      case 'unary': case 'is-null': return expression(node.operand);
      case 'binary':
        expression(node.left);
        return expression(node.right);
      case 'in': return [node.operand, ...node.items].forEach(expression);
      case 'between': return [node.operand, node.low, node.high].forEach(expression);
      case 'call':
        names.push(node.callee);
        return node.args.forEach(expression);
      case 'band': return expression(node.subject);
      case 'aggregate':
        names.push(node.source);
        if (node.column) names.push(node.column);
        if (node.where) expression(node.where);
        return;
      default: {
        const unhandled: never = node;
        return unhandled;
      }
    }
  };
  for (const statement of model.statements) {
    switch (statement.kind) {
      case 'entity':
        names.push(statement.name, statement.table, ...(statement.key ? [statement.key] : []));
        break;
      case 'source':
        names.push(statement.name, ...[statement.table, statement.key, statement.time].filter((name): name is ast.Name => name !== null));
        break;
      case 'asof':
        break;
      case 'measure': case 'segment':
        names.push(statement.name);
        expression(statement.expression);
        break;
      case 'score':
        names.push(statement.name);
        for (const component of statement.components) {
          names.push(component.name);
          expression(component.expression);
        }
        names.push(...(statement.grades?.arms ?? []).map((arm) => arm.name));
        break;
    }
  }
  return names;
}
