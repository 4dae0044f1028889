/** Reading a streamed answer of one JSON value per line (`application/x-ndjson`). */

/**
 * The values of an NDJSON body, each as soon as its line is complete. Blank lines are skipped;
 * a last line without its newline still counts (a writer may end without one).
 */
export async function* readJsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) yield JSON.parse(line);
    }
    pending += decoder.decode();
    if (pending.trim()) yield JSON.parse(pending);
  } finally {
    // A consumer that stops early (a superseded run) lets go of the connection.
    reader.cancel().catch(() => undefined);
  }
}
