/**
 * One study of the seeded fixture world, written as Part 10 files: the interop tests send it to a
 * peer and compare what comes back with the manifest. Only the chosen patient and study are
 * written (a narrowed FixtureWorld), so a test does not pay for encoding the whole country; UIDs,
 * names and pixels come from the model, so the files are the same bytes as in a full write.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CountryCode } from '../../../fixtures/model.ts';
import { buildWorld } from '../../../fixtures/world/build-world.ts';
import { writeFixtures } from '../../../fixtures/write-fixtures.ts';

export interface FixtureInstance {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly instanceNumber: number;
  /** Absolute path of the written file. */
  readonly path: string;
}

export interface FixtureSeries {
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly modality: string;
  readonly instances: readonly FixtureInstance[];
}

export interface FixtureStudy {
  readonly patientKey: string;
  readonly patientId: string;
  /** DICOM PN form, `family^given`. */
  readonly patientName: string;
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  readonly series: readonly FixtureSeries[];
  readonly instances: readonly FixtureInstance[];
}

/** The slice of manifest.json read here (docs/fixtures.md). */
interface ManifestInstance { readonly sopInstanceUid: string; readonly sopClassUid: string; readonly instanceNumber: number; readonly file: string | null }
interface ManifestSeries { readonly seriesInstanceUid: string; readonly seriesNumber: number; readonly modality: string; readonly instances: readonly ManifestInstance[] }
interface ManifestStudy { readonly studyInstanceUid: string; readonly accessionNumber: string; readonly series: readonly ManifestSeries[] }
interface ManifestPatient { readonly key: string; readonly nationalId: string; readonly name: { readonly family: string; readonly given: string }; readonly studies: readonly ManifestStudy[] }
interface Manifest { readonly world: { readonly patients: readonly ManifestPatient[] } }

export interface FixtureStudyOptions {
  readonly seed: number;
  readonly country: CountryCode;
  readonly patientKey: string;
  /** Studies with at least this many series are candidates; the one with fewest instances wins. */
  readonly minSeries: number;
  readonly outDir: string;
}

export async function writeFixtureStudy(options: FixtureStudyOptions): Promise<FixtureStudy> {
  const world = buildWorld({ seed: options.seed, patients: 0, countries: [options.country] });
  const patient = world.patients.find((p) => p.key === options.patientKey);
  if (!patient) throw new Error(`seed ${options.seed} has no patient "${options.patientKey}" in ${options.country}`);
  const size = (s: (typeof patient.studies)[number]): number => s.series.reduce((n, se) => n + se.instances.length, 0);
  const [study] = patient.studies.filter((s) => s.series.length >= options.minSeries).sort((a, b) => size(a) - size(b));
  if (!study) throw new Error(`patient "${options.patientKey}" has no study with ${options.minSeries}+ series`);

  const written = await writeFixtures({ ...world, patients: [{ ...patient, studies: [study] }] }, options.outDir, { matrix: 64 });
  if (written.skipped !== 0) throw new Error(`fixture writer skipped ${written.skipped} instances of study ${study.studyInstanceUid}`);

  const manifest = JSON.parse(await readFile(written.manifestPath, 'utf8')) as Manifest;
  const [mPatient] = manifest.world.patients;
  const [mStudy] = mPatient?.studies ?? [];
  if (!mPatient || !mStudy) throw new Error(`manifest ${written.manifestPath} lacks the written study`);
  const series = mStudy.series.map((se) => ({
    seriesInstanceUid: se.seriesInstanceUid,
    seriesNumber: se.seriesNumber,
    modality: se.modality,
    instances: se.instances.map((i) => {
      if (i.file === null) throw new Error(`instance ${i.sopInstanceUid} was not written`);
      return { sopInstanceUid: i.sopInstanceUid, sopClassUid: i.sopClassUid, instanceNumber: i.instanceNumber, path: join(options.outDir, ...i.file.split('/')) };
    }),
  }));
  return {
    patientKey: mPatient.key,
    patientId: mPatient.nationalId,
    patientName: `${mPatient.name.family}^${mPatient.name.given}`,
    studyInstanceUid: mStudy.studyInstanceUid,
    accessionNumber: mStudy.accessionNumber,
    series,
    instances: series.flatMap((se) => se.instances),
  };
}
