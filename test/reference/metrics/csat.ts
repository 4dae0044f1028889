/**
 * CSAT (docs/metrics.md, CSAT): 100 × responses scoring 4 or 5 / all responses (1–5 scale),
 * per period and group (usually the response's `touchpoint`). No responses → null.
 */
import { groupColumn, percent, type MetricRow, type ReferenceOptions } from './options.ts';
import { surveyCells } from './survey.ts';
import type { MetricTables } from './tables.ts';

/** Rows shaped like `csatMetric`'s: period_start, period_end, partial, [group], responses, satisfied, csat. */
export function referenceCsat(tables: MetricTables, options: ReferenceOptions): MetricRow[] {
  return surveyCells(tables.accounts, tables.csat_responses, options).map(({ period, group, scores }) => {
    const satisfied = scores.filter((score) => score >= 4).length;
    return {
      period_start: period.start, period_end: period.end, partial: period.partial,
      ...groupColumn(options.groupBy, group),
      responses: scores.length,
      satisfied,
      csat: percent(satisfied, scores.length),
    };
  });
}
