/**
 * Builds the calibration corpus: one clean instance per IOD plus every case of mutations.ts,
 * each produced by running DCMTK's dcmodify on a copy of the clean instance. The corpus is
 * cached under <IXH_CACHE>/calibration/<key>, the key hashing the mutation list and the clean
 * inputs' bytes, so a test run reuses it and any change to either rebuilds it.
 *
 *   node --import ./bin/register-ts.mjs test/calibration/build-corpus.ts   # prints the directory
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { cacheDir, cachedFixtures } from '../../fixtures/fixture-cache.ts';
import { writeFixtures } from '../../fixtures/write-fixtures.ts';
import { runTool } from '../../peers/run-tool.ts';
import { buildKosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { manifestInput, msFollowUpStudy } from '../../simulators/imaging-source/test-inputs.ts';
import { cleanFile, IODS, MUTATIONS, mutationFile, type IodKey, type Mutation } from './mutations.ts';

/** Bump when the way files are produced changes without the mutation list changing. */
const BUILDER_VERSION = 1;

export interface CorpusEntry {
  /** Base name, `<iod>-clean.dcm` or `<iod>-<mutation>.dcm`. */
  readonly file: string;
  readonly path: string;
  readonly iod: IodKey;
  /** Absent for a clean file. */
  readonly mutation?: Mutation;
}

export interface Corpus {
  readonly dir: string;
  readonly key: string;
  /** Clean files first (in IODS order), then the mutations in table order. */
  readonly entries: readonly CorpusEntry[];
}

/** The fixture writers' IOD names (fixtures/dicom/iods/*.ts) → corpus IOD keys. */
const IOD_BY_WRITER_NAME: Readonly<Record<string, IodKey>> = {
  'CT Image': 'ct',
  'MR Image': 'mr',
  'Ultrasound Image': 'us',
  'Digital Mammography X-Ray Image (For Presentation)': 'mg',
  'Computed Radiography Image': 'cr',
  'Digital X-Ray Image (For Presentation)': 'dx',
  'Positron Emission Tomography Image': 'pt',
  'Nuclear Medicine Image': 'nm',
  'X-Ray Angiographic Image': 'xa',
};

interface ManifestInstance { readonly file?: string | null; readonly iod?: string }
interface FixtureManifest {
  readonly world: { readonly patients: readonly { readonly studies: readonly { readonly series: readonly { readonly instances: readonly ManifestInstance[] }[] }[] }[] };
}

/** First written instance of each IOD in a fixtures directory, in manifest order. */
async function firstInstancePerIod(dir: string): Promise<Map<IodKey, string>> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as FixtureManifest;
  const picked = new Map<IodKey, string>();
  for (const instance of manifest.world.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((se) => se.instances)))) {
    const iod = instance.iod && IOD_BY_WRITER_NAME[instance.iod];
    if (iod && instance.file && !picked.has(iod)) picked.set(iod, join(dir, ...instance.file.split('/')));
  }
  return picked;
}

/**
 * The clean inputs: seed 7 (the default world, patients: 0) first, the hand-written test world
 * for the IODs seed 7 does not produce (CR, DX, PET, NM, XA), and a KOS manifest of the seed-7
 * ms-follow-up MR study.
 */
export async function cleanInputs(): Promise<Map<IodKey, Uint8Array>> {
  const inputs = new Map<IodKey, Uint8Array>();
  const seed7 = await firstInstancePerIod(await cachedFixtures({ seed: 7, patients: 0 }));
  const scratch = await mkdtemp(join(tmpdir(), 'ixh-calibration-world-'));
  try {
    await writeFixtures(testWorld, scratch, { matrix: 64 });
    const small = await firstInstancePerIod(scratch);
    for (const iod of IODS) {
      const path = seed7.get(iod) ?? small.get(iod);
      if (path) inputs.set(iod, new Uint8Array(await readFile(path)));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const ms = msFollowUpStudy();
  inputs.set('kos', buildKosManifest(manifestInput(ms.ws, ms.uidRoot)).part10);
  const missing = IODS.filter((iod) => !inputs.has(iod));
  if (missing.length > 0) throw new Error(`no clean instance for ${missing.join(', ')}: the fixture writers changed`);
  return inputs;
}

export function corpusKey(mutations: readonly Mutation[], inputs: ReadonlyMap<IodKey, Uint8Array>): string {
  const hash = createHash('sha256').update(JSON.stringify({ BUILDER_VERSION, mutations }));
  for (const iod of IODS) hash.update(iod).update(inputs.get(iod) ?? new Uint8Array());
  return hash.digest('hex').slice(0, 16);
}

function entriesIn(dir: string, mutations: readonly Mutation[]): CorpusEntry[] {
  return [
    ...IODS.map((iod) => ({ file: cleanFile(iod), path: join(dir, cleanFile(iod)), iod })),
    ...mutations.map((mutation) => ({ file: mutationFile(mutation), path: join(dir, mutationFile(mutation)), iod: mutation.iod, mutation })),
  ];
}

async function applyMutation(clean: string, target: string, mutation: Mutation): Promise<void> {
  await copyFile(clean, target);
  const result = await runTool('dcmodify', ['-nb', ...mutation.dcmodify, target], { timeoutMs: 30_000 });
  // dcmodify exits 0 even when it printed an error for one modification; both are failures here.
  if (result.code !== 0 || /^E:/m.test(result.stderr)) {
    throw new Error(`dcmodify ${mutation.dcmodify.join(' ')} failed on ${mutationFile(mutation)} (exit ${result.code}): ${result.stderr || result.stdout}`);
  }
}

/** The corpus for `mutations` (default: the whole table), built on first use and then reused. */
export async function buildCorpus(options: { readonly mutations?: readonly Mutation[]; readonly log?: (line: string) => void } = {}): Promise<Corpus> {
  const mutations = options.mutations ?? MUTATIONS;
  const names = mutations.map(mutationFile);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`two mutations produce ${duplicate}`);
  const inputs = await cleanInputs();
  const key = corpusKey(mutations, inputs);
  const dir = join(cacheDir(), 'calibration', key);
  if (!existsSync(join(dir, 'corpus.json'))) {
    options.log?.(`building the calibration corpus into ${dir}`);
    // Built aside and renamed, so an interrupted build never leaves a half corpus to reuse.
    const partial = `${dir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    for (const [iod, bytes] of inputs) await writeFile(join(partial, cleanFile(iod)), bytes);
    for (const mutation of mutations) await applyMutation(join(partial, cleanFile(mutation.iod)), join(partial, mutationFile(mutation)), mutation);
    await writeFile(join(partial, 'corpus.json'), JSON.stringify({ key, files: entriesIn('.', mutations).map((e) => e.file) }, null, 2) + '\n');
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  }
  return { dir, key, entries: entriesIn(dir, mutations) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const corpus = await buildCorpus({ log: (line) => console.error(line) });
  console.log(corpus.dir);
}
