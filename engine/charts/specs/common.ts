import type { Config } from 'vega-lite';
import type { JsonValue } from '../../json-values.ts';
import type { PeriodUnit } from '../../metrics/options.ts';

/**
 * What every built-in chart shares: the schema, the size, a configuration that reads on
 * screen and in print, the colours, and small helpers for titles, percentages and time axes.
 */

/** One metric row, keyed by column name, with JSON-safe values straight from the query. */
export type Row = Readonly<Record<string, JsonValue>>;

/** What every chart builder is told besides its rows. */
export interface ChartContext {
  /** The evaluation date the metric was computed as of. */
  readonly asof: string;
  /** The segment the accounts were restricted to, if any. */
  readonly segment: string | null;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The plot width, in pixels: about what a notebook column shows without scrolling. */
export const CHART_WIDTH = 600;

/** Fonts with Helvetica's metrics first: Vega measures text headlessly as if it were Helvetica. */
export const CHART_FONT = 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/**
 * Colours from the Okabe–Ito palette, which readers with any common colour-vision deficiency
 * can tell apart, and which stay distinct in greyscale print by lightness.
 */
export const COLORS = {
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  lightBlue: '#A6CEE3',
  vermillion: '#D55E00',
  orange: '#E69F00',
  bluishGreen: '#009E73',
  grey: '#BBBBBB',
  ink: '#1A1A1A',
  muted: '#595959',
} as const;

/** Categorical colours for groups (Okabe–Ito, without yellow, which is faint on white paper). */
export const GROUP_COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#999999'];

/** Black text on white, no view frame, sizes that survive print and PDF export. */
export const PRINT_CONFIG: Config = {
  background: 'white',
  font: CHART_FONT,
  padding: 12,
  view: { stroke: null },
  title: {
    anchor: 'start', fontSize: 15, fontWeight: 'bold', color: COLORS.ink, offset: 12,
    subtitleFontSize: 12, subtitleColor: COLORS.muted, subtitlePadding: 4,
  },
  axis: {
    labelFontSize: 11, labelColor: '#333333', titleFontSize: 12, titleFontWeight: 'normal', titleColor: COLORS.ink,
    titlePadding: 8, gridColor: '#E6E6E6', domainColor: '#888888', tickColor: '#888888',
  },
  legend: { labelFontSize: 11, labelColor: '#333333', titleFontSize: 12, titleFontWeight: 'normal', titleColor: COLORS.ink },
  header: { labelFontSize: 12, labelColor: COLORS.ink, titleFontSize: 12, titleFontWeight: 'normal' },
  text: { fontSize: 11, color: COLORS.ink },
  range: { category: GROUP_COLORS },
};

/** "Tier" for `tier`, "Health grade" for `health_grade`: a column name as an axis or legend title. */
export function humanize(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A column name as a Vega-Lite field: dots and brackets in it are not nested access. */
export function field(name: string): string {
  return name.replace(/[.[\]\\]/g, (char) => `\\${char}`);
}

/** A column's value in a Vega expression, whatever characters its name holds. */
export function datum(name: string): string {
  return `datum[${literal(name)}]`;
}

/** A string as a literal in a Vega expression. */
export function literal(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}'`;
}

/** "1 account", "2 accounts". */
export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A transform that turns a 0–100 percentage column into a 0–1 share (null stays null), so
 * that axes, labels and tooltips can use the `%` format.
 */
export function shareOf(column: string, as: string): { calculate: string; as: string } {
  return { calculate: `isValid(${datum(column)}) ? ${datum(column)} / 100 : null`, as };
}

/** The title block: a title and the lines of its subtitle (empty lines dropped). */
export function chartTitle(text: string, subtitle: readonly (string | null | false)[]): { text: string; subtitle?: string[] } {
  const lines = subtitle.filter((line): line is string => typeof line === 'string' && line !== '');
  return lines.length > 0 ? { text, subtitle: lines } : { text };
}

/** "As of 2024-06-30 · accounts in segment at_risk": the first subtitle line of every chart. */
export function scopeLine(context: ChartContext): string {
  return `As of ${context.asof}${context.segment ? ` · accounts in segment ${context.segment}` : ''}`;
}

/** How a period is drawn on a time axis: a UTC time unit (dates are UTC), its name and its adjective. */
export const PERIOD_AXES: Readonly<Record<PeriodUnit, { timeUnit: 'utcyearmonth' | 'utcyearquarter' | 'utcyear'; format: string; name: string; adjective: string }>> = {
  month: { timeUnit: 'utcyearmonth', format: '%b %Y', name: 'Month', adjective: 'monthly' },
  quarter: { timeUnit: 'utcyearquarter', format: 'Q%q %Y', name: 'Quarter', adjective: 'quarterly' },
  year: { timeUnit: 'utcyear', format: '%Y', name: 'Year', adjective: 'yearly' },
};

/**
 * A panel per group, one above the other, each headed by its group's name (bold, above it):
 * the `facet` and `spacing` of a chart whose `spec` is one panel.
 */
export function panelPerGroup(group: { readonly field: string; readonly type: 'nominal'; readonly title: string }) {
  return {
    facet: { row: { ...group, title: null, header: { labelAngle: 0, labelOrient: 'top' as const, labelAnchor: 'start' as const, labelFontWeight: 'bold' as const, labelPadding: 4 } } },
    spacing: 14,
  };
}

/**
 * Columns folded into the parts of one stacked bar: each row becomes a row per column, with
 * the column's value as `as.value`, its place in `parts` as `as.order` and its label as `as.label`.
 */
export function foldParts(parts: readonly { readonly column: string; readonly label: string }[], as: { readonly key: string; readonly value: string; readonly order: string; readonly label: string }) {
  return [
    { fold: parts.map((part) => part.column), as: [as.key, as.value] as [string, string] },
    { calculate: parts.map((part, i) => `datum.${as.key} === ${literal(part.column)} ? ${i} : `).join('') + String(parts.length), as: as.order },
    { calculate: parts.map((part) => `datum.${as.key} === ${literal(part.column)} ? ${literal(part.label)} : `).join('') + "''", as: as.label },
  ];
}

/** The largest finite number of a column, or `fallback` when there is none. */
export function maxOf(rows: readonly Row[], column: string, fallback: number): number {
  let max = -Infinity;
  for (const row of rows) {
    const value = row[column];
    if (typeof value === 'number' && value > max) max = value;
  }
  return Number.isFinite(max) ? max : fallback;
}

/** The distinct values of a column, in order of first appearance. */
export function distinct(rows: readonly Row[], column: string): JsonValue[] {
  return [...new Set(rows.map((row) => row[column] ?? null))];
}
