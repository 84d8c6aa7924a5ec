/**
 * Test helper: the harness's own artifacts for one world study, as a receiver would get them. The
 * ct-dose patient (AT, female, CT abdomen/pelvis with two phases and a dose record) of the seed-7
 * AT world is written as Part 10 files and read back; the KOS manifest, the CDA report (read with
 * the report family's extractor) and the two DocumentEntries (as ebRIM ExtrinsicObjects) come from
 * the imaging source's builders.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import type { FixtureWorld, RadiationExposure } from '../../fixtures/model.ts';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { writeFixtures } from '../../fixtures/write-fixtures.ts';
import { renderCdaImagingReport } from '../../simulators/imaging-source/cda-report.ts';
import { kosDocumentEntry, reportDocumentEntry } from '../../simulators/imaging-source/document-metadata.ts';
import { buildKosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { worldDocumentContext, worldStudies, type WorldStudy } from '../../simulators/imaging-source/study-from-world.ts';
import { documentEntryRim } from '../../simulators/imaging-source/submission-rim.ts';
import { manifestInput } from '../../simulators/imaging-source/test-inputs.ts';
import { IHE_IMAGING_REPORT_FORMAT_CODE } from '../../simulators/imaging-source/xds-codes.ts';
import { COUNTRY_TIME_ZONE } from '../../simulators/imaging-source/study-from-world.ts';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { extractCdaReport } from '../report/extract-cda.ts';
import type { ExtractedReport } from '../report/extracted-report.ts';
import type { StudyArtifacts } from './artifacts.ts';

export interface WorldStudyArtifacts {
  readonly world: FixtureWorld;
  readonly ws: WorldStudy;
  readonly exposure: RadiationExposure;
  readonly artifacts: StudyArtifacts & { readonly manifest: Record<string, unknown>; readonly reports: readonly ExtractedReport[]; readonly documentEntries: readonly ExtrinsicObject[] };
}

/** The AT world reduced to the ct-dose patient's CT study. */
export function ctDoseWorld(): { world: FixtureWorld; exposure: RadiationExposure } {
  const full = buildWorld({ seed: 7, patients: 0, countries: ['AT'] });
  const patient = full.patients.find((p) => p.key === 'ct-dose');
  const study = patient?.studies.find((s) => s.exposure !== undefined);
  if (!patient || !study?.exposure) throw new Error('seed 7 AT world has no ct-dose study with exposure');
  return { world: { ...full, patients: [{ ...patient, studies: [study] }] }, exposure: study.exposure };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.dcm')) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

async function readNaturalized(path: string): Promise<Record<string, unknown>> {
  const bytes = await readFile(path);
  const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>;
  delete ds.PixelData;
  return ds;
}

export async function buildCtDoseArtifacts(): Promise<WorldStudyArtifacts> {
  const { world, exposure } = ctDoseWorld();
  const ws = worldStudies(world)[0]!;
  const dir = await mkdtemp(join(tmpdir(), 'ixh-consistency-'));
  try {
    await writeFixtures(world, dir);
    const instances = await Promise.all((await filesUnder(dir)).map(readNaturalized));
    const kos = buildKosManifest(manifestInput(ws, world.uidRoot));
    const cda = renderCdaImagingReport(ws, { uidRoot: world.uidRoot, exposure });
    const report = extractCdaReport(cda.bytes);
    if (!report) throw new Error('the CDA extractor could not read the harness\'s own report');
    const ctx = worldDocumentContext(ws);
    const entries = [
      kosDocumentEntry(ctx, kos),
      reportDocumentEntry(ctx, { uniqueId: cda.uniqueId, dateTime: ws.report!.dateTime, author: ws.report!.author, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: cda.mimeType, bytes: cda.bytes }),
    ];
    return {
      world, ws, exposure,
      artifacts: {
        instances,
        manifest: kos.dataset as Record<string, unknown>,
        reports: [report],
        documentEntries: entries.map((e) => documentEntryRim(e)),
        timeZone: COUNTRY_TIME_ZONE[ws.country.code],
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A deep copy to mutate in one test without touching the others' artifacts. */
export function copyOf<T>(value: T): T {
  // dcmjs attaches non-cloneable helpers to some values, so structuredClone refuses them.
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value instanceof ArrayBuffer) return value.slice(0) as T;
  if (ArrayBuffer.isView(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)])) as T;
}
