/**
 * A `chart` cell's Vega-Lite spec, drawn with vega-embed: tooltips on the marks and the menu
 * to save the chart as PNG or SVG. Vega evaluates expressions with its interpreter
 * (vega-interpreter), not with generated code, so a spec from a notebook cannot run script.
 */
import embed, { type Result, type VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import { h } from './dom.ts';

/** A drawn chart; `finalize` releases its view and listeners. */
export interface ChartView {
  readonly element: HTMLElement;
  /** Resolves once the chart is drawn; rejects with Vega's message when the spec is wrong. */
  readonly ready: Promise<void>;
  finalize(): void;
}

/** A clicked mark whose data carries the accounts it stands for (a grade-migration cell). */
export interface DrillDown {
  readonly accountIds: readonly (string | number)[];
  /** Accounts in the mark that the spec did not list. */
  readonly more: number;
  /** The mark's other fields, to say what was clicked. */
  readonly datum: Record<string, unknown>;
}

/**
 * Draws `spec` into a new element. `fileName` names the exported PNG/SVG. A click on a mark
 * whose datum has `account_ids` (grade migration) calls `onDrillDown`.
 */
export function chartView(spec: Record<string, unknown>, fileName: string, onDrillDown?: (drill: DrillDown) => void): ChartView {
  const target = h('div', { class: 'chart-target' });
  const element = h('div', { class: 'chart-view' }, target);
  let result: Result | null = null;
  let finalized = false;
  const ready = embed(target, spec as VisualizationSpec, {
    actions: { export: true, source: false, compiled: false, editor: false },
    ast: true,
    expr: expressionInterpreter,
    renderer: 'svg',
    downloadFileName: fileName,
    i18n: { PNG_ACTION: 'Save as PNG', SVG_ACTION: 'Save as SVG' },
  }).then((embedded) => {
    result = embedded;
    if (onDrillDown) {
      embedded.view.addEventListener('click', (_event, item) => {
        const datum = (item as { datum?: Record<string, unknown> } | null | undefined)?.datum;
        if (datum && Array.isArray(datum.account_ids)) {
          onDrillDown({ accountIds: datum.account_ids as (string | number)[], more: Number(datum.more ?? 0), datum });
        }
      });
    }
    if (finalized) embedded.finalize();
  });
  return {
    element,
    ready,
    finalize() {
      finalized = true;
      result?.finalize();
    },
  };
}
