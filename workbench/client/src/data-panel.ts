/**
 * The data panel: every loaded table with its row count, and its columns with their types
 * (open a table to see them); and loading a file of one's own (CSV, Parquet, JSON) — chosen or
 * dropped on the panel — with `POST /api/upload`, which reports the load notes or the error
 * that names the file and line. The list refreshes after a load.
 */
import type { Api } from './api.ts';
import type { TableInfo } from './api-types.ts';
import { formatCount, h, replaceChildren } from './dom.ts';

export interface DataPanelEvents {
  /** A file was loaded as a table: the tables (and so what names mean) changed. */
  tablesChanged(tables: readonly TableInfo[]): void;
  /** "Query" on a table: add a SQL cell reading it. */
  query(table: string): void;
}

export class DataPanel {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'table-list', 'aria-live': 'polite' });
  private readonly uploadStatus = h('div', { class: 'upload-status', hidden: true });
  private readonly fileInput = h('input', { type: 'file', id: 'upload-file', class: 'visually-hidden', accept: '.csv,.tsv,.txt,.parquet,.json,.jsonl,.ndjson' });
  private tables: TableInfo[] = [];

  constructor(private readonly api: Api, private readonly events: DataPanelEvents) {
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      if (file) void this.upload(file);
      this.fileInput.value = '';
    });
    const uploadLabel = h('label', { for: 'upload-file', class: 'upload-button', tabindex: 0, role: 'button' }, 'Load a file…');
    uploadLabel.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.fileInput.click();
      }
    });
    this.element = h('aside', { class: 'data-panel', 'aria-label': 'Data' },
      h('h2', {}, 'Data'),
      h('div', { class: 'upload' }, this.fileInput, uploadLabel, h('p', { class: 'hint' }, 'CSV, Parquet or JSON — or drop a file here.')),
      this.uploadStatus,
      h('h3', {}, 'Tables'),
      this.list);
    this.element.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.element.classList.add('drop');
    });
    this.element.addEventListener('dragleave', () => this.element.classList.remove('drop'));
    this.element.addEventListener('drop', (event) => {
      event.preventDefault();
      this.element.classList.remove('drop');
      const file = event.dataTransfer?.files[0];
      if (file) void this.upload(file);
    });
  }

  get tableNames(): string[] {
    return this.tables.map((table) => table.name);
  }

  /** Lists the tables again. */
  async refresh(): Promise<void> {
    try {
      const { tables } = await this.api.tables();
      this.tables = tables;
      this.renderTables();
    } catch (error) {
      replaceChildren(this.list, h('p', { class: 'error', role: 'alert' }, `Could not list the tables: ${(error as Error).message}`));
    }
  }

  /** Sends a file to be loaded as a table, then shows what happened. */
  async upload(file: File): Promise<void> {
    this.showUpload('busy', [h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` Loading ${file.name}…`]);
    try {
      const { table } = await this.api.upload(file.name, file);
      const notes = table.notes ?? [];
      this.showUpload('ok', [
        h('p', {}, 'Loaded ', h('code', {}, table.name), ` — ${formatCount(table.rows)} rows, ${table.columns.length} columns.`),
        notes.length ? h('ul', { class: 'notes' }, ...notes.map((note) => h('li', {}, note))) : null,
      ]);
      await this.refresh();
      this.events.tablesChanged(this.tables);
      this.list.querySelector<HTMLDetailsElement>(`details[data-table="${CSS.escape(table.name)}"]`)?.setAttribute('open', '');
    } catch (error) {
      this.showUpload('error', [h('p', {}, `Could not load ${file.name}: ${(error as Error).message}`)]);
    }
  }

  private showUpload(tone: 'busy' | 'ok' | 'error', content: (Node | string | null)[]): void {
    this.uploadStatus.hidden = false;
    this.uploadStatus.className = `upload-status upload-${tone}`;
    this.uploadStatus.setAttribute('role', tone === 'error' ? 'alert' : 'status');
    replaceChildren(this.uploadStatus, ...content);
  }

  private renderTables(): void {
    if (this.tables.length === 0) {
      replaceChildren(this.list, h('p', { class: 'hint' }, 'No tables yet. Load a file to start.'));
      return;
    }
    replaceChildren(this.list, ...this.tables.map((table) => h('details', { class: 'table-entry', 'data-table': table.name },
      h('summary', {}, h('span', { class: 'table-name' }, table.name), h('span', { class: 'table-rows' }, formatCount(table.rows))),
      h('ul', { class: 'columns' }, ...table.columns.map((column) => h('li', {},
        h('span', { class: 'column-name' }, column.name), h('span', { class: 'column-type' }, column.sqlType.toLowerCase())))),
      h('button', { type: 'button', class: 'link query-table', onclick: () => this.events.query(table.name), title: `Add a SQL cell reading ${table.name}` }, `Query ${table.name} in a SQL cell`))));
  }
}
