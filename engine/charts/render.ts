import { Resvg } from '@resvg/resvg-js';
import { parse, View, type LoggerInterface, type Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { useHelveticaMetrics } from './text-metrics.ts';

/** A Vega-Lite spec compiled to Vega, with whatever the compiler warned about. */
export interface CompiledChart {
  readonly vega: VegaSpec;
  readonly warnings: readonly string[];
}

/** Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings instead of printing them. */
export function compileChart(spec: TopLevelSpec): CompiledChart {
  const warnings: string[] = [];
  const { spec: vega } = compile(spec, { logger: collectingLogger(warnings) });
  return { vega, warnings };
}

/** What `renderSvg` may be told. */
export interface RenderOptions {
  /** Called with each warning (and logged error) of the compiler and of the Vega runtime; by default they are ignored. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Renders a Vega-Lite spec (data inline) to SVG without a browser: vega-lite compiles it,
 * a headless Vega `View` lays it out and writes SVG. Without a canvas, text is measured with
 * Helvetica's widths (`text-metrics.ts`), the font the charts ask for first.
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  useHelveticaMetrics();
  const warnings: string[] = [];
  const { vega, warnings: compileWarnings } = compileChart(spec);
  warnings.push(...compileWarnings);
  const view = new View(parse(vega), { renderer: 'none', logger: collectingLogger(warnings) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
    for (const warning of warnings) options.onWarning?.(warning);
  }
}

/** What `renderPng` may be told. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2, sharp on high-density screens and in slides). */
  readonly scale?: number;
}

/**
 * Rasterizes an SVG (from `renderSvg`) to PNG with resvg, using the system's fonts:
 * Helvetica-compatible Liberation Sans where there is no Helvetica or Arial, else DejaVu Sans.
 */
export function renderPng(svg: string, options: PngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}

function collectingLogger(warnings: string[]): LoggerInterface {
  let level = 2;
  const logger: LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}
