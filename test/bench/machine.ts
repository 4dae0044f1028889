import { cpus, totalmem, type as osType, release } from 'node:os';
import { version as duckdbVersion } from '@duckdb/node-api';

/** One line describing the machine a benchmark ran on, printed with every report. */
export function machineLine(): string {
  const cores = cpus();
  return `${cores[0]?.model ?? 'unknown CPU'} × ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, `
    + `${osType()} ${release()}, Node ${process.version}, DuckDB ${duckdbVersion()}`;
}

/** Formats a markdown table from a header row and data rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
