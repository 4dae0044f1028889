import { PassThrough } from 'node:stream';
import { main } from '../../cli/main.ts';

/** Runs `pulse …` in-process and captures what it prints. */
export async function pulse(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (chunk: Buffer) => chunks.out.push(chunk));
  err.on('data', (chunk: Buffer) => chunks.err.push(chunk));
  const code = await main(args, { out, err });
  return { code, out: Buffer.concat(chunks.out).toString(), err: Buffer.concat(chunks.err).toString() };
}
