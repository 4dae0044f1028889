import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { PulseError } from './errors.ts';

/**
 * Resolves a path given by a user or a request inside `folder`, refusing absolute paths, `..`
 * and symbolic links that lead out of the folder. The file need not exist yet; its nearest
 * existing ancestor is what gets checked against links. Returns the absolute path.
 */
export async function resolveInside(folder: string, requested: string): Promise<string> {
  if (requested === '' || isAbsolute(requested) || requested.split(/[\\/]/).includes('..') || requested.includes('\0')) {
    throw outside(requested);
  }
  const root = await realpath(folder);
  const target = resolve(root, requested);
  if (!isWithin(root, target)) throw outside(requested);
  const real = await realpathOfExistingAncestor(target);
  if (!isWithin(root, real)) throw outside(requested);
  return target;
}

/** True when `path` is `folder` itself or lies below it (both absolute and normalised). */
export function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

async function realpathOfExistingAncestor(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = resolve(path, '..');
    if (parent === path) return path;
    const real = await realpathOfExistingAncestor(parent);
    return resolve(real, relative(parent, path));
  }
}

function outside(requested: string): PulseError {
  return new PulseError('path_outside_folder', `"${requested}" is not a path inside the allowed folder.`, {},
    'Use a plain relative name such as my-notebook.pulse.md.');
}
