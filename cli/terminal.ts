import type { WriteStream } from 'node:tty';

/** Output streams a command writes to; tests pass their own. */
export interface Terminal {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export const processTerminal: Terminal = { out: process.stdout, err: process.stderr };

/** True when `stream` is an interactive terminal (progress bars and colour make sense). */
export function isInteractive(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as Partial<WriteStream>).isTTY);
}

/** Colour helpers that honour NO_COLOR (https://no-color.org) and plain pipes. */
export function styles(stream: NodeJS.WritableStream): { bold(text: string): string; dim(text: string): string; red(text: string): string; yellow(text: string): string } {
  const on = isInteractive(stream) && !process.env.NO_COLOR;
  const wrap = (code: number, reset: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[${reset}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39) };
}

/**
 * A progress bar on an interactive terminal, redrawn in place; nothing on a pipe.
 * Returns the listener to call with (done, total, label) and a function that ends the bar.
 */
export function progressBar(stream: NodeJS.WritableStream, title: string): { update(done: number, total: number, label: string): void; finish(): void } {
  if (!isInteractive(stream)) return { update() {}, finish() {} };
  const width = 24;
  let drawn = false;
  return {
    update(done, total, label) {
      const filled = Math.round((done / total) * width);
      stream.write(`\r\u001b[2K${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

/** Right-aligns numbers with thousands separators, for summaries. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
