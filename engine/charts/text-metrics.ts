import * as vega from 'vega';

/**
 * Text widths for headless rendering. Without a canvas, Vega guesses every character to be
 * 0.8 em wide, about half again as wide as real text: labels get cut short with "…", and
 * the chart is laid out wider than it draws. The charts ask for Helvetica first, and PNGs are
 * drawn with Liberation Sans, which has Arial's (nearly Helvetica's) widths; so Helvetica's
 * own widths, from its AFM files, measure the text as it will be drawn.
 */

/** Advance widths (1/1000 em) of ASCII 32–126 in Helvetica and Helvetica-Bold. */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889,
  611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Characters outside ASCII that the charts write. */
const OTHER: Readonly<Record<string, number>> = { '–': 556, '—': 1000, '−': 584, '×': 584, '÷': 584, '·': 278, '…': 1000, '≥': 549, '≤': 549 };

/** The width in pixels of `text` at `fontSize`, in Helvetica (bold or not). */
export function helveticaWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    units += code >= 32 && code <= 126 ? table[code - 32]! : (OTHER[char] ?? 556);
  }
  return (units / 1000) * fontSize;
}

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}

/**
 * Makes Vega measure text with Helvetica's widths when it has no canvas to measure with
 * (in Node); a browser keeps its own measurement. Vega supports replacing `textMetrics.width`
 * for this. A label with a limit is never wider than the limit, which is how Vega truncates it.
 */
export function useHelveticaMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  if (metrics.width !== metrics.estimateWidth) return;
  metrics.width = (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const bold = item.fontWeight === 'bold' || item.fontWeight === 'bolder' || Number(item.fontWeight) >= 600;
    const width = helveticaWidth(line, size, bold);
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
