import type { GenerationStep } from './step.ts';

/**
 * Randomness as pure functions of (seed, stream, keys): every draw is a hash, so the data
 * does not depend on thread scheduling or row order, and the same seed gives the same data.
 *
 * - `u01(stream, a, b, c)`: uniform in [0, 1).
 * - `nrm(stream, a, b, c)`: standard normal (Box–Muller over two independent uniforms).
 * - `pick(list, u)`: the element of `list` at uniform position `u`.
 * - `poisson_ish(rate, stream, a, b, c)`: a non-negative whole count with mean about `rate`
 *   and extra spread, as real activity counts have.
 */
export const randomMacros: GenerationStep = {
  label: 'random streams',
  sql: ({ seed }) => `
CREATE OR REPLACE MACRO u01(s, a, b, c) AS ((hash(${seed}::BIGINT, s, a, b, c) >> 11)::DOUBLE / 9007199254740992.0);
CREATE OR REPLACE MACRO nrm(s, a, b, c) AS
  (sqrt(-2 * ln(1 - u01(s || '/radius', a, b, c))) * cos(2 * pi() * u01(s, a, b, c)));
CREATE OR REPLACE MACRO pick(list, u) AS (list[1 + floor(u * len(list))::INTEGER]);
CREATE OR REPLACE MACRO sigmoid(x) AS (1 / (1 + exp(-x)));
CREATE OR REPLACE MACRO poisson_ish(rate, s, a, b, c) AS
  (floor(rate * exp(0.35 * nrm(s, a, b, c) - 0.06125) + u01(s || '/frac', a, b, c))::INTEGER);
`,
};
