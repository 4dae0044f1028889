import { parseArgs } from 'node:util';
import { defaultSampleParams, generateSample } from '../../samples/generate.ts';
import type { Command } from '../command.ts';
import { formatCount, progressBar } from '../terminal.ts';
import { checkFolderOption } from '../folders.ts';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'generate the seeded customer-success sample data as Parquet files',
  help: `Usage: pulse sample [--accounts N] [--seed S] [--out DIR]

Generates the canonical tables (accounts, subscriptions, invoices, usage_events, tickets,
nps_responses, csat_responses, referrals, trainings) as Parquet files. The same seed and
size always give byte-identical files.

  --accounts N   number of accounts (default ${formatCount(defaultSampleParams.accounts)})
  --seed S       random seed (default ${defaultSampleParams.seed})
  --out DIR      where to write the files (default ./data)
  -h, --help     show this help`,

  async run(args, terminal) {
    const { values } = parseArgs({
      args,
      options: {
        accounts: { type: 'string', default: String(defaultSampleParams.accounts) },
        seed: { type: 'string', default: String(defaultSampleParams.seed) },
        out: { type: 'string', default: './data' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    await checkFolderOption('--out', values.out);
    const bar = progressBar(terminal.err, 'Generating');
    const report = await generateSample(values.out, { accounts: wholeNumber('--accounts', values.accounts), seed: wholeNumber('--seed', values.seed) },
      (done, total, label) => bar.update(done, total, label));
    bar.finish();
    terminal.out.write(`Wrote ${report.tables.length} tables to ${report.outDir} in ${(report.elapsedMs / 1000).toFixed(1)} s:\n`);
    for (const table of report.tables) {
      terminal.out.write(`  ${table.name.padEnd(16)} ${formatCount(table.rows).padStart(13)} rows\n`);
    }
    return 0;
  },
};

function wholeNumber(option: string, text: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!/^[0-9_]+$/.test(text) || !Number.isSafeInteger(value)) throw new RangeError(`${option} must be a whole number (got "${text}")`);
  return value;
}
