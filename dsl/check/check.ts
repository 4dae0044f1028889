import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { at, messages } from '../messages.ts';
import type { ItemRef, MeasureIR, ModelIR, OutputColumn, ScoreIR, ScorePart, SegmentIR, SourceIR, TExpr } from '../model/ir.ts';
import { describeType, type Schema, type ValueType } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import { declare, type DeclaredItem, type Environment } from './environment.ts';
import { checkExpression, type ExpressionScope } from './expressions.ts';
import { accepts } from './functions.ts';
import { dependencyOrder } from './order.ts';
import { checkScore } from './scores.ts';

/** A declared name as the language service shows it: what it is, its type, where it is defined. */
export interface SymbolInfo {
  readonly kind: 'measure' | 'score' | 'segment';
  readonly name: string;
  readonly label: string | null;
  readonly type: ValueType;
  readonly nameRange: ast.Range;
  readonly statementRange: ast.Range;
  /** A score's component names. */
  readonly components: readonly string[];
}

export interface CheckResult {
  /** The typed model; null when there are errors. */
  readonly model: ModelIR | null;
  readonly diagnostics: readonly Diagnostic[];
  /** What is declared, for completion and hover, even when there are errors. */
  readonly environment: Environment;
  readonly symbols: readonly SymbolInfo[];
}

/**
 * Checks a parsed model against a schema: resolves every name, types every expression,
 * validates scores, finds cycles, and builds the typed model. Reports every problem; never
 * throws.
 */
export function check(model: ast.Model, schema: Schema): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const report = (diagnostic: Diagnostic) => diagnostics.push(diagnostic);
  const env = declare(model, schema, report);
  const items = [...env.items.values()];
  const dependsOn = new Map<string, Set<string>>(items.map((item) => [key(item), new Set<string>()]));
  const typed = new Map<string, TExpr[]>();
  const inProgress = new Set<string>();

  const typeOf = (item: DeclaredItem, part: ScorePart | null): ValueType => {
    if (item.kind === 'segment') return 'boolean';
    if (item.kind === 'score') return part?.kind === 'grade' ? 'text' : 'number';
    if (inProgress.has(key(item))) return 'unknown';
    return checkItem(item)[0]?.type ?? 'unknown';
  };

  const checkItem = (item: DeclaredItem): TExpr[] => {
    const done = typed.get(key(item));
    if (done) return done;
    inProgress.add(key(item));
    const scope: ExpressionScope = {
      env,
      report,
      useItem: (target, part) => {
        dependsOn.get(key(item))!.add(key(target));
        return typeOf(target, part);
      },
    };
    const statement = item.statement;
    const expressions = statement.kind === 'score'
      ? statement.components.map((component) => checkExpression(component.expression, scope))
      : [checkExpression(statement.expression, scope)];
    inProgress.delete(key(item));
    typed.set(key(item), expressions);
    return expressions;
  };

  const measures: MeasureIR[] = [];
  const scores: ScoreIR[] = [];
  const segments: SegmentIR[] = [];
  for (const item of items) {
    const expressions = checkItem(item);
    const statement = item.statement;
    if (statement.kind === 'measure') {
      measures.push({ name: item.name, label: statement.label, expression: expressions[0]!, range: statement.range });
    } else if (statement.kind === 'segment') {
      const expression = expressions[0]!;
      if (!accepts('boolean', expression.type)) report(at(messages.segmentNotBoolean(describeType(expression.type)), expression.range));
      segments.push({ name: item.name, label: statement.label, expression, range: statement.range });
    } else {
      scores.push(checkScore(statement, expressions, report));
    }
  }

  const { order, cycles } = dependencyOrder(items.map(key), dependsOn);
  for (const cycle of cycles) {
    const names = cycle.map((name) => env.items.get(name)!.name);
    report(at(messages.cycle(names), env.items.get(cycle[0]!)!.statement.name.range));
  }
  const outputs = outputColumns(env, measures, scores, segments, report);

  const symbols = items.map((item): SymbolInfo => ({
    kind: item.kind,
    name: item.name,
    label: item.statement.label,
    type: typeOf(item, null),
    nameRange: item.statement.name.range,
    statementRange: item.statement.range,
    components: item.statement.kind === 'score' ? item.statement.components.map((component) => component.name.text) : [],
  }));
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted) || !env.entity) return { model: null, diagnostics: sorted, environment: env, symbols };
  const ir: ModelIR = {
    entity: env.entity,
    sources: [...env.sources.values()].map(({ range: _range, ...source }): SourceIR => source),
    asof: env.asof?.value ?? null,
    measures,
    scores,
    segments,
    order: order.map((name): ItemRef => ({ kind: env.items.get(name)!.kind, name: env.items.get(name)!.name })),
    outputs,
  };
  return { model: ir, diagnostics: sorted, environment: env, symbols };
}

function key(item: DeclaredItem): string {
  return item.name.toLowerCase();
}

/**
 * The columns a model adds to the `scores` relation (DESIGN.md §3), checked for clashes with
 * each other and with the entity's columns: measure `m` → `m`; score `s` → `s`, `s_grade`,
 * `s_<component>`, `s_<component>_contrib`; segment → its name.
 */
function outputColumns(env: Environment, measures: readonly MeasureIR[], scores: readonly ScoreIR[], segments: readonly SegmentIR[],
  report: (diagnostic: Diagnostic) => void): OutputColumn[] {
  const taken = new Map<string, string>([...env.entityColumns.values()].map((column) => [column.name.toLowerCase(), `the column ${column.name} of ${env.entity?.table ?? 'the entity'}`]));
  const outputs: OutputColumn[] = [];
  const add = (column: OutputColumn, maker: string, range: ast.Range) => {
    const other = taken.get(column.name.toLowerCase());
    if (other) {
      report(at(messages.outputClash(column.name, other), range));
      return;
    }
    taken.set(column.name.toLowerCase(), maker);
    outputs.push(column);
  };
  const nameRange = (name: string) => env.items.get(name.toLowerCase())!.statement.name.range;
  for (const measure of measures) {
    add({ name: measure.name, type: measure.expression.type, origin: { kind: 'measure', measure: measure.name } }, `measure ${measure.name}`, nameRange(measure.name));
  }
  for (const score of scores) {
    const maker = `score ${score.name}`;
    add({ name: score.name, type: 'number', origin: { kind: 'score', score: score.name } }, maker, nameRange(score.name));
    if (score.grades.length > 0) add({ name: `${score.name}_grade`, type: 'text', origin: { kind: 'grade', score: score.name } }, maker, nameRange(score.name));
    for (const component of score.components) {
      add({ name: `${score.name}_${component.name}`, type: 'number', origin: { kind: 'component', score: score.name, component: component.name } }, maker, nameRange(score.name));
      add({ name: `${score.name}_${component.name}_contrib`, type: 'number', origin: { kind: 'contribution', score: score.name, component: component.name } }, maker, nameRange(score.name));
    }
  }
  for (const segment of segments) {
    add({ name: segment.name, type: 'boolean', origin: { kind: 'segment', segment: segment.name } }, `segment ${segment.name}`, nameRange(segment.name));
  }
  return outputs;
}
