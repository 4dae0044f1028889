/**
 * The built-in charts of DESIGN.md §6: a chart line becomes a Vega-Lite v6 spec with its data
 * inline (`buildChart`), rendered without a browser to SVG and PNG (`renderSvg`, `renderPng`).
 */
export { buildChart, type BuildChartOptions, type BuiltChart } from './build-chart.ts';
export { parseChartLine, type ChartLineResult } from './chart-line.ts';
export { CHART_KINDS, type ChartKind, type ChartRequest, type NameRef } from './chart-request.ts';
export { compileChart, renderPng, renderSvg, type CompiledChart, type PngOptions, type RenderOptions } from './render.ts';
