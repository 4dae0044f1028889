import type { Terminal } from './terminal.ts';

/** A `pulse` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for `pulse --help`. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], terminal: Terminal): Promise<number>;
}

/** The data folder when `--data` is not given: the only one `pulse serve` generates the sample data into. */
export const DEFAULT_DATA_DIR = './data';

/** Options every command takes (DESIGN.md §8). */
export const folderOptions = {
  data: { type: 'string', default: DEFAULT_DATA_DIR },
  notebooks: { type: 'string', default: './notebooks' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const folderHelp = `  --data DIR        the data folder: every CSV, Parquet and JSON file in it is a table (default ./data)
  --notebooks DIR   the notebooks folder (default ./notebooks)
  -h, --help        show this help`;
