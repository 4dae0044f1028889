import { backtestCommand } from './commands/backtest.ts';
import { checkCommand } from './commands/check.ts';
import { loadCommand } from './commands/load.ts';
import { runCommand } from './commands/run.ts';
import { sampleCommand } from './commands/sample.ts';
import { serveCommand } from './commands/serve.ts';
import type { Command } from './command.ts';
import { reportError } from './report-error.ts';
import { processTerminal, type Terminal } from './terminal.ts';

const commands: readonly Command[] = [serveCommand, checkCommand, runCommand, backtestCommand, sampleCommand, loadCommand];

const overview = `Usage: pulse <command> [options]

Pulse is a local workbench for customer-success analytics: health scores, segments,
churn cohorts and backtests over your data in DuckDB.

Commands:
${commands.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`).join('\n')}

Run "pulse <command> --help" for a command's options. Without a command, pulse serves.`;

/** Runs the `pulse` command line; resolves to the exit code. */
export async function main(argv: string[], terminal: Terminal = processTerminal): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    terminal.out.write(`${overview}\n`);
    return 0;
  }
  const named = commands.find((command) => command.name === first);
  if (first !== undefined && !first.startsWith('-') && !named) {
    terminal.err.write(`pulse: unknown command "${first}"\n\n${overview}\n`);
    return 2;
  }
  const command = named ?? serveCommand;
  const args = named ? rest : argv;
  try {
    return await command.run(args, terminal);
  } catch (error) {
    return reportError(terminal, command.name, error);
  }
}
