/**
 * The foundation's acceptance for fixtures, through the CLI a user runs:
 * `ixh fixtures generate --seed 7` output passes dciodvfy (a sample of every IOD in every
 * country), and the same seed and options give byte-identical files.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import { hasBinary, peerDescribe } from './require-peer.ts';

const IXH = join(import.meta.dirname, '..', '..', 'bin', 'ixh.mjs');
const describePeer = await peerDescribe('dciodvfy', () => hasBinary('/usr/bin/dciodvfy'));

interface ManifestInstance { readonly file: string | null; readonly sopClassUid: string; readonly iod: string }
interface Manifest {
  readonly world: { readonly patients: readonly { readonly country: string; readonly studies: readonly { readonly series: readonly { readonly instances: readonly ManifestInstance[] }[] }[] }[] };
}

async function generate(out: string, ...args: string[]): Promise<void> {
  const result = await runTool(process.execPath, [IXH, 'fixtures', 'generate', '--out', out, ...args], { timeoutMs: 180_000 });
  expect(result.code, result.stderr).toBe(0);
}

async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
  return out;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ixh-fixtures-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describePeer('ixh fixtures generate --seed 7', () => {
  let manifest: Manifest;
  beforeAll(async () => {
    await generate(join(root, 'seed7'), '--seed', '7');
    manifest = JSON.parse(await readFile(join(root, 'seed7', 'manifest.json'), 'utf8')) as Manifest;
  }, 240_000);

  it('covers six member states and the required IODs', () => {
    const countries = new Set(manifest.world.patients.map((p) => p.country));
    expect([...countries].sort()).toEqual(['AT', 'BE', 'CZ', 'DE', 'FR', 'NL']);
    const iods = new Set(manifest.world.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((se) => se.instances.map((i) => i.iod)))));
    for (const iod of ['CT Image', 'MR Image', 'Ultrasound Image', 'Digital Mammography X-Ray Image (For Presentation)']) expect(iods).toContain(iod);
    expect([...iods].some((i) => i === 'Computed Radiography Image' || i.startsWith('Digital X-Ray'))).toBe(true);
  });

  it('has zero dciodvfy errors on the first instance of every IOD in every country', async () => {
    const sample = new Map<string, string>();
    for (const patient of manifest.world.patients) {
      for (const instance of patient.studies.flatMap((s) => s.series.flatMap((se) => se.instances))) {
        const key = `${patient.country}/${instance.sopClassUid}`;
        if (instance.file && !sample.has(key)) sample.set(key, instance.file);
      }
    }
    expect(sample.size).toBeGreaterThanOrEqual(24);
    const errors: string[] = [];
    for (const [key, file] of sample) {
      const result = await runTool('/usr/bin/dciodvfy', [join(root, 'seed7', file)], { timeoutMs: 30_000 });
      for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) if (line.trim().startsWith('Error')) errors.push(`${key} ${file}: ${line.trim()}`);
    }
    expect(errors).toEqual([]);
  }, 120_000);
});

it('gives byte-identical output for the same seed and options', async () => {
  const options = ['--seed', '11', '--patients', '0', '--countries', 'NL,FR'];
  await generate(join(root, 'a'), ...options);
  await generate(join(root, 'b'), ...options);
  const [a, b] = [await hashTree(join(root, 'a')), await hashTree(join(root, 'b'))];
  expect(Object.keys(a).length).toBeGreaterThan(100);
  expect(b).toEqual(a);
  await generate(join(root, 'c'), '--seed', '12', '--patients', '0', '--countries', 'NL,FR');
  expect(await hashTree(join(root, 'c'))).not.toEqual(a);
}, 240_000);
