/**
 * The benchmark's input: one CT series of N instances at 512x512, 16-bit, written by the same
 * fixture generator users run (full CT Image IOD, Explicit VR Little Endian), cached by size.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FixtureWorld, Instance, Patient } from '../fixtures/model.ts';
import { buildWorld } from '../fixtures/world/build-world.ts';
import { writeFixtures } from '../fixtures/write-fixtures.ts';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface CtSeries {
  readonly dir: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

/** The named CT-dose patient's CT study, reduced to one series of `count` slices. */
function benchWorld(count: number): FixtureWorld {
  const world = buildWorld({ seed: 300, patients: 0, countries: ['AT', 'DE'] });
  const patient = world.patients.find((p) => p.studies.some((s) => s.series.some((se) => se.modality === 'CT')));
  if (!patient) throw new Error('the bench world has no CT study');
  const study = patient.studies.find((s) => s.series.some((se) => se.modality === 'CT'))!;
  const series = study.series.find((se) => se.modality === 'CT')!;
  const instances: Instance[] = Array.from({ length: count }, (_, i) => ({
    sopInstanceUid: `${series.seriesInstanceUid}.${i + 1}`,
    sopClassUid: CT_IMAGE_STORAGE,
    instanceNumber: i + 1,
  }));
  const only: Patient = { ...patient, studies: [{ ...study, series: [{ ...series, instances }] }] };
  return { ...world, patients: [only] };
}

async function listDcm(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.dcm')).map((e) => join(e.parentPath, e.name)).sort();
}

export async function ctSeries(cacheDir: string, count = 300): Promise<CtSeries> {
  const dir = join(cacheDir, `ct-series-${count}x512`);
  if (!existsSync(join(dir, 'manifest.json'))) await writeFixtures(benchWorld(count), dir, { matrix: 512 });
  const files = await listDcm(dir);
  if (files.length !== count) throw new Error(`${dir} holds ${files.length} files, expected ${count}; delete it to regenerate`);
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  return { dir, files, bytes };
}
