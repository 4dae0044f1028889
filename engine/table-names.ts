import { basename, extname } from 'node:path';
import { PulseError } from './errors.ts';

/** The file formats Pulse loads, by extension. */
export type FileFormat = 'csv' | 'parquet' | 'json';

const formatsByExtension: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv',
  '.parquet': 'parquet', '.pq': 'parquet',
  '.json': 'json', '.jsonl': 'json', '.ndjson': 'json',
};

/** The format of a file from its extension, or undefined when Pulse does not load it. */
export function fileFormatOf(path: string): FileFormat | undefined {
  return formatsByExtension[extname(path).toLowerCase()];
}

/** The supported extensions, for messages. */
export const supportedExtensions: readonly string[] = Object.keys(formatsByExtension);

/**
 * The table name for a file (DESIGN.md §8): the file name without extension, lower-cased, with
 * every run of other characters turned into `_` (`Telco Churn.csv` → `telco_churn`).
 */
export function tableNameForFile(path: string): string {
  const file = basename(path);
  return normaliseTableName(file.slice(0, file.length - extname(file).length), file);
}

/**
 * A user-chosen table name (`--as`), normalised the same way as file names; throws when
 * nothing usable is left.
 */
export function normaliseTableName(name: string, source = name): string {
  const normal = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (normal === '') {
    throw new PulseError('bad_table_name', `"${source}" does not give a usable table name.`, {},
      'Use letters, digits and underscores, e.g. --as my_table.');
  }
  // A name must not start with a digit to be usable unquoted in rules and SQL.
  return /^[0-9]/.test(normal) ? `t_${normal}` : normal;
}
