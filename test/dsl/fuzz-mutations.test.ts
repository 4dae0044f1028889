/**
 * Fuzzing the rules language with real models broken in small ways: the models of `corpus.ts`
 * (the DESIGN.md example, the sample health model and others that use every construct), or
 * pieces of them, with one to six mutations each — characters and tokens deleted, inserted,
 * duplicated, swapped and replaced. The invariants are those of `checkInput`; generation is
 * seeded and a failure prints the input. See `fuzz.test.ts` for random text and random models
 * (and the known bugs); together the two files run over 100,000 inputs.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { fuzzInputs, mutatedModelArb } from './fuzz-support.ts';

const summaries: string[] = [];
afterAll(() => console.log(summaries.join('\n')));

const fuzz = (label: string, arbitrary: fc.Arbitrary<string>, seed: number, runs: number) => fuzzInputs(summaries, label, arbitrary, seed, runs);

describe('fuzzing analyze and compileModel with mutated models', () => {
  it('mutated corpus models (first third)', () => fuzz('mutated models 1', mutatedModelArb, 2001, 8_000));
  it('mutated corpus models (second third)', () => fuzz('mutated models 2', mutatedModelArb, 2002, 8_000));
  it('mutated corpus models (last third)', () => fuzz('mutated models 3', mutatedModelArb, 2003, 8_000));
});
