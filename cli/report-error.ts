import { PulseError } from '../engine/errors.ts';
import { styles, type Terminal } from './terminal.ts';

/**
 * Prints an error for a person: `pulse <command>: <message>` and the hint on its own line.
 * Errors Pulse did not expect also get their stack, since they are bugs. Returns exit code 1.
 */
export function reportError(terminal: Terminal, command: string, error: unknown): number {
  const style = styles(terminal.err);
  if (error instanceof PulseError) {
    terminal.err.write(`${style.red(`pulse ${command}:`)} ${error.message}\n`);
    if (error.hint) terminal.err.write(`  ${style.dim(error.hint)}\n`);
  } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    terminal.err.write(`${style.red(`pulse ${command}:`)} ${error.message}\n  ${style.dim(`See pulse ${command} --help.`)}\n`);
  } else if (error instanceof RangeError) {
    terminal.err.write(`${style.red(`pulse ${command}:`)} ${error.message}\n`);
  } else {
    terminal.err.write(`${style.red(`pulse ${command}: unexpected error`)}\n${error instanceof Error ? error.stack : String(error)}\n`);
  }
  return 1;
}
