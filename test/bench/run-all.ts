/**
 * `npm run bench`: runs every benchmark and prints a markdown report. Figures are measured
 * in one run on one machine; compare ratios, not absolute times, across machines.
 *
 *   npm run bench                 all benchmarks at full size (sample generation up to 1M accounts)
 *   npm run bench -- --quick      small sizes only, for a smoke run
 */
import { machineLine } from './machine.ts';
import { benchSampleGeneration } from './sample-generation.ts';

const quick = process.argv.includes('--quick');
const sections: string[] = [`# Pulse benchmarks\n\nMachine: ${machineLine()}\nDate: ${new Date().toISOString()}`];
sections.push(await benchSampleGeneration(quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000]));
process.stdout.write(`${sections.join('\n\n')}\n`);
