import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PulseError } from '../../engine/errors.ts';
import { loadFile, type LoadedTable } from '../../engine/load.ts';
import { Session } from '../../engine/session.ts';
import { fileFormatOf } from '../../engine/table-names.ts';
import { folderHelp, folderOptions, type Command } from '../command.ts';
import { checkFolderOption } from '../folders.ts';
import { formatCount, styles, type Terminal } from '../terminal.ts';

export const loadCommand: Command = {
  name: 'load',
  summary: 'check a CSV, Parquet or JSON file (or a folder of them) and add it to the data folder',
  help: `Usage: pulse load FILE|FOLDER [--as NAME] [--data DIR]

Reads the file completely, reports its rows, columns and types, and copies it into the data
folder as a table (named after the file, or NAME). Nothing changes when the file has a
problem: the message names the file and, where known, the line.

  --as NAME         the table name (default: from the file name, "Telco Churn.csv" → telco_churn)
${folderHelp}`,

  async run(args, terminal) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...folderOptions, as: { type: 'string' } } });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new RangeError('give exactly one FILE or FOLDER to load');
    const [path] = positionals as [string];
    await checkFolderOption('--data', values.data);
    await checkFolderOption('--notebooks', values.notebooks);
    const session = await Session.open({ dataDir: values.data, notebooksDir: values.notebooks });
    try {
      const folder = await stat(path).then((info) => info.isDirectory(), () => false);
      if (!folder) {
        printTable(terminal, await loadFile(session, path, values.as === undefined ? {} : { as: values.as }));
        return 0;
      }
      if (values.as !== undefined) throw new RangeError('--as names one table; it cannot be used with a folder');
      return await loadFolderFiles(session, path, terminal);
    } finally {
      session.close();
    }
  },
};

async function loadFolderFiles(session: Session, folder: string, terminal: Terminal): Promise<number> {
  const files = (await readdir(folder)).filter((name) => !name.startsWith('.') && fileFormatOf(name)).sort();
  if (files.length === 0) throw new PulseError('file_not_found', `${folder}: no CSV, Parquet or JSON files in this folder.`, { file: folder });
  let failures = 0;
  for (const file of files) {
    try {
      printTable(terminal, await loadFile(session, join(folder, file)));
    } catch (error) {
      if (!(error instanceof PulseError)) throw error;
      failures++;
      terminal.err.write(`${styles(terminal.err).red('pulse load:')} ${error.message}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

function printTable(terminal: Terminal, table: LoadedTable): void {
  const style = styles(terminal.out);
  terminal.out.write(`${style.bold(table.name)}: ${formatCount(table.rows)} rows, ${table.columns.length} columns (${table.file})\n`);
  const width = Math.max(...table.columns.map((column) => column.name.length));
  for (const column of table.columns) terminal.out.write(`  ${column.name.padEnd(width)}  ${style.dim(column.sqlType)}\n`);
  for (const note of table.notes) terminal.out.write(`  ${style.yellow('note:')} ${note}\n`);
}
