import type { Request } from 'express';
import { PulseError } from '../../engine/errors.ts';

/*
 * Reading the fields of a JSON request body, with a 400 `bad_argument` that names the field
 * when one is missing or of the wrong type.
 */

/** The JSON body as an object; 400 when the request has none. */
export function jsonBody(request: Request): Record<string, unknown> {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badField('The request needs a JSON object body (Content-Type: application/json).');
  }
  return body as Record<string, unknown>;
}

export function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw badField(`"${name}" must be a string.`);
  return value;
}

export function optionalStringField(body: Record<string, unknown>, name: string): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : stringField(body, name);
}

export function integerField(body: Record<string, unknown>, name: string, min = 0): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw badField(`"${name}" must be an integer of at least ${min}.`);
  return value;
}

export function optionalIntegerListField(body: Record<string, unknown>, name: string): number[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0)) {
    throw badField(`"${name}" must be a list of cell indexes (integers from 0).`);
  }
  return value as number[];
}

export function stringListField(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw badField(`"${name}" must be a list of strings.`);
  return value as string[];
}

/** A 1-based `{ line, column }`. */
export function positionField(body: Record<string, unknown>, name: string): { line: number; column: number } {
  const value = body[name];
  if (typeof value !== 'object' || value === null) throw badField(`"${name}" must be a position { "line", "column" } (1-based).`);
  const position = value as Record<string, unknown>;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (!ok(position.line) || !ok(position.column)) throw badField(`"${name}" must be a position { "line", "column" } (1-based).`);
  return { line: position.line as number, column: position.column as number };
}

function badField(message: string): PulseError {
  return new PulseError('bad_argument', message);
}
