/**
 * The result of a `sql` cell as a table, worked entirely in the page with Arquero: click a
 * header to sort (ascending, descending, as returned), type in the filter box to keep the rows
 * where any value contains the text, page through 50 rows at a time. Says how many rows there
 * are, how many the filter kept, and when the server cut the result short. Ids in the column
 * of the model's entity key open the account's explanation.
 */
import * as aq from 'arquero';
import { accountButton, isAccountColumn, type AccountLinks } from './account-link.ts';
import type { QueryResult } from './api-types.ts';
import { debounce, formatCount, h, replaceChildren } from './dom.ts';
import { columnFormatter, isNumeric } from './format-values.ts';

export const PAGE_SIZE = 50;

type ColumnTable = ReturnType<typeof aq.table>;
type Sort = { column: number; descending: boolean } | null;

/** A table view over one query result. */
export class TableView {
  readonly element: HTMLElement;
  private readonly table: ColumnTable;
  /** Lower-cased text of each row, for the filter. */
  private readonly rowText: string[];
  private readonly formatters: ((value: QueryResult['data'][number][number]) => string)[];
  private sort: Sort = null;
  private filter = '';
  private page = 0;
  private readonly body = h('tbody');
  private readonly head = h('thead');
  private readonly count = h('span', { class: 'row-count', 'aria-live': 'polite' });
  private readonly pager = h('div', { class: 'pager' });

  /** The columns that hold account ids. */
  private readonly accountColumns: ReadonlySet<number>;

  constructor(private readonly result: QueryResult, label: string, private readonly links: AccountLinks | null = null) {
    this.accountColumns = new Set(result.columns.flatMap((column, at) => (isAccountColumn(column.name, links) ? [at] : [])));
    // Columns are keyed by position: a result may have two columns of the same name.
    this.table = aq.table({
      __row: Array.from({ length: result.data[0]?.length ?? 0 }, (_, row) => row),
      ...Object.fromEntries(result.columns.map((_, at) => [`c${at}`, result.data[at] ?? []])),
    });
    const rows = this.table.numRows();
    this.formatters = result.columns.map((column, at) => columnFormatter(column, result.data[at] ?? []));
    this.rowText = Array.from({ length: rows }, (_, row) =>
      this.formatters.map((format, at) => format(result.data[at]?.[row] ?? null)).join('\u0001').toLowerCase());

    const filterInput = h('input', {
      type: 'search', class: 'table-filter', placeholder: 'Filter rows…', 'aria-label': `Filter the rows of ${label}`,
    });
    const applyFilter = debounce(() => {
      this.filter = filterInput.value.trim().toLowerCase();
      this.page = 0;
      this.render();
    }, 120);
    filterInput.addEventListener('input', applyFilter);

    this.element = h('div', { class: 'table-view' },
      h('div', { class: 'table-tools' }, filterInput, this.count),
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `Result of ${label}` },
        h('table', { class: 'result-table' }, this.head, this.body)),
      this.pager);
    this.renderHead();
    this.render();
  }

  /** Rows after filtering and sorting (an Arquero table with the original row numbers in `__row`). */
  private view(): ColumnTable {
    let view = this.table;
    if (this.filter) {
      const rowText = this.rowText;
      const needle = this.filter;
      view = view.filter(aq.escape((d: { __row: number }) => rowText[d.__row]!.includes(needle)));
    }
    if (this.sort) {
      const key = `c${this.sort.column}`;
      view = view.orderby(this.sort.descending ? aq.desc(key) : key);
    }
    return view;
  }

  private renderHead(): void {
    const row = h('tr');
    this.result.columns.forEach((column, at) => {
      const sorted = this.sort?.column === at ? (this.sort.descending ? 'descending' : 'ascending') : 'none';
      const button = h('button', {
        type: 'button', class: 'sort', title: `${column.name} (${column.sqlType.toLowerCase()}) — click to sort`,
        onclick: () => this.toggleSort(at),
      }, column.name, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''));
      row.append(h('th', { scope: 'col', 'aria-sort': sorted, class: isNumeric(column) ? 'number' : null }, button));
    });
    replaceChildren(this.head, row);
  }

  private toggleSort(column: number): void {
    if (this.sort?.column !== column) this.sort = { column, descending: false };
    else if (!this.sort.descending) this.sort = { column, descending: true };
    else this.sort = null;
    this.page = 0;
    this.renderHead();
    this.render();
  }

  private render(): void {
    const view = this.view();
    const total = view.numRows();
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    this.page = Math.min(this.page, pages - 1);
    const rows = view.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE).array('__row') as ArrayLike<number>;
    const fragment = document.createDocumentFragment();
    for (const row of Array.from(rows)) {
      const tr = h('tr');
      this.result.columns.forEach((column, at) => {
        const value = this.result.data[at]?.[row] ?? null;
        const text = this.formatters[at]!(value);
        const open = this.accountColumns.has(at) ? this.links?.open : undefined;
        tr.append(h('td', { class: [isNumeric(column) ? 'number' : '', value === null ? 'null' : ''].join(' ').trim() || null },
          open && (typeof value === 'number' || typeof value === 'string') ? accountButton(value, open, text) : text));
      });
      fragment.append(tr);
    }
    replaceChildren(this.body, fragment);
    if (total === 0) this.body.append(h('tr', {}, h('td', { class: 'empty', colspan: Math.max(1, this.result.columns.length) }, this.filter ? 'No row matches the filter.' : 'No rows.')));

    const all = this.table.numRows();
    const shown = this.filter ? `${formatCount(total)} of ${formatCount(all)} rows` : `${formatCount(all)} ${all === 1 ? 'row' : 'rows'}`;
    this.count.textContent = this.result.truncated ? `${shown} (the first ${formatCount(all)} of more)` : shown;

    const previous = h('button', { type: 'button', disabled: this.page === 0, onclick: () => this.goTo(this.page - 1), 'aria-label': 'Previous page' }, '‹ Previous');
    const next = h('button', { type: 'button', disabled: this.page >= pages - 1, onclick: () => this.goTo(this.page + 1), 'aria-label': 'Next page' }, 'Next ›');
    const from = total === 0 ? 0 : this.page * PAGE_SIZE + 1;
    const to = Math.min(total, (this.page + 1) * PAGE_SIZE);
    replaceChildren(this.pager, pages > 1 ? previous : null,
      h('span', { class: 'page-info' }, total > PAGE_SIZE ? `rows ${formatCount(from)}–${formatCount(to)} · page ${this.page + 1} of ${formatCount(pages)}` : ''),
      pages > 1 ? next : null);
  }

  private goTo(page: number): void {
    this.page = page;
    this.render();
    this.pager.querySelector<HTMLButtonElement>(page > 0 ? 'button:last-child' : 'button')?.focus();
  }
}
