import type { Diagnostic } from '../diagnostics.ts';
import { at, messages } from '../messages.ts';
import type { ComponentIR, ScoreIR, TExpr } from '../model/ir.ts';
import { describeType } from '../model/schema.ts';
import type * as ast from '../syntax/ast.ts';
import { accepts } from './functions.ts';

/**
 * Checks what is particular to a score — weights, component names, grades — and builds its
 * IR from the already typed component expressions.
 */
export function checkScore(statement: ast.ScoreStatement, expressions: readonly TExpr[], report: (diagnostic: Diagnostic) => void): ScoreIR {
  if (statement.components.length === 0) report(at(messages.emptyScore(), statement.name.range));
  const seen = new Set<string>();
  const components: ComponentIR[] = [];
  statement.components.forEach((component, index) => {
    const expression = expressions[index]!;
    const key = component.name.text.toLowerCase();
    if (seen.has(key)) {
      report(at(messages.duplicateComponent(component.name.text), component.name.range));
      return;
    }
    seen.add(key);
    if (component.weight.value < 0) report(at(messages.negativeWeight(), component.weight.range));
    if (!Number.isFinite(component.weight.value) && !Number.isNaN(component.weight.value)) {
      report(at(messages.numberOutOfRange(String(component.weight.value)), component.weight.range));
    }
    if (!accepts('number', expression.type)) report(at(messages.componentNotNumber(describeType(expression.type)), expression.range));
    components.push({ name: component.name.text, weight: component.weight.value, expression });
  });
  const finiteWeights = components.map((component) => component.weight).filter(Number.isFinite);
  if (components.length > 0 && finiteWeights.length === components.length && finiteWeights.every((weight) => weight === 0)) {
    report(at(messages.allWeightsZero(), statement.name.range));
  }
  return {
    name: statement.name.text,
    label: statement.label,
    components,
    missing: statement.missing?.policy ?? 'reweight',
    grades: statement.grades ? checkGrades(statement.grades, report) : [],
    range: statement.range,
  };
}

function checkGrades(clause: ast.GradesClause, report: (diagnostic: Diagnostic) => void): ScoreIR['grades'] {
  const seen = new Set<string>();
  let previous: { name: string; minimum: number } | null = null;
  clause.arms.forEach((arm, index) => {
    const key = arm.name.text.toLowerCase();
    if (seen.has(key)) report(at(messages.duplicateGrade(arm.name.text), arm.name.range));
    seen.add(key);
    if (arm.minimum && !Number.isFinite(arm.minimum.value) && !Number.isNaN(arm.minimum.value)) {
      report(at(messages.numberOutOfRange(String(arm.minimum.value)), arm.minimum.range));
    }
    if (arm.minimum === null) {
      if (index < clause.arms.length - 1) report(at(messages.defaultGradeNotLast(arm.name.text), arm.range));
      return;
    }
    if (previous && arm.minimum.value >= previous.minimum) {
      report(at(messages.gradesOutOfOrder(arm.name.text, arm.minimum.value, previous.name, previous.minimum), arm.range));
    }
    previous = { name: arm.name.text, minimum: arm.minimum.value };
  });
  return clause.arms.map((arm) => ({ name: arm.name.text, minimum: arm.minimum?.value ?? null }));
}
