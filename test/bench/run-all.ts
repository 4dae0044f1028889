/**
 * `npm run bench`: runs every benchmark and prints a markdown report. Figures are measured
 * in one run on one machine; compare ratios, not absolute times, across machines.
 *
 *   npm run bench                       everything at full size
 *   npm run bench -- --quick            small sizes, for a smoke run
 *   npm run bench -- --only=rules       one section (sample, rules, metrics, backtest, server)
 */
import { benchBacktest } from './backtest.ts';
import { machineLine } from './machine.ts';
import { benchMetrics } from './metrics.ts';
import { benchRulesLanguage } from './rules-language.ts';
import { benchSampleGeneration } from './sample-generation.ts';
import { benchServerLoad } from './server-load.ts';

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const sections: string[] = [`# Pulse benchmarks\n\nMachine: ${machineLine()}\nDate: ${new Date().toISOString()}`];
if (!only || only === 'sample') sections.push(await benchSampleGeneration(quick ? [1_000, 10_000] : [10_000, 100_000, 1_000_000]));
if (!only || only === 'rules') sections.push(await benchRulesLanguage(quick ? 10_000 : 100_000));
if (!only || only === 'backtest') sections.push(await benchBacktest(quick ? 10_000 : 100_000));
if (!only || only === 'metrics') sections.push(await benchMetrics(quick ? [10_000] : [100_000, 1_000_000]));
if (!only || only === 'server') sections.push(await benchServerLoad(10_000, quick ? 10 : 50));
process.stdout.write(`${sections.join('\n\n')}\n`);
