/**
 * Interop: our DIMSE SCU and PACS simulator against Orthanc 1.10 as the reference archive, with
 * Orthanc run both as a host process and in the local container image.
 *
 *   ixh SCU ──C-ECHO / C-STORE / C-FIND / C-MOVE──▶ Orthanc ──C-STORE (move sub-ops)──▶ ixh PACS
 *
 * One fixture study (seed 17, NL "ms-follow-up", several MR series, a patient name with "ë") is
 * stored into Orthanc, read back over REST and C-FIND, then moved to our PACS and compared with
 * the fixture files. The `it`s of a launcher run in order and build on each other (store before
 * find before move), like the steps of a scenario.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ORTHANC_IMAGE } from '../../peers/orthanc/container-launcher.ts';
import { orthancRest, type OrthancRest } from '../../peers/orthanc/orthanc-rest.ts';
import { startOrthanc, type OrthancLauncher, type OrthancPeer } from '../../peers/orthanc/orthanc-peer.ts';
import { ORTHANC_BINARY } from '../../peers/orthanc/process-launcher.ts';
import { associate, QUERY_MODELS, SopClass, statusCategory, type DimseClientAssociation, type Identifier, type RetrieveProgress } from '../../simulators/dimse/index.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { createPacs, type Pacs } from '../../simulators/pacs/pacs.ts';
import { allOf, hasBinary, hasDockerEngine, hasDockerImage, peerDescribe, type PeerDescribe } from './require-peer.ts';
import { changedElements, pixelBytes, readDicomFile } from './support/dicom-file.ts';
import { writeFixtureStudy, type FixtureStudy } from './support/fixture-study.ts';

const LAUNCHERS = ['process', 'container'] as const satisfies readonly OrthancLauncher[];
const describers: Record<OrthancLauncher, PeerDescribe> = {
  process: await peerDescribe('orthanc-process', () => hasBinary(ORTHANC_BINARY)),
  container: await peerDescribe('orthanc-container', allOf(hasDockerEngine, () => hasDockerImage(ORTHANC_IMAGE))),
};

const PACS_AE = 'IXH_PACS';
const SCU_AE = 'IXH_SCU';
const ORTHANC_AE = 'IXH-ORTHANC';
/** C-MOVE failure statuses of PS3.4 C.4.2.1.5 (A701, A702, A801, A900, Cxxx). */
const MOVE_FAILURES = new Set([0xa701, 0xa702, 0xa801, 0xa900]);

let root: string;
let fixturePromise: Promise<FixtureStudy> | undefined;
/** Written once, on first use, for both launchers; nothing is written when both suites skip. */
function fixtureStudy(): Promise<FixtureStudy> {
  fixturePromise ??= (async () => {
    root = await mkdtemp(join(tmpdir(), 'ixh-pacs-orthanc-'));
    return writeFixtureStudy({ seed: 17, country: 'NL', patientKey: 'ms-follow-up', minSeries: 4, outDir: join(root, 'fixtures') });
  })();
  return fixturePromise;
}

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** dcmjs gives a single value as itself or a one-element array; PN as `{ Alphabetic }`. */
function one(value: unknown): unknown {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === 'object' && 'Alphabetic' in v ? (v as { Alphabetic: unknown }).Alphabetic : v;
}

function many(value: unknown): unknown[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : String(value).split('\\');
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const hex = (status: number): string => `0x${status.toString(16).padStart(4, '0')}`;

describe.each(LAUNCHERS)('ixh ⇄ Orthanc (%s launcher)', (launcher) => {
  describers[launcher](`DIMSE interop with Orthanc as ${launcher}`, () => {
    let study: FixtureStudy;
    let dir: string;
    let evidence: EvidenceSink;
    let pacs: Pacs | undefined;
    let orthanc: OrthancPeer | undefined;
    let rest: OrthancRest;
    const open: DimseClientAssociation[] = [];
    /** Harness errors our SCU reported (e.g. a response it could not route): never expected. */
    const scuErrors: string[] = [];

    beforeAll(async () => {
      study = await fixtureStudy();
      dir = await mkdtemp(join(tmpdir(), `ixh-pacs-orthanc-${launcher}-`));
      evidence = createEvidenceRecorder();
      // Our PACS first, on port 0 and empty, so Orthanc can be told where IXH_PACS listens.
      pacs = createPacs({ aeTitle: PACS_AE, port: 0, storageDir: join(dir, 'pacs'), importDirs: [] }, evidence);
      await pacs.start();
      orthanc = await startOrthanc({
        launcher,
        aeTitle: ORTHANC_AE,
        modalities: { ixh: { aet: PACS_AE, host: '127.0.0.1', port: pacs.address.port } },
      });
      rest = orthancRest(orthanc.restUrl);
    }, 90_000);

    afterEach(() => {
      // A test that failed mid-way may leave its association open; released ones are closed already.
      for (const a of open.splice(0)) a.abort();
    });

    afterAll(async () => {
      for (const a of open.splice(0)) a.abort();
      await orthanc?.stop();
      await pacs?.stop();
      await evidence?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const sopClasses = (): string[] => [...new Set(study.instances.map((i) => i.sopClassUid))];

    async function connect(contexts: readonly string[]): Promise<DimseClientAssociation> {
      const assoc = await associate({
        host: orthanc!.dicomHost,
        port: orthanc!.dicomPort,
        callingAe: SCU_AE,
        calledAe: ORTHANC_AE,
        contexts: contexts.map((abstractSyntax) => ({ abstractSyntax })),
        timeouts: { dimseMs: 30_000 },
        observer: { onHarnessError: (e) => scuErrors.push(`${e.where}: ${e.message}`) },
      });
      open.push(assoc);
      return assoc;
    }

    async function release(assoc: DimseClientAssociation): Promise<void> {
      await assoc.release();
      const at = open.indexOf(assoc);
      if (at >= 0) open.splice(at, 1);
    }

    const logs = (): string => `\n--- Orthanc output ---\n${orthanc?.logs().slice(-4000) ?? ''}`;

    it('fixture: one NL ms-follow-up MR study with several series and a non-ASCII patient name', () => {
      expect(study.patientKey).toBe('ms-follow-up');
      expect(study.series.length).toBeGreaterThanOrEqual(4);
      expect(new Set(study.series.map((s) => s.modality))).toEqual(new Set(['MR']));
      expect(study.patientName).toMatch(/[^\x00-\x7f]/);
      expect(sopClasses()).toEqual([SopClass.MrImageStorage]);
    });

    it('C-ECHO: Orthanc answers success', async () => {
      const assoc = await connect([SopClass.Verification]);
      expect(assoc.contexts.map((c) => c.abstractSyntax)).toEqual([SopClass.Verification]);
      expect(hex(await assoc.echo()), logs()).toBe('0x0000');
      await release(assoc);
    });

    it('C-STORE: every instance of the study is stored, and Orthanc indexes exactly those', async () => {
      const assoc = await connect([SopClass.Verification, ...sopClasses()]);
      const statuses: Record<string, string> = {};
      for (const instance of study.instances) {
        const result = await assoc.store(instance.path);
        expect(result.sopInstanceUid).toBe(instance.sopInstanceUid);
        statuses[instance.sopInstanceUid] = hex(result.status);
      }
      await release(assoc);
      expect(statuses, logs()).toEqual(Object.fromEntries(study.instances.map((i) => [i.sopInstanceUid, '0x0000'])));

      expect(await rest.statistics()).toMatchObject({
        CountPatients: 1,
        CountStudies: 1,
        CountSeries: study.series.length,
        CountInstances: study.instances.length,
      });
      const found = await rest.findStudy(study.studyInstanceUid);
      expect(found?.MainDicomTags).toMatchObject({ StudyInstanceUID: study.studyInstanceUid, AccessionNumber: study.accessionNumber });
      expect(found?.PatientMainDicomTags).toMatchObject({ PatientID: study.patientId, PatientName: study.patientName });
      expect(found?.Series).toHaveLength(study.series.length);

      // First instance of the first series and last of the last: Orthanc's simplified tags equal
      // the manifest, and the fixture file says the same (PatientName decoded from ISO_IR 192).
      const firstSeries = study.series[0]!;
      const lastSeries = study.series.at(-1)!;
      for (const [series, instance] of [[firstSeries, firstSeries.instances[0]!], [lastSeries, lastSeries.instances.at(-1)!]] as const) {
        const [hit, ...more] = await rest.lookup(instance.sopInstanceUid);
        expect(more).toEqual([]);
        expect(hit?.Type).toBe('Instance');
        const tags = await rest.instanceTags(hit!.ID);
        const expected = {
          PatientID: study.patientId,
          PatientName: study.patientName,
          StudyInstanceUID: study.studyInstanceUid,
          SeriesInstanceUID: series.seriesInstanceUid,
          SOPInstanceUID: instance.sopInstanceUid,
          SOPClassUID: instance.sopClassUid,
          Modality: series.modality,
          AccessionNumber: study.accessionNumber,
        };
        expect(tags).toMatchObject(expected);
        const { ds } = await readDicomFile(instance.path);
        expect(Object.fromEntries(Object.keys(expected).map((k) => [k, one(ds[k])]))).toEqual(expected);
      }
    });

    it('C-FIND (Study Root): the study by PatientID, and its series by StudyInstanceUID', async () => {
      const assoc = await connect([QUERY_MODELS.STUDY.find]);

      const studyFind = assoc.find('STUDY', {
        QueryRetrieveLevel: 'STUDY',
        PatientID: study.patientId,
        PatientName: '',
        StudyInstanceUID: '',
        AccessionNumber: '',
        ModalitiesInStudy: '',
        NumberOfStudyRelatedSeries: '',
        NumberOfStudyRelatedInstances: '',
      });
      const studies = await collect(studyFind);
      expect(hex((await studyFind.done).status), logs()).toBe('0x0000');
      expect(scuErrors, 'our SCU dropped a response').toEqual([]);
      expect(studies).toHaveLength(1);
      const s = studies[0]!;
      expect({
        StudyInstanceUID: one(s.StudyInstanceUID),
        PatientID: one(s.PatientID),
        PatientName: one(s.PatientName),
        AccessionNumber: one(s.AccessionNumber),
        ModalitiesInStudy: many(s.ModalitiesInStudy),
        NumberOfStudyRelatedSeries: Number(one(s.NumberOfStudyRelatedSeries)),
        NumberOfStudyRelatedInstances: Number(one(s.NumberOfStudyRelatedInstances)),
      }).toEqual({
        StudyInstanceUID: study.studyInstanceUid,
        PatientID: study.patientId,
        PatientName: study.patientName,
        AccessionNumber: study.accessionNumber,
        ModalitiesInStudy: [...new Set(study.series.map((se) => se.modality))],
        NumberOfStudyRelatedSeries: study.series.length,
        NumberOfStudyRelatedInstances: study.instances.length,
      });

      const seriesFind = assoc.find('STUDY', {
        QueryRetrieveLevel: 'SERIES',
        StudyInstanceUID: study.studyInstanceUid,
        SeriesInstanceUID: '',
        Modality: '',
        SeriesNumber: '',
        NumberOfSeriesRelatedInstances: '',
      });
      const series = await collect(seriesFind);
      expect(hex((await seriesFind.done).status), logs()).toBe('0x0000');
      expect(scuErrors, 'our SCU dropped a response').toEqual([]);
      const bySeries = (rows: readonly { uid: string }[]): string[] => rows.map((r) => r.uid).sort();
      const got = series.map((r: Identifier) => ({
        uid: String(one(r.SeriesInstanceUID)),
        Modality: one(r.Modality),
        SeriesNumber: Number(one(r.SeriesNumber)),
        NumberOfSeriesRelatedInstances: Number(one(r.NumberOfSeriesRelatedInstances)),
      }));
      const want = study.series.map((se) => ({
        uid: se.seriesInstanceUid,
        Modality: se.modality,
        SeriesNumber: se.seriesNumber,
        NumberOfSeriesRelatedInstances: se.instances.length,
      }));
      expect(bySeries(got)).toEqual(bySeries(want));
      expect(got.sort((a, b) => a.uid.localeCompare(b.uid))).toEqual(want.sort((a, b) => a.uid.localeCompare(b.uid)));
      await release(assoc);
    });

    it('C-MOVE to IXH_PACS: Orthanc stores the study into our PACS, data sets unchanged', async () => {
      const assoc = await connect([QUERY_MODELS.STUDY.move]);
      const progress: RetrieveProgress[] = [];
      const move = assoc.move('STUDY', PACS_AE, { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: study.studyInstanceUid }, (p) => progress.push(p));
      const outcome = await move.done;
      await release(assoc);
      expect({ status: hex(outcome.status), completed: outcome.completed, failed: outcome.failed ?? 0, warning: outcome.warning ?? 0 }, logs()).toEqual({
        status: '0x0000',
        completed: study.instances.length,
        failed: 0,
        warning: 0,
      });
      expect(progress.every((p) => statusCategory(p.status) === 'pending')).toBe(true);

      expect(pacs!.stats()).toMatchObject({ patients: 1, studies: 1, series: study.series.length, instances: study.instances.length, skipped: 0 });
      const indexed = pacs!.index.find('STUDY', 'STUDY', {
        QueryRetrieveLevel: 'STUDY',
        StudyInstanceUID: study.studyInstanceUid,
        NumberOfStudyRelatedInstances: '',
      });
      expect(indexed).toEqual([expect.objectContaining({ StudyInstanceUID: study.studyInstanceUid, NumberOfStudyRelatedInstances: study.instances.length })]);

      // What must survive the round trip is the data set, not its bytes: Orthanc 1.10 (DCMTK)
      // re-encodes every sequence and item of undefined length (as the fixture writer emits
      // them) with explicit lengths, so the data set bytes differ by design. Compared instead:
      // the transfer syntax (no transcoding), SOPInstanceUID, PixelData bytes, and every other
      // element after parsing (which ignores how lengths are encoded). The File Meta Information
      // is our PACS's own; it must name Orthanc as the source AE.
      const differences: string[] = [];
      for (const instance of study.instances) {
        const stored = pacs!.index.fileOf(instance.sopInstanceUid);
        if (!stored) {
          differences.push(`${instance.sopInstanceUid}: not in the PACS index`);
          continue;
        }
        const [original, received] = await Promise.all([readDicomFile(instance.path), readDicomFile(stored.path)]);
        const where = `${instance.sopInstanceUid}:`;
        if (received.meta.TransferSyntaxUID !== original.meta.TransferSyntaxUID) differences.push(`${where} TransferSyntaxUID ${String(received.meta.TransferSyntaxUID)}`);
        if (received.meta.SourceApplicationEntityTitle !== ORTHANC_AE) differences.push(`${where} SourceApplicationEntityTitle ${String(received.meta.SourceApplicationEntityTitle)}`);
        if (received.ds.SOPInstanceUID !== instance.sopInstanceUid) differences.push(`${where} SOPInstanceUID ${String(received.ds.SOPInstanceUID)}`);
        if (!pixelBytes(received.ds).equals(pixelBytes(original.ds))) differences.push(`${where} PixelData differs`);
        for (const key of changedElements(original.ds, received.ds)) differences.push(`${where} ${key} differs`);
      }
      expect(differences).toEqual([]);

      // Evidence: every instance arrived as a C-STORE from Orthanc's AE, and no harness error.
      await evidence.flush();
      const entries = evidence.entries();
      const stores = entries.filter((e) => e.transaction === 'C-STORE' && e.direction === 'response');
      expect(stores).toHaveLength(study.instances.length);
      expect(new Set(stores.map((e) => e.peer.split('@')[0]))).toEqual(new Set([ORTHANC_AE]));
      expect(new Set(stores.map((e) => e.status))).toEqual(new Set(['0x0000']));
      expect(entries.filter((e) => e.transaction === 'harness-error')).toEqual([]);
    });

    it('C-MOVE to an AE Orthanc does not know: a failure status, and nothing reaches our PACS', async ({ annotate }) => {
      const before = pacs!.stats();
      await evidence.flush();
      const entriesBefore = evidence.entries().length;
      const assoc = await connect([QUERY_MODELS.STUDY.move]);
      const move = assoc.move('STUDY', 'NO_SUCH_AE', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: study.studyInstanceUid });
      const outcome = await move.done;
      await release(assoc);
      await evidence.flush();
      await annotate(`Orthanc answered ${hex(outcome.status)} to a C-MOVE to an unknown AE`);
      // Orthanc 1.10.1 (process and container) answers 0xC000 "Unable to process" (its log:
      // "Unknown modality for AET"), not the more specific 0xA801 "Move Destination unknown";
      // both are failures under PS3.4 C.4.2.1.5, which is what is required here.
      expect(statusCategory(outcome.status), `Orthanc answered ${hex(outcome.status)}${logs()}`).toBe('failure');
      expect(MOVE_FAILURES.has(outcome.status) || (outcome.status & 0xf000) === 0xc000, hex(outcome.status)).toBe(true);
      expect(outcome.completed ?? 0).toBe(0);
      expect(pacs!.stats()).toEqual(before);
      expect(evidence.entries().slice(entriesBefore)).toEqual([]);
    });
  });
});
