import { duckdbDialect as dialect } from './duckdb-dialect.ts';
import type { Query, Select, SqlExpr, SqlFunction } from './sql-ast.ts';

/** Prints a query as DuckDB SQL, one CTE and one select item per line. */
export function printQuery(query: Query): string {
  const ctes = query.ctes.map((cte) => `${dialect.identifier(cte.name)} AS (\n${indent(printSelect(cte.select), 2)}\n)`);
  return `${ctes.length > 0 ? `WITH\n${ctes.join(',\n')}\n` : ''}${printSelect(query.select)}`;
}

/** Prints one SELECT statement. */
export function printSelect(select: Select): string {
  const items = select.items.map((item) => `${printExpression(item.expression)}${item.alias !== undefined ? ` AS ${dialect.identifier(item.alias)}` : ''}`);
  const lines = [`SELECT\n${indent(items.join(',\n'), 2)}`];
  if (select.from) lines.push(`FROM ${dialect.identifier(select.from.table)}${select.from.alias ? ` AS ${dialect.identifier(select.from.alias)}` : ''}`);
  for (const join of select.joins ?? []) {
    const target = `${dialect.identifier(join.table)} AS ${dialect.identifier(join.alias)}`;
    if (join.type === 'cross' || !join.on) lines.push(`CROSS JOIN ${target}`);
    else lines.push(`${join.type === 'inner' ? 'JOIN' : 'LEFT JOIN'} ${target} ON ${printExpression(join.on)}`);
  }
  if (select.where) lines.push(`WHERE ${printExpression(select.where)}`);
  if (select.groupBy?.length) lines.push(`GROUP BY ${select.groupBy.map(printExpression).join(', ')}`);
  if (select.orderBy?.length) lines.push(`ORDER BY ${select.orderBy.map(printExpression).join(', ')}`);
  return lines.join('\n');
}

/** Prints an expression, fully parenthesised where precedence could matter. */
export function printExpression(expression: SqlExpr): string {
  switch (expression.kind) {
    case 'column': return `${expression.table ? `${dialect.identifier(expression.table)}.` : ''}${dialect.identifier(expression.name)}`;
    case 'star': return expression.table ? `${dialect.identifier(expression.table)}.*` : '*';
    case 'number': return expression.value < 0 ? `(${dialect.number(expression.value)})` : dialect.number(expression.value);
    case 'string': return dialect.string(expression.value);
    case 'boolean': return expression.value ? 'TRUE' : 'FALSE';
    case 'null': return 'NULL';
    case 'date': return dialect.date(expression.value);
    case 'binary': return `(${printExpression(expression.left)} ${expression.operator} ${printExpression(expression.right)})`;
    case 'not': return `(NOT ${printExpression(expression.operand)})`;
    case 'negate': return `(- ${printExpression(expression.operand)})`;
    case 'is-null': return `(${printExpression(expression.operand)} IS ${expression.negated ? 'NOT ' : ''}NULL)`;
    case 'in': return `(${printExpression(expression.operand)} ${expression.negated ? 'NOT ' : ''}IN (${expression.items.map(printExpression).join(', ')}))`;
    case 'between':
      return `(${printExpression(expression.operand)} ${expression.negated ? 'NOT ' : ''}BETWEEN ${printExpression(expression.low)} AND ${printExpression(expression.high)})`;
    case 'call': {
      const name: SqlFunction = expression.function;
      const args = `${expression.distinct ? 'DISTINCT ' : ''}${expression.args.map(printExpression).join(', ')}`;
      return `${name}(${args})${expression.filter ? ` FILTER (WHERE ${printExpression(expression.filter)})` : ''}`;
    }
    case 'count-star': return `count(*)${expression.filter ? ` FILTER (WHERE ${printExpression(expression.filter)})` : ''}`;
    case 'case': {
      const whens = expression.whens.map((arm) => `WHEN ${printExpression(arm.when)} THEN ${printExpression(arm.then)}`).join(' ');
      return `(CASE ${whens} ELSE ${printExpression(expression.otherwise)} END)`;
    }
    case 'cast': return `CAST(${printExpression(expression.operand)} AS ${expression.type})`;
    case 'date-minus':
      return `CAST(${printExpression(expression.date)} - INTERVAL (${dialect.number(expression.amount)}) ${expression.unit} AS DATE)`;
    case 'list': return `[${expression.items.map(printExpression).join(', ')}]`;
    case 'struct': return `{${expression.fields.map((field) => `${dialect.string(field.name)}: ${printExpression(field.value)}`).join(', ')}}`;
  }
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => pad + line).join('\n');
}
