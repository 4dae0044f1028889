import type { FunctionName } from '../model/ir.ts';
import type { ValueType } from '../model/schema.ts';

/** What a function accepts and returns, for the checker, completion and hover. */
export interface FunctionSignature {
  readonly name: Exclude<FunctionName, 'to_date'>;
  /** How it is written, for messages and hover: `clamp(x, lo, hi)`. */
  readonly usage: string;
  readonly description: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The type every argument must have; `same` means all arguments share one type. */
  readonly argType: 'number' | 'date' | 'same';
  /** The result type; `argument` is the type the arguments share. */
  readonly returns: 'number' | 'argument';
}

export const functionSignatures: readonly FunctionSignature[] = [
  { name: 'coalesce', usage: 'coalesce(a, b, …)', description: 'the first argument that is not null', minArgs: 1, maxArgs: Infinity, argType: 'same', returns: 'argument' },
  { name: 'clamp', usage: 'clamp(x, lo, hi)', description: 'x limited to the range lo…hi; null when any argument is null', minArgs: 3, maxArgs: 3, argType: 'number', returns: 'number' },
  { name: 'round', usage: 'round(x) or round(x, digits)', description: 'x rounded half away from zero', minArgs: 1, maxArgs: 2, argType: 'number', returns: 'number' },
  { name: 'abs', usage: 'abs(x)', description: 'the absolute value of x', minArgs: 1, maxArgs: 1, argType: 'number', returns: 'number' },
  { name: 'least', usage: 'least(a, b, …)', description: 'the smallest argument; null when any argument is null', minArgs: 2, maxArgs: Infinity, argType: 'same', returns: 'argument' },
  { name: 'greatest', usage: 'greatest(a, b, …)', description: 'the largest argument; null when any argument is null', minArgs: 2, maxArgs: Infinity, argType: 'same', returns: 'argument' },
  { name: 'days_between', usage: 'days_between(a, b)', description: 'calendar days from date a to date b (b − a)', minArgs: 2, maxArgs: 2, argType: 'date', returns: 'number' },
  { name: 'days_until', usage: 'days_until(d)', description: 'calendar days from the evaluation date to d', minArgs: 1, maxArgs: 1, argType: 'date', returns: 'number' },
  { name: 'days_since', usage: 'days_since(d)', description: 'calendar days from d to the evaluation date', minArgs: 1, maxArgs: 1, argType: 'date', returns: 'number' },
];

const byName = new Map(functionSignatures.map((signature) => [signature.name, signature]));

/** The signature of a function by name (case-insensitive), if it exists. */
export function functionSignature(name: string): FunctionSignature | undefined {
  return byName.get(name.toLowerCase() as FunctionSignature['name']);
}

/** "3 arguments", "1 or 2 arguments", "at least 2 arguments". */
export function describeArity(signature: FunctionSignature): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (signature.maxArgs === Infinity) return `at least ${plural(signature.minArgs)}`;
  if (signature.minArgs === signature.maxArgs) return plural(signature.minArgs);
  return `${signature.minArgs} or ${plural(signature.maxArgs)}`;
}

/** True when a value of type `actual` can stand where `expected` is needed. */
export function accepts(expected: ValueType, actual: ValueType): boolean {
  return actual === expected || actual === 'null' || actual === 'unknown' || expected === 'unknown';
}
