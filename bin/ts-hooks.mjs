// Module hooks that let Node 20 run the project's TypeScript directly: each `.ts` file is
// transpiled by esbuild on load (types stripped, nothing bundled). Unlike tsx, no `keepNames`:
// tsx wraps every closure in a defineProperty call, which costs real time on the DIMSE hot path.
//
// Transpiled files are kept in node_modules/.cache/ixh-ts, keyed by path, size and mtime, so a
// command does not pay for transpiling some 400 modules on every start (a corrupt or unwritable
// cache only costs the transpile).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, version as esbuildVersion } from 'esbuild';

const cacheDir = fileURLToPath(new URL('../node_modules/.cache/ixh-ts/', import.meta.url));
let cacheReady;

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const info = await stat(path);
  const key = createHash('sha256').update(`${esbuildVersion}\0${path}\0${info.size}\0${info.mtimeMs}`).digest('hex');
  const cached = join(cacheDir, `${key}.mjs`);
  try {
    return { format: 'module', source: await readFile(cached, 'utf8'), shortCircuit: true };
  } catch {
    // not cached yet
  }
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: path,
  });
  void remember(cached, code);
  return { format: 'module', source: code, shortCircuit: true };
}

async function remember(file, code) {
  try {
    cacheReady ??= mkdir(cacheDir, { recursive: true });
    await cacheReady;
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, code);
    await rename(temp, file);
  } catch {
    // a cache that cannot be written only costs the next start a transpile
  }
}
