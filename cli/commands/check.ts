import { parseArgs } from 'node:util';
import { analyze, hasErrors } from '../../dsl/index.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import { folderHelp, folderOptions, type Command } from '../command.ts';
import { checkNotebook } from '../../engine/notebook/check.ts';
import { openDataFolder, printDiagnostics, readTextFile } from '../rules-file.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'check a rules file (.pulse) or a notebook (.pulse.md) against the tables of the data folder',
  help: `Usage: pulse check FILE [--data DIR] [--notebooks DIR]

Checks a rules file, or a notebook's pulse cells and chart lines, against the tables of the
data folder and prints every problem as
  FILE:LINE:COLUMN: error|warning: message
with what to do about it, where there is something specific to say, on the next line.
Prints "FILE: no problems" when there are none. Exits with 1 when there are errors and 0
otherwise (warnings alone do not fail). A missing or empty data folder is an error.

${folderHelp}`,

  async run(args, terminal) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: folderOptions });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new RangeError('give exactly one rules FILE to check');
    const [file] = positionals as [string];
    const notebook = file.toLowerCase().endsWith('.pulse.md');
    const text = await readTextFile(file);
    const workspace = await openDataFolder(terminal, { dataDir: values.data, notebooksDir: values.notebooks });
    try {
      const schema = await modelSchema(workspace.session);
      const diagnostics = notebook ? checkNotebook(text, schema) : analyze(text, schema).diagnostics;
      printDiagnostics(terminal.out, file, diagnostics);
      if (diagnostics.length === 0) terminal.out.write(`${file}: no problems\n`);
      return hasErrors(diagnostics) ? 1 : 0;
    } finally {
      workspace.session.close();
    }
  },
};
