/**
 * Survey responses sorted into period × group cells, shared by NPS and CSAT: the responses
 * dated (UTC day of `responded_at`) on or before D, of accounts in `accounts`, with a score.
 */
import { dayOf, periodIndexOf, periodsUpTo, type Period } from './dates.ts';
import { distinctGroups, groupName, type ReferenceOptions } from './options.ts';
import type { AccountRow, ResponseRow } from './tables.ts';

/** The scores answered in one period by one group. */
export interface SurveyCell {
  readonly period: Period;
  readonly group: string | null;
  readonly scores: readonly number[];
}

/**
 * One cell for every reported period and every group, in period then group order. Periods run
 * from the first visible response to D; with no visible response there is no history, hence
 * no period and no cell (as of a date before the data, a metric has nothing to report).
 * Groups are every value of the grouping column among the accounts started by D (or,
 * grouping by a response column, among the visible responses), so that a group without
 * responses still shows, while accounts that only sign up after D do not exist yet.
 */
export function surveyCells(accounts: readonly AccountRow[], responses: readonly ResponseRow[], options: ReferenceOptions): SurveyCell[] {
  const { asof, groupBy } = options;
  const accountsById = new Map(accounts.map((account) => [account.account_id, account]));
  const visible: { day: string; score: number; group: string | null }[] = [];
  for (const response of responses) {
    const account = accountsById.get(response.account_id);
    const day = dayOf(response.responded_at);
    if (!account || day > asof || response.score === null) continue;
    const group = !groupBy ? null : groupName(groupBy.from === 'accounts' ? account[groupBy.column] : response[groupBy.column]);
    visible.push({ day, score: response.score, group });
  }
  if (visible.length === 0) return [];
  const firstDay = visible.reduce((first, response) => (response.day < first ? response.day : first), asof);
  const periods = periodsUpTo(firstDay, asof, options.period);
  const groups = !groupBy ? [null] : distinctGroups([
    ...(groupBy.from === 'accounts' ? accounts.filter((account) => account.signup_date <= asof).map((account) => account[groupBy.column]) : []),
    ...visible.map((response) => response.group),
  ]);
  const groupIndex = new Map(groups.map((group, index) => [group, index]));
  const scores: number[][][] = periods.map(() => groups.map(() => []));
  for (const response of visible) {
    const p = periodIndexOf(periods, response.day);
    if (p >= 0) scores[p]![groupIndex.get(response.group)!]!.push(response.score);
  }
  return periods.flatMap((period, p) => groups.map((group, g) => ({ period, group, scores: scores[p]![g]! })));
}
