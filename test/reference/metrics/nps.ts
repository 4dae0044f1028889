/**
 * NPS (docs/metrics.md, NPS): responses dated in the period; promoters 9–10, passives 7–8,
 * detractors 0–6; NPS = 100 × (promoters − detractors) / responses, with the share of each
 * category (0–100) and the response count. No responses → null NPS and shares.
 */
import { groupColumn, percent, type MetricRow, type ReferenceOptions } from './options.ts';
import { surveyCells } from './survey.ts';
import type { MetricTables } from './tables.ts';

/** Rows shaped like `npsMetric`'s: period_start, period_end, partial, [group], responses, the three shares, nps. */
export function referenceNps(tables: MetricTables, options: ReferenceOptions): MetricRow[] {
  return surveyCells(tables.accounts, tables.nps_responses, options).map(({ period, group, scores }) => {
    const promoters = scores.filter((score) => score >= 9).length;
    const passives = scores.filter((score) => score === 7 || score === 8).length;
    const detractors = scores.filter((score) => score <= 6).length;
    return {
      period_start: period.start, period_end: period.end, partial: period.partial,
      ...groupColumn(options.groupBy, group),
      responses: scores.length,
      promoters_pct: percent(promoters, scores.length),
      passives_pct: percent(passives, scores.length),
      detractors_pct: percent(detractors, scores.length),
      nps: percent(promoters - detractors, scores.length),
    };
  });
}
