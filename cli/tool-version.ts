import { readFile } from 'node:fs/promises';

/** ixh's version, from its package.json (shown in reports and evidence manifests). */
export async function toolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
