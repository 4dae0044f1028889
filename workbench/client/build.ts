import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/*
 * Builds the browser page of the workbench with esbuild: `src/` → `dist/` (git-ignored).
 * Two bundles: the page itself (`app.js` + `app.css`, with Monaco, vega-embed, Arquero, marked
 * and DOMPurify, and code-split chunks for Monaco's lazily loaded languages) and Monaco's editor
 * worker (`editor.worker.js`), which the page starts through `self.MonacoEnvironment.getWorker`.
 * The codicon font and other binary assets are copied next to them by esbuild's file loader.
 */

const clientDir = fileURLToPath(new URL('./', import.meta.url));
/** The built page, served by the workbench server. */
export const DIST_DIR = join(clientDir, 'dist');
const SRC_DIR = join(clientDir, 'src');
const STAMP = '.built';
/** The project's own files the last build read (outside `node_modules`), one path per line. */
const INPUTS = '.inputs';
/** Files copied from `src/` as they are. */
const STATIC_FILES = ['index.html', 'favicon.svg'];
const LOCK = join(clientDir, '.build.lock');

/** What `buildClient` did, for the caller to report. */
export interface ClientBuild {
  readonly built: boolean;
  readonly elapsedMs: number;
  readonly dir: string;
}

let inProcess: Promise<ClientBuild> | null = null;

/**
 * Builds the page when `dist/` is missing or older than any source file (the files under
 * `src/`, the engine files the page imports, this script, and the installed packages' lock
 * file); otherwise does nothing. Safe to
 * call from several processes at once (test files run in parallel): one builds, the others
 * wait for it and then find the build fresh. The new build replaces `dist/` only when complete.
 */
export function buildClient(options: { force?: boolean } = {}): Promise<ClientBuild> {
  inProcess ??= withLock(() => buildIfStale(options.force ?? false)).finally(() => {
    inProcess = null;
  });
  return inProcess;
}

async function buildIfStale(force: boolean): Promise<ClientBuild> {
  const started = performance.now();
  if (!force && !(await isStale())) return { built: false, elapsedMs: performance.now() - started, dir: DIST_DIR };
  const staging = join(clientDir, `.dist-${process.pid}-${Date.now()}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const inputs = await bundle(staging);
    await writeFile(join(staging, INPUTS), `${inputs.join('\n')}\n`);
    for (const file of STATIC_FILES) await writeFile(join(staging, file), await readFile(join(SRC_DIR, file)));
    await writeFile(join(staging, STAMP), `${new Date().toISOString()}\n`);
    const old = join(clientDir, `.dist-old-${process.pid}-${Date.now()}`);
    await rename(DIST_DIR, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, DIST_DIR);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { built: true, elapsedMs: performance.now() - started, dir: DIST_DIR };
}

/** Bundles into `outdir`; returns the project files (not packages) the bundles were made of. */
async function bundle(outdir: string): Promise<string[]> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    minify: process.env.PULSE_CLIENT_DEBUG !== '1',
    sourcemap: false,
    target: ['chrome115', 'firefox115', 'safari16'],
    logLevel: 'silent',
    legalComments: 'none',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const builds = await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { app: join(SRC_DIR, 'main.ts') },
      outdir,
      format: 'esm',
      splitting: true,
      // The server serves these names without the token, and no others (`server/page.ts`).
      chunkNames: 'chunks/[name]-[hash]',
      assetNames: 'assets/[name]-[hash]',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    }),
    esbuild.build({
      ...common,
      entryPoints: { 'editor.worker': join(SRC_DIR, 'editor-worker.ts') },
      outdir,
      format: 'iife',
    }),
  ]);
  const projectRoot = join(clientDir, '../..');
  const inputs = builds.flatMap((build) => Object.keys(build.metafile?.inputs ?? {}));
  return [...new Set(inputs.filter((input) => !input.includes('node_modules/')))].map((input) => join(process.cwd(), input)).filter((file) => file.startsWith(projectRoot));
}

/** True when `dist/` is missing, incomplete, or older than any input. */
async function isStale(): Promise<boolean> {
  const built = await stat(join(DIST_DIR, STAMP)).then((s) => s.mtimeMs, () => null);
  if (built === null) return true;
  // The page imports a few pure engine modules (the notebook format, cell dependencies): the
  // last build's own list of inputs covers those, `src/` covers files added since.
  const lastInputs = (await readFile(join(DIST_DIR, INPUTS), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const inputs = [fileURLToPath(import.meta.url), join(clientDir, '../../package-lock.json'), ...(await filesUnder(SRC_DIR)), ...lastInputs];
  for (const file of inputs) {
    const modified = await stat(file).then((s) => s.mtimeMs, () => 0);
    if (modified > built) return true;
  }
  return false;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Runs `work` holding a lock file, so that only one process builds at a time. A lock older
 * than two minutes is taken to be left over from a process that died, and removed.
 */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const handle = await open(LOCK, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 120_000) await rm(LOCK, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildClient({ force: process.argv.includes('--force') });
  console.log(result.built ? `Built the page in ${Math.round(result.elapsedMs)} ms → ${result.dir}` : 'The page is up to date.');
}
