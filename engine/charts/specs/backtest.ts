import type { TopLevelSpec } from 'vega-lite';
import type { BacktestResult, ScoreBacktest } from '../../backtest/backtest.ts';
import { chartTitle, COLORS, count, GROUP_COLORS, PRINT_CONFIG, VEGA_LITE_SCHEMA } from './common.ts';
import { gradeColors } from './health-distribution.ts';

/** Each of the four small panels: two side by side make one notebook column. */
const PANEL_WIDTH = 270;
const PANEL_HEIGHT = 200;

const STEP_ADJECTIVES = { week: 'weekly', month: 'monthly', quarter: 'quarterly' } as const;

/**
 * The backtest of a score, or of two compared (`backtest <score> [vs <score>] within N days`):
 * churn rate by grade, the ROC curve, lift by score decile, calibration, and the AUC at each
 * evaluation date with its 95 % interval. Every figure pools the account-dates of all the
 * evaluation dates, except the last panel. With two scores each panel shows both, coloured
 * by score, and the subtitle gives the difference of their AUCs with its interval.
 */
export function backtestSpec(result: BacktestResult, context: { readonly segment: string | null }): TopLevelSpec {
  const labels = result.scores.map((score) => score.label);
  const compared = labels.length > 1;
  const color = compared
    ? { field: 'score', type: 'nominal', title: 'Score', scale: { domain: labels, range: GROUP_COLORS.slice(0, labels.length) }, legend: { orient: 'top' } } as const
    : null;
  const [first] = result.scores;
  const pooled = first!.pooled;
  const dates = result.dates;
  const every = STEP_ADJECTIVES[result.request.every];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(
      compared
        ? `${labels.join(' vs ')}: which predicts churn within ${result.request.horizonDays} days better?`
        : `Does ${labels[0]} predict churn within ${result.request.horizonDays} days?`,
      [
        ...result.scores.map((score, k) => `${compared ? `${score.label}: ` : ''}AUC ${aucText(score.pooled)}${k === labels.length - 1 ? ' · 0.5 is chance, 1 is perfect' : ''}`),
        compared && differenceLine(result, labels),
        `${count(dates.length, `${every} evaluation date`)} from ${dates[0]} to ${dates[dates.length - 1]} · ${count(pooled.accounts, 'account-date')} · ${percent(pooled.churnRate)} churned within ${result.request.horizonDays} days`,
        context.segment && `Accounts in segment ${context.segment} at each date`,
        result.unscored > 0 && `Not counted: ${count(result.unscored, 'account-date')} without a score`,
      ],
    ),
    vconcat: [
      { hconcat: [gradePanel(result.scores, color), rocPanel(result.scores, color)] },
      { hconcat: [liftPanel(result.scores, color), calibrationPanel(result.scores, color)] },
      aucPanel(result.scores, color),
    ],
    spacing: 28,
    // Each panel's bars are offset within its own bands; the score colours stay shared, one legend.
    resolve: { scale: { xOffset: 'independent' } },
    config: PRINT_CONFIG,
  } as TopLevelSpec;
}

type ScoreColor = { readonly field: 'score'; readonly type: 'nominal'; readonly title: string; readonly scale: { readonly domain: readonly string[] }; readonly legend: object } | null;

/** Churn rate per grade, worst grade first, with the grade's share of the account-dates in the tooltip. */
function gradePanel(scores: readonly ScoreBacktest[], color: ScoreColor): object {
  const values = scores.flatMap((score) => score.byGrade.filter((row) => row.asof === null).map((row) => ({
    score: score.label, grade: row.grade, accounts: row.accounts, churned: row.churned, churn_rate: share(row.churnRate), grade_share: share(row.share),
  })));
  // Worst first reads as a staircase down when the score works.
  const order = [...new Set(scores.flatMap((score) => [...score.grades].reverse()))];
  const gradeColor = { field: 'grade', type: 'nominal', title: 'Grade', scale: { domain: order, range: gradeColors(order) }, legend: null };
  return {
    title: { text: 'Churn rate by grade', subtitle: 'Worst grade first; all dates pooled' },
    width: PANEL_WIDTH, height: PANEL_HEIGHT,
    data: { values },
    encoding: {
      x: { field: 'grade', type: 'nominal', sort: order, title: 'Grade', axis: { labelAngle: 0 } },
      ...(color ? { xOffset: { field: 'score', sort: color.scale.domain } } : {}),
      y: { field: 'churn_rate', type: 'quantitative', title: 'Churned within the horizon', axis: { format: '.0%' }, stack: null },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: color ?? gradeColor,
          tooltip: [
            ...scoreTooltip(color),
            { field: 'grade', type: 'nominal', title: 'Grade' },
            { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', format: '.1%' },
            { field: 'churned', type: 'quantitative', title: 'Churned', format: ',d' },
            { field: 'accounts', type: 'quantitative', title: 'Account-dates', format: ',d' },
            { field: 'grade_share', type: 'quantitative', title: 'Share of account-dates', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', dy: -7, fontSize: 10, color: COLORS.ink },
        encoding: { text: { field: 'churn_rate', type: 'quantitative', format: '.1%' } },
      },
    ],
  };
}

/** The ROC curve of each score over the diagonal of a score that ranks at random. */
function rocPanel(scores: readonly ScoreBacktest[], color: ScoreColor): object {
  const values = scores.flatMap((score) => score.roc.map((point) => ({ score: score.label, fpr: point.fpr, tpr: point.tpr })));
  const axis = { scale: { domain: [0, 1] }, axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1] } };
  return {
    title: { text: 'ROC curve', subtitle: scores.map((score) => `${scores.length > 1 ? `${score.label}: ` : ''}AUC ${number(score.pooled.auc)}`).join(' · ') },
    width: PANEL_WIDTH, height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: COLORS.grey },
        encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2, ...(color ? {} : { color: COLORS.blue }) },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'Retained accounts flagged (false positive rate)', ...axis },
          y: { field: 'tpr', type: 'quantitative', title: 'Churners caught (true positive rate)', ...axis },
          ...(color ? { color } : {}),
          order: { field: 'fpr', type: 'quantitative' },
          tooltip: [
            ...scoreTooltip(color),
            { field: 'tpr', type: 'quantitative', title: 'Churners caught', format: '.1%' },
            { field: 'fpr', type: 'quantitative', title: 'Retained accounts flagged', format: '.1%' },
          ],
        },
      },
    ],
  };
}

/** Churn rate of each score decile over the overall rate; 1 is the rule of no lift. */
function liftPanel(scores: readonly ScoreBacktest[], color: ScoreColor): object {
  const values = scores.flatMap((score) => score.lift.map((row) => ({
    score: score.label, decile: row.decile, lift: finite(row.lift), churn_rate: share(row.churnRate), accounts: row.accounts, min_score: row.minScore, max_score: row.maxScore,
  })));
  return {
    title: { text: 'Lift by score decile', subtitle: 'Decile 1 = the lowest scores; 1× = the overall churn rate' },
    width: PANEL_WIDTH, height: PANEL_HEIGHT,
    layer: [
      {
        // The bars' encoding sits at the top of a layer of their own: an offset scale (two
        // scores side by side) declared in a sibling of a layer gets a fixed step, not the band.
        data: { values },
        encoding: {
          x: { field: 'decile', type: 'ordinal', title: 'Score decile', axis: { labelAngle: 0 } },
          ...(color ? { xOffset: { field: 'score', sort: color.scale.domain } } : {}),
          y: { field: 'lift', type: 'quantitative', title: 'Lift (× overall churn rate)', axis: { format: '.1f' }, stack: null },
        },
        layer: [{
          mark: { type: 'bar', ...(color ? {} : { color: COLORS.blue }) },
          encoding: {
            ...(color ? { color } : {}),
            tooltip: [
              ...scoreTooltip(color),
              { field: 'decile', type: 'ordinal', title: 'Decile' },
              { field: 'lift', type: 'quantitative', title: 'Lift', format: '.2f' },
              { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', format: '.1%' },
              { field: 'accounts', type: 'quantitative', title: 'Account-dates', format: ',d' },
              { field: 'min_score', type: 'quantitative', title: 'Lowest score', format: '.1f' },
              { field: 'max_score', type: 'quantitative', title: 'Highest score', format: '.1f' },
            ],
          },
        }],
      },
      referenceLine('lift', 1),
    ],
  };
}

/** Observed churn rate in each 10-point score bucket: a useful score falls from left to right. */
function calibrationPanel(scores: readonly ScoreBacktest[], color: ScoreColor): object {
  const values = scores.flatMap((score) => score.calibration.map((row) => ({
    score: score.label, bucket: row.bucket, bucket_end: row.bucket + 10, churn_rate: share(row.churnRate), accounts: row.accounts, mean_score: row.meanScore,
  })));
  return {
    title: { text: 'Calibration', subtitle: 'Observed churn rate by score, in buckets of 10 points' },
    width: PANEL_WIDTH, height: PANEL_HEIGHT,
    data: { values },
    encoding: {
      x: { field: 'mean_score', type: 'quantitative', title: 'Score (bucket mean)', scale: { domain: [0, 100] } },
      y: { field: 'churn_rate', type: 'quantitative', title: 'Churned within the horizon', axis: { format: '.0%' } },
      ...(color ? { color } : {}),
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5, ...(color ? {} : { color: COLORS.blue }) }, encoding: { tooltip: color ? [{ field: 'score', type: 'nominal', title: 'Score' }] : null } },
      {
        mark: { type: 'point', filled: true, ...(color ? {} : { color: COLORS.blue }) },
        encoding: {
          size: { field: 'accounts', type: 'quantitative', title: 'Account-dates', legend: null, scale: { range: [20, 200] } },
          tooltip: [
            ...scoreTooltip(color),
            { field: 'bucket', type: 'quantitative', title: 'Bucket from' },
            { field: 'bucket_end', type: 'quantitative', title: 'to under' },
            { field: 'churn_rate', type: 'quantitative', title: 'Churn rate', format: '.1%' },
            { field: 'accounts', type: 'quantitative', title: 'Account-dates', format: ',d' },
          ],
        },
      },
    ],
  };
}

/** The AUC at each evaluation date with its 95 % band; 0.5 is chance. */
function aucPanel(scores: readonly ScoreBacktest[], color: ScoreColor): object {
  const values = scores.flatMap((score) => score.perDate.map((row) => ({
    score: score.label, asof: row.asof, auc: finite(row.auc), low: finite(row.low), high: finite(row.high), accounts: row.accounts, churned: row.churned,
  })));
  const x = { field: 'asof', type: 'temporal', title: 'Evaluation date', axis: { format: '%b %Y' } } as const;
  return {
    title: { text: 'AUC at each evaluation date', subtitle: 'Band: 95 % confidence interval; dashed: 0.5, chance' },
    width: 2 * PANEL_WIDTH + 40, height: 160,
    layer: [
      {
        data: { values },
        mark: { type: 'area', opacity: 0.2, ...(color ? {} : { color: COLORS.blue }) },
        encoding: { x, y: { field: 'low', type: 'quantitative', title: 'AUC', scale: { domain: [0.4, 1] } }, y2: { field: 'high' }, ...(color ? { color } : {}), tooltip: null },
      },
      {
        data: { values },
        mark: { type: 'line', point: true, strokeWidth: 2, ...(color ? {} : { color: COLORS.blue }) },
        encoding: {
          x, y: { field: 'auc', type: 'quantitative' }, ...(color ? { color } : {}),
          tooltip: [
            ...scoreTooltip(color),
            { field: 'asof', type: 'temporal', title: 'As of', format: '%Y-%m-%d' },
            { field: 'auc', type: 'quantitative', title: 'AUC', format: '.3f' },
            { field: 'low', type: 'quantitative', title: '95 % CI from', format: '.3f' },
            { field: 'high', type: 'quantitative', title: 'to', format: '.3f' },
            { field: 'accounts', type: 'quantitative', title: 'Active accounts', format: ',d' },
            { field: 'churned', type: 'quantitative', title: 'Churned within the horizon', format: ',d' },
          ],
        },
      },
      referenceLine('auc', 0.5),
    ],
  };
}

/** With two scores, the tooltip says which one a mark is. */
function scoreTooltip(color: ScoreColor): object[] {
  return color ? [{ field: 'score', type: 'nominal', title: 'Score' }] : [];
}

/** A dashed horizontal line at `value` on the panel's y scale: what no signal looks like. */
function referenceLine(field: string, value: number): object {
  return { data: { values: [{ [field]: value }] }, mark: { type: 'rule', color: COLORS.ink, strokeDash: [4, 3] }, encoding: { y: { field, type: 'quantitative' } } };
}

/** "health_v2 − health: +0.012 (95 % CI −0.003 to +0.027)". */
function differenceLine(result: BacktestResult, labels: readonly string[]): string {
  const difference = result.comparison!.difference;
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${number(Math.abs(value))}`;
  return `${labels[1]} − ${labels[0]}: AUC ${signed(difference.difference)} (95 % CI ${signed(difference.low)} to ${signed(difference.high)})`;
}

function aucText(auc: { auc: number; low: number; high: number }): string {
  return Number.isFinite(auc.auc) ? `${number(auc.auc)} (95 % CI ${number(auc.low)}–${number(auc.high)})` : 'not measurable (no churn, or only churn)';
}

function number(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '–';
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} %` : '–';
}

/** A 0–100 rate as a 0–1 share for `%` axes; null when not a number. */
function share(value: number): number | null {
  return Number.isFinite(value) ? value / 100 : null;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

