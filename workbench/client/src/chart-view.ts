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
  /**
   * True when `spec` differs from the drawn spec only in its rows (top-level `data.values`):
   * what a chart gives again after an edit of the model's weights, most of the time.
   */
  takesRowsOf(spec: Record<string, unknown>): boolean;
  /** Draws the rows of `spec` (one that `takesRowsOf`) into the existing view: no new view is compiled or laid out. */
  showRowsOf(spec: Record<string, unknown>): Promise<void>;
  finalize(): void;
}

/** The name the rows of a spec's top-level `data.values` get in the view, so that they can be swapped. */
const ROWS = 'pulse_rows';

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
  const shape = shapeOf(spec);
  const ready = embed(target, (shape === null ? spec : withNamedRows(spec)) as VisualizationSpec, {
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
    takesRowsOf(next) {
      return result !== null && shape !== null && shapeOf(next) === shape;
    },
    async showRowsOf(next) {
      await result!.view.data(ROWS, rowsOf(next)).runAsync();
    },
    finalize() {
      finalized = true;
      result?.finalize();
    },
  };
}

/** The spec without its rows, as text; null when its rows are not an inline top-level list. */
function shapeOf(spec: Record<string, unknown>): string | null {
  const data = spec.data as { values?: unknown } | undefined;
  if (!data || Object.keys(data).length !== 1 || !Array.isArray(data.values) || 'datasets' in spec) return null;
  return JSON.stringify({ ...spec, data: null });
}

function rowsOf(spec: Record<string, unknown>): unknown[] {
  return (spec.data as { values: unknown[] }).values;
}

/** The same spec with its rows as a named dataset (Vega-Lite keeps the name in the view). */
function withNamedRows(spec: Record<string, unknown>): Record<string, unknown> {
  return { ...spec, data: { name: ROWS }, datasets: { [ROWS]: rowsOf(spec) } };
}
