/**
 * Fuzzing the rules language with random input: random token sequences over the language's
 * alphabet, random characters (control characters, stray Unicode and lone surrogates
 * included) and random models from the language's grammar over the sample's tables (many of
 * which check cleanly, so that the checker and the compiler get exercised too). No input may
 * make `analyze` throw, every diagnostic must be well formed, and whatever model results must
 * compile (see `checkInput`). Generation is seeded: a failure prints the input, fast-check's
 * shrunk counterexample and the seed to reproduce it (PULSE_FUZZ_SEED and PULSE_FUZZ_SCALE
 * explore further).
 *
 * `fuzz-mutations.test.ts` does the same with mutated real models; together the two files run
 * over 100,000 inputs. `fuzz-sql.test.ts` runs the random models on DuckDB. Known bugs in
 * `dsl/` are pinned at the end of this file.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../../dsl/index.ts';
import { sampleSchema } from '../helpers/sample-schema.ts';
import { corpus } from './corpus.ts';
import { charSoupArb, diagnosticProblem, fuzzInputs, grammarModelArb, tokenSoupArb } from './fuzz-support.ts';

const summaries: string[] = [];
afterAll(() => console.log(summaries.join('\n')));

const fuzz = (label: string, arbitrary: fc.Arbitrary<string>, seed: number, runs: number) => fuzzInputs(summaries, label, arbitrary, seed, runs);

describe('the fuzz corpus', () => {
  it.each(corpus.map((text, index) => [index, text] as const))('model %i is free of errors and compiles', (_index, text) => {
    const analysis = analyze(text, sampleSchema);
    expect(analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(analysis.model).not.toBeNull();
    expect(compileModel(analysis.model!, '2025-06-30').sql).toMatch(/^WITH/);
  });
});

describe('fuzzing analyze and compileModel with random input', () => {
  it('random token sequences (first half)', () => fuzz('token sequences 1', tokenSoupArb, 1001, 17_000));
  it('random token sequences (second half)', () => fuzz('token sequences 2', tokenSoupArb, 1002, 17_000));
  it('random characters', () => fuzz('characters', charSoupArb, 1003, 36_000));
  it('random models from the grammar', () => {
    const tally = fuzz('grammar models', grammarModelArb, 1004, 8_000);
    // The generator is only useful if a good share of its models reach the compiler.
    expect(tally.compiled).toBeGreaterThan(tally.inputs / 10);
  });
});

/** Bugs the fuzzing found, each as the smallest input, now fixed and kept as regression tests. */
describe('regressions found by fuzzing', () => {
  it('a number too large for a double is a diagnostic, not a crash (measure m = 1e999)', () => {
    for (const text of ['measure m = 1e999', 'score s { a weight 1e999 = 1 }', 'measure m = band seats { else: 1e999 }', 'measure m = round(1, 1e999)']) {
      const { model, diagnostics } = analyze(text, sampleSchema);
      expect(model).toBeNull();
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain('number-out-of-range');
    }
    expect(analyze('measure m = count(usage during last 1e20 days)', sampleSchema).model).toBeNull();
  });

  it("a lone \\r ends a string like any line break, so later positions stay right (measure m = '\\r' x)", () => {
    const text = "measure m = '\r' x";
    const { diagnostics } = analyze(text, sampleSchema);
    const lines = text.split(/\r\n|\r|\n/);
    expect(diagnostics.map((diagnostic) => diagnosticProblem(lines, diagnostic))).toEqual(diagnostics.map(() => null));
    expect(diagnostics[0]).toMatchObject({ code: 'unclosed-string', range: { start: { line: 1, column: 13 } } });
  });

  it('deep nesting and very long statements are diagnostics, not stack overflows', () => {
    const nested = analyze(`measure m = ${'('.repeat(500)}1${')'.repeat(500)}`, sampleSchema);
    expect(nested.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['nested-too-deeply']);
    const long = analyze(`measure m = 1${' + 1'.repeat(10_000)}`, sampleSchema);
    expect(long.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['statement-too-long']);
    const minus = analyze(`measure m = ${'-'.repeat(2_000)}1`, sampleSchema);
    expect(minus.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['statement-too-long']);
    // Just under the limits, the text parses and checks.
    expect(analyze(`measure m = ${'('.repeat(60)}1${')'.repeat(60)}`, sampleSchema).diagnostics).toEqual([]);
    expect(analyze(`measure m = 1${' + 1'.repeat(990)}`, sampleSchema).diagnostics).toEqual([]);
  });
});
