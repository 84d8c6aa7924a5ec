// Module hooks that let Node 20 run the project's TypeScript directly: each `.ts` file is
// transpiled by esbuild on load (types stripped, nothing bundled). Unlike tsx, no `keepNames`:
// tsx wraps every closure in a defineProperty call, which costs real time on the DIMSE hot path.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: path,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
