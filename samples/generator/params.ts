/** What the caller chooses about a generated sample. */
export interface SampleParams {
  /** Number of accounts (rows of `accounts`). */
  readonly accounts: number;
  /** Seed: the same seed and size give byte-identical files. */
  readonly seed: number;
  /** Last day of the data, a month end (UTC calendar date). */
  readonly endDate: string;
  /** How many calendar months of history end at `endDate`. */
  readonly months: number;
}

export const defaultSampleParams: SampleParams = {
  accounts: 10_000,
  seed: 42,
  endDate: '2025-06-30',
  months: 36,
};

/** Parameters plus the dates every generation step shares. */
export interface GenerationContext extends SampleParams {
  /** First day of the data: `months` months before the day after `endDate`. */
  readonly startDate: string;
  /** Days from `startDate` to `endDate`, both included. */
  readonly days: number;
}

/** Validates the parameters and derives the shared dates; throws RangeError on nonsense. */
export function generationContext(params: SampleParams): GenerationContext {
  const { accounts, seed, endDate, months } = params;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 50_000_000) {
    throw new RangeError(`accounts must be a whole number from 1 to 50,000,000 (got ${accounts})`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) {
    throw new RangeError(`seed must be a whole number from 0 to 2^31 (got ${seed})`);
  }
  if (!Number.isInteger(months) || months < 3 || months > 240) {
    throw new RangeError(`months must be a whole number from 3 to 240 (got ${months})`);
  }
  const end = parseIsoDate(endDate);
  const dayAfterEnd = new Date(end.getTime() + 86_400_000);
  if (dayAfterEnd.getUTCDate() !== 1) throw new RangeError(`endDate must be the last day of a month (got ${endDate})`);
  const start = new Date(Date.UTC(dayAfterEnd.getUTCFullYear(), dayAfterEnd.getUTCMonth() - months, 1));
  const days = Math.round((dayAfterEnd.getTime() - start.getTime()) / 86_400_000);
  return { ...params, startDate: start.toISOString().slice(0, 10), days };
}

function parseIsoDate(text: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${text}`);
  }
  return date;
}
