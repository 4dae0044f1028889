import type { TopLevelSpec } from 'vega-lite';
import type { GradeMigration } from '../../backtest/backtest.ts';
import { CHART_WIDTH, chartTitle, COLORS, count, PRINT_CONFIG, VEGA_LITE_SCHEMA } from './common.ts';

/** The most account ids a cell carries for the drill-down; the tooltip says when there are more. */
export const DRILL_DOWN_LIMIT = 200;

/**
 * Accounts moving between the grades of two scores (`grade_migration from <a> to <b>`): a
 * matrix with the grades of `a` down the side and those of `b` across, worst last, each cell
 * the number of active accounts. Each cell carries its account ids (`account_ids`, at most
 * `DRILL_DOWN_LIMIT`), which the workbench lists when the cell is clicked.
 */
export function gradeMigrationSpec(migration: GradeMigration, context: { readonly from: string; readonly to: string; readonly segment: string | null }): TopLevelSpec {
  const total = migration.cells.reduce((sum, cell) => sum + cell.accounts, 0);
  const moved = migration.cells.filter((cell) => cell.from !== cell.to).reduce((sum, cell) => sum + cell.accounts, 0);
  const comparable = migration.from.some((grade) => migration.to.includes(grade));
  const values = migration.cells.map((cell) => ({
    from: cell.from, to: cell.to, accounts: cell.accounts, share: total === 0 ? null : cell.accounts / total,
    account_ids: cell.accountIds.slice(0, DRILL_DOWN_LIMIT), more: Math.max(0, cell.accountIds.length - DRILL_DOWN_LIMIT),
  }));
  const cellSize = Math.min(90, Math.floor(CHART_WIDTH / Math.max(migration.to.length, 1)));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(`Grade migration from ${context.from} to ${context.to}`, [
      `${count(total, 'active account')} as of ${migration.asof}${context.segment ? ` in segment ${context.segment}` : ''}`,
      comparable && `${count(moved, 'account')} (${total === 0 ? '0' : ((100 * moved) / total).toFixed(1)} %) change grade`,
      'Click a cell to list its accounts',
    ]),
    width: cellSize * migration.to.length,
    height: cellSize * migration.from.length,
    data: { values },
    encoding: {
      y: { field: 'from', type: 'nominal', sort: [...migration.from], title: `Grade by ${context.from}` },
      x: { field: 'to', type: 'nominal', sort: [...migration.to], title: `Grade by ${context.to}`, axis: { orient: 'top', labelAngle: 0 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2, cursor: 'pointer' },
        encoding: {
          color: { field: 'accounts', type: 'quantitative', title: 'Accounts', scale: { scheme: 'blues', domainMin: 0 }, legend: { format: ',d' } },
          tooltip: [
            { field: 'from', type: 'nominal', title: `By ${context.from}` },
            { field: 'to', type: 'nominal', title: `By ${context.to}` },
            { field: 'accounts', type: 'quantitative', title: 'Accounts', format: ',d' },
            { field: 'share', type: 'quantitative', title: 'Share of all', format: '.1%' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 13 },
        encoding: {
          text: { field: 'accounts', type: 'quantitative', format: ',d' },
          // Dark cells get white figures: the threshold is half the largest count.
          color: { condition: { test: `datum.accounts > ${Math.max(...values.map((v) => v.accounts), 0) / 2}`, value: 'white' }, value: COLORS.ink },
        },
      },
    ],
    config: PRINT_CONFIG,
  } as TopLevelSpec;
}
