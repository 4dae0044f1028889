import { createHash, randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PulseError } from '../errors.ts';
import { resolveInside } from '../paths.ts';
import { parseNotebook } from './format.ts';

/**
 * The notebook files of a notebooks folder (DESIGN.md §4, §9): listing, reading, saving with
 * conflict detection, creating and renaming `*.pulse.md` files. Every path is relative to the
 * folder and resolved inside it (`resolveInside`); saves are atomic, so a crash leaves either
 * the old file or the new one, never a mix. No HTTP here: the server and the CLI both use it.
 */

/** A notebook in a listing. */
export interface NotebookSummary {
  /** Relative to the notebooks folder, with `/` between folders. */
  readonly path: string;
  /** The first level-1 heading of its prose, or the file name without `.pulse.md`. */
  readonly title: string;
  /** Last modification, ISO 8601 in UTC. */
  readonly modified: string;
  /** In bytes. */
  readonly size: number;
}

/** A notebook's text and the version it was read at. */
export interface NotebookFile {
  readonly path: string;
  readonly text: string;
  /** An opaque hash of the file's bytes (first 16 hex digits of its SHA-256). */
  readonly version: string;
}

/**
 * A save or create refused because the file on disk is not the one the editor started from.
 * `current` is what is on disk now (absent when refusing a rename onto an existing file).
 */
export class NotebookConflictError extends PulseError {
  constructor(message: string, file: string, readonly current?: { readonly text: string; readonly version: string }, hint?: string) {
    super('conflict', message, { file }, hint);
  }
}

export const NOTEBOOK_EXTENSION = '.pulse.md';
const MAX_DEPTH = 16;
/**
 * The longest name of a notebook file or folder, in bytes of UTF-8: file systems allow 255,
 * and a save writes a temporary file whose name is the notebook's plus 18 bytes.
 */
const MAX_NAME_BYTES = 200;
/** The longest notebook path, in bytes: well inside the 4,096 a whole path may have, with the folder in front. */
const MAX_PATH_BYTES = 1000;

/** The version of a notebook's bytes. */
export function notebookVersion(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** True for names the store treats as notebooks: `*.pulse.md`, not hidden. */
export function isNotebookName(name: string): boolean {
  return name.toLowerCase().endsWith(NOTEBOOK_EXTENSION) && name.length > NOTEBOOK_EXTENSION.length && !name.startsWith('.');
}

/**
 * Every notebook in the folder and its subfolders, by path. Hidden files and folders (names
 * starting with `.`, such as the temporary files of a save in progress) and symbolic links are
 * not followed or listed.
 */
export async function listNotebooks(folder: string): Promise<NotebookSummary[]> {
  const root = await realpath(folder);
  const found: NotebookSummary[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) {
        await visit(full, depth + 1);
      } else if (entry.isFile() && isNotebookName(entry.name)) {
        const [bytes, info] = await Promise.all([readFile(full), stat(full)]).catch(() => [undefined, undefined] as const);
        if (!bytes || !info) continue; // removed while listing
        const path = relativePath(root, full);
        found.push({ path, title: notebookTitle(bytes.toString('utf8')) ?? titleFromName(path), modified: info.mtime.toISOString(), size: info.size });
      }
    }
  };
  await visit(root, 0);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Reads a notebook; `not_found` when there is none at `path`. */
export async function readNotebook(folder: string, path: string): Promise<NotebookFile> {
  const { root, target } = await notebookPath(folder, path);
  const shown = relativePath(root, target);
  const bytes = await readExisting(target);
  if (bytes === undefined) throw missing(shown);
  return { path: shown, text: bytes.toString('utf8'), version: notebookVersion(bytes) };
}

/**
 * Saves `text` at `path` when the file on disk is still at `baseVersion` (null: there must be
 * no file yet, and folders on the way are created). Otherwise nothing is written and a
 * `NotebookConflictError` carries what is on disk; a `baseVersion` for a file that no longer
 * exists is `not_found`. The write is atomic: a temporary file in the same folder, flushed to
 * disk, renamed over the notebook, and the folder flushed too.
 */
export async function saveNotebook(folder: string, path: string, text: string, baseVersion: string | null): Promise<{ path: string; version: string }> {
  return saveBytes(folder, path, Buffer.from(text, 'utf8'), baseVersion);
}

async function saveBytes(folder: string, path: string, bytes: Uint8Array, baseVersion: string | null): Promise<{ path: string; version: string }> {
  const { root, target } = await notebookPath(folder, path);
  const shown = relativePath(root, target);
  return withLock(target, async () => {
    const current = await readExisting(target);
    if (current !== undefined) {
      const version = notebookVersion(current);
      if (version !== baseVersion) {
        throw new NotebookConflictError(
          baseVersion === null
            ? `${shown} already exists.`
            : `${shown} was changed on disk since it was opened; the save was refused so that neither version is lost.`,
          shown, { text: current.toString('utf8'), version },
          baseVersion === null ? 'Choose another name.' : 'Compare the two versions, keep what you need, and save again.');
      }
    } else if (baseVersion !== null) {
      throw new PulseError('not_found', `${shown} no longer exists: it was moved or deleted since it was opened.`, { file: shown },
        'Save it again as a new notebook to keep your text.');
    }
    if (current === undefined) await mkdir(dirname(target), { recursive: true });
    await writeAtomically(target, bytes);
    return { path: shown, version: notebookVersion(bytes) };
  });
}

/**
 * Creates `<name>.pulse.md` (the extension is added unless `name` has it) from a short
 * template whose heading is the name; a conflict when it exists.
 */
export async function createNotebook(folder: string, name: string): Promise<NotebookFile> {
  const trimmed = name.trim();
  if (trimmed === '' || /[\0-\x1f\x7f]/.test(trimmed)) {
    throw new PulseError('bad_argument', 'A notebook needs a name without control characters.', {}, 'For example: q3-health-review');
  }
  const path = trimmed.toLowerCase().endsWith(NOTEBOOK_EXTENSION) ? trimmed : `${trimmed}${NOTEBOOK_EXTENSION}`;
  const text = notebookTemplate(titleFromName(path));
  const saved = await saveNotebook(folder, path, text, null);
  return { path: saved.path, text, version: saved.version };
}

/** The text of a new notebook. */
export function notebookTemplate(title: string): string {
  return `# ${title}

Prose is Markdown. \`pulse\` cells hold the rules (sources, measures, scores, segments), \`sql\`
cells query the loaded tables and earlier named \`sql\` cells, \`chart\` cells draw them.

\`\`\`pulse
# entity accounts key account_id
\`\`\`
`;
}

/**
 * Renames (moves) a notebook inside the folder, creating folders on the way; never replaces
 * an existing file (a conflict). Returns the new path.
 */
export async function renameNotebook(folder: string, from: string, to: string): Promise<{ path: string }> {
  const source = await notebookPath(folder, from);
  const destination = await notebookPath(folder, to.trim().toLowerCase().endsWith(NOTEBOOK_EXTENSION) ? to.trim() : `${to.trim()}${NOTEBOOK_EXTENSION}`);
  const fromShown = relativePath(source.root, source.target);
  const toShown = relativePath(destination.root, destination.target);
  const isFile = async () => (await lstat(source.target).catch(() => undefined))?.isFile() === true;
  if (source.target === destination.target) {
    if (!(await isFile())) throw missing(fromShown);
    return { path: toShown };
  }
  const [first, second] = [source.target, destination.target].sort();
  return withLock(first!, () => withLock(second!, async () => {
    if (!(await isFile())) throw missing(fromShown);
    await mkdir(dirname(destination.target), { recursive: true });
    const exists = () => new NotebookConflictError(`${toShown} already exists; renaming would replace it.`, toShown, undefined, 'Choose another name.');
    try {
      // A hard link fails when the target exists, atomically; a plain rename would replace it.
      await link(source.target, destination.target);
      await unlink(source.target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw exists();
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
      // A file system without hard links: check, then rename.
      if ((await lstat(destination.target).catch(() => undefined)) !== undefined) throw exists();
      await rename(source.target, destination.target);
    }
    await syncFolder(dirname(destination.target));
    if (dirname(source.target) !== dirname(destination.target)) await syncFolder(dirname(source.target));
    return { path: toShown };
  }));
}

/**
 * Copies every notebook of `from` (and its subfolders) into `to` when `to` holds no notebook
 * yet, e.g. the sample notebooks into an empty notebooks folder. A missing `from` copies
 * nothing. Returns the paths copied.
 */
export async function seedNotebooks(from: string, to: string): Promise<string[]> {
  if ((await listNotebooks(to)).length > 0) return [];
  const source = await realpath(from).catch(() => undefined);
  if (source === undefined) return [];
  const copied: string[] = [];
  for (const notebook of await listNotebooks(source)) {
    const bytes = await readFile(join(source, ...notebook.path.split('/')));
    await saveBytes(to, notebook.path, bytes, null).then(() => copied.push(notebook.path), (error: unknown) => {
      if (!(error instanceof NotebookConflictError)) throw error;
    });
  }
  return copied;
}

/** The temporary file of a save (`writeAtomically`): `.NAME.pulse.md.<12 hex digits>.tmp`. */
const SAVE_TEMPORARY = /^\..+\.pulse\.md\.[0-9a-f]{12}\.tmp$/i;

/**
 * Removes the temporary files that saves interrupted by a crash left in `folder` (and its
 * subfolders), once they are older than `olderThanMs`: a save takes milliseconds, so an older
 * one belongs to no save still running (another process may be saving right now). Returns the
 * paths removed, relative to the folder.
 */
export async function removeInterruptedSaves(folder: string, olderThanMs = 60_000): Promise<string[]> {
  const root = await realpath(folder).catch(() => undefined);
  if (root === undefined) return [];
  const removed: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && depth < MAX_DEPTH) {
        await visit(full, depth + 1);
      } else if (entry.isFile() && SAVE_TEMPORARY.test(entry.name)) {
        const modified = await stat(full).then((info) => info.mtimeMs, () => null);
        if (modified === null || Date.now() - modified < olderThanMs) continue;
        await rm(full, { force: true });
        removed.push(relativePath(root, full));
      }
    }
  };
  await visit(root, 0);
  return removed;
}

/** The first level-1 Markdown heading of the notebook's prose (not inside code blocks). */
export function notebookTitle(text: string): string | undefined {
  for (const cell of parseNotebook(text).cells) {
    if (cell.kind !== 'markdown') continue;
    let fence: string | undefined;
    for (const line of cell.source.split(/\r?\n/)) {
      const marks = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marks && (fence === undefined || (marks[0] === fence[0] && marks.length >= fence.length))) {
        fence = fence === undefined ? marks : undefined;
        continue;
      }
      if (fence !== undefined) continue;
      const heading = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
      if (heading) return heading;
    }
  }
  return undefined;
}

function titleFromName(path: string): string {
  const name = basename(path).slice(0, -NOTEBOOK_EXTENSION.length).replace(/[-_]+/g, ' ').trim();
  return name === '' ? 'Untitled' : name[0]!.toUpperCase() + name.slice(1);
}

/** Resolves a notebook path inside the folder: only visible `*.pulse.md` files. */
async function notebookPath(folder: string, path: string): Promise<{ root: string; target: string }> {
  if (typeof path !== 'string') throw new PulseError('bad_argument', 'A notebook path must be a string.');
  checkLength(path);
  const target = await resolveInside(folder, path);
  const root = await realpath(folder);
  const parts = relative(root, target).split(sep);
  if (!isNotebookName(parts[parts.length - 1] ?? '') || parts.some((part) => part.startsWith('.'))) {
    throw new PulseError('bad_argument', `"${path}" is not a notebook: notebooks are visible ${NOTEBOOK_EXTENSION} files.`, { file: path },
      `For example: health-review${NOTEBOOK_EXTENSION}`);
  }
  return { root, target };
}

/** Refuses a path the file system would refuse as too long (ENAMETOOLONG), with the limit. */
function checkLength(path: string): void {
  const tooLong = (message: string) => new PulseError('bad_argument', message, { file: path }, 'Choose a shorter name.');
  const pathBytes = Buffer.byteLength(path);
  if (pathBytes > MAX_PATH_BYTES) {
    throw tooLong(`The path is ${pathBytes} bytes long: a notebook's path may be at most ${MAX_PATH_BYTES.toLocaleString('en-US')} bytes (UTF-8).`);
  }
  for (const name of path.split(/[\\/]/)) {
    const bytes = Buffer.byteLength(name);
    if (bytes > MAX_NAME_BYTES) {
      throw tooLong(`"${name.slice(0, 40)}…" is ${bytes} bytes long: a notebook's name, and each folder's, may be at most ${MAX_NAME_BYTES} bytes (UTF-8, with ${NOTEBOOK_EXTENSION}).`);
    }
  }
}

function relativePath(root: string, target: string): string {
  return relative(root, target).split(sep).join('/');
}

async function readExisting(target: string): Promise<Buffer | undefined> {
  try {
    return await readFile(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new PulseError('bad_argument', `${basename(target)} is a folder, not a notebook.`);
    if (code === 'ENOTDIR') throw new PulseError('bad_argument', `${basename(dirname(target))} is a file, not a folder.`);
    throw error;
  }
}

function missing(path: string): PulseError {
  return new PulseError('not_found', `${path}: no such notebook.`, { file: path });
}

/**
 * Replaces `target` with `bytes` so that a crash at any moment leaves either the old file or
 * the new one: the temporary file is hidden and ends in `.tmp`, so listings never take it for
 * a notebook.
 */
async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await stat(target).then((info) => info.mode & 0o777, () => 0o644);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries (the rename) to disk; not every platform can. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier call for the same file has finished (saves in one process do not interleave). */
async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = locks.get(key) ?? Promise.resolve();
  const result = before.then(work, work);
  const settled = result.catch(() => {});
  locks.set(key, settled);
  try {
    return await result;
  } finally {
    if (locks.get(key) === settled) locks.delete(key);
  }
}
