import { open, stat } from 'node:fs/promises';
import { PulseError } from './errors.ts';
import type { FileFormat } from './table-names.ts';

const SNIFF_BYTES = 64 * 1024;

/**
 * Checks what can be checked before DuckDB reads a file, so that the common mistakes get a
 * plain message: a missing file, an empty one, a binary file renamed `.csv`, a Parquet file
 * that is not one. `shownAs` is how the file is named in messages.
 */
export async function checkLoadableFile(path: string, format: FileFormat, shownAs: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new PulseError('file_not_found', `${shownAs}: no such file.`, { file: shownAs });
  if (!info.isFile()) throw new PulseError('file_unsupported', `${shownAs}: not a regular file.`, { file: shownAs });
  if (info.size === 0) {
    throw new PulseError('file_empty', `${shownAs}: the file is empty (0 bytes).`, { file: shownAs },
      format === 'csv' ? 'A CSV file needs at least a header line.' : undefined);
  }
  const head = await readHead(path);
  if (format === 'parquet') {
    if (head.subarray(0, 4).toString('latin1') !== 'PAR1') {
      throw new PulseError('file_malformed', `${shownAs}: not a Parquet file (it does not start with the Parquet marker "PAR1").`,
        { file: shownAs });
    }
    return;
  }
  const problem = textProblem(head, head.length < info.size);
  if (problem) {
    throw new PulseError('file_not_text',
      `${shownAs}: not a text file — ${problem.reason} at line ${problem.line}. Is it really a ${format.toUpperCase()} file?`,
      { file: shownAs, line: problem.line }, 'Export the data as UTF-8 text, or load it with the right extension.');
  }
  if (head.toString('utf8').trim() === '') {
    throw new PulseError('file_empty', `${shownAs}: the file holds only blank space.`, { file: shownAs });
  }
}

/**
 * The field separator of a CSV file, guessed from its first line: the most frequent of
 * `,` `;` tab `|` outside quotes (`,` when there is none).
 */
export async function guessDelimiter(path: string): Promise<string> {
  const firstLine = (await readHead(path)).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0], ['|', 0]]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function textProblem(head: Buffer, cut: boolean): { reason: string; line: number } | undefined {
  const lineAt = (offset: number) => 1 + head.subarray(0, offset).filter((byte) => byte === 0x0a).length;
  const nul = head.indexOf(0);
  if (nul >= 0) return { reason: 'it contains NUL bytes', line: lineAt(nul) };
  try {
    // `stream: true` tolerates a character cut in half at the end of the sniffed bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: cut });
    return undefined;
  } catch {
    return { reason: 'it is not valid UTF-8', line: lineAt(firstInvalidUtf8(head)) };
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // Validity of a prefix is monotone (a bad prefix stays bad), so bisect on the prefix length.
  const valid = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (valid(middle)) good = middle;
    else bad = middle;
  }
  return good;
}
