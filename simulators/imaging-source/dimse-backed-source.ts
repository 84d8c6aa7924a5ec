/**
 * The imaging document source in front of a DIMSE PACS that is not ours (a system under test
 * such as Orthanc). RAD-69: the requested instances are fetched by C-GET (Study Root, IMAGE
 * level, one request per series with the SOP Instance UIDs as a UID list) and served as MTOM
 * parts by rad69-retrieve.ts, exactly like the simulated PACS's files; an instance the PACS does
 * not send is "not in this imaging document source", a PACS that cannot be reached or refuses
 * the association gives XDSRepositoryError for each instance it should have sent.
 *
 * RAD-68 (publishing): the manifests are built from what the PACS answers, never from what the
 * fixtures say it should hold. `heldInstances` enumerates the country's patients' studies by
 * C-FIND (STUDY, then SERIES, then IMAGE level), and `worldHeldBy` cuts the fixture world down
 * to those studies, series and instances: an instance the fixtures list but the PACS lacks is in
 * no manifest, a study it lacks entirely is not published. The fixtures still give what a PACS
 * does not know (facility, report, procedure codes); a study the PACS holds that the fixtures do
 * not know is listed in `unknownStudies` and not published.
 *
 * Memory: a C-GET's instances are held in memory until the response is built.
 */
import { Writable } from 'node:stream';
import type { CountryCode, FixtureWorld } from '../../fixtures/model.ts';
import { dimseEvidence } from '../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { associate, type DimseClientAssociation } from '../dimse/dimse-client.ts';
import type { DimseTlsClient } from '../dimse/dimse-tls.ts';
import type { Identifier } from '../dimse/dataset-codec.ts';
import { SopClass } from '../dimse/dimse-constants.ts';
import { buildPart10Header } from '../dimse/part10.ts';
import { STORAGE_SOP_CLASSES } from '../pacs/storage-sop-classes.ts';
import { ErrorCode } from '../registry/xds-constants.ts';
import type { ImagingInstanceRequest } from './rad69-messages.ts';
import { bySeries, instanceKey, type InstanceBackend, type LocateFailure, type ServableInstance } from './rad69-retrieve.ts';

export interface DimsePacsAddress {
  readonly host: string;
  readonly port: number;
  readonly aeTitle: string;
  /** The imaging source's own AE title; the PACS must allow it C-FIND and C-GET. */
  readonly callingAeTitle: string;
  /** Connect, associate and each DIMSE response; default 30 s. */
  readonly timeoutMs?: number;
  /** DICOM TLS identity when the PACS requires it. */
  readonly tls?: DimseTlsClient;
}

export interface DimseSourceOptions {
  readonly evidence?: EvidenceSink;
  /** Evidence actor of the DIMSE traffic; default "imaging-source". */
  readonly actor?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

async function open(pacs: DimsePacsAddress, options: DimseSourceOptions, retrieve: boolean): Promise<DimseClientAssociation> {
  const ms = pacs.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const storage = retrieve ? Object.keys(STORAGE_SOP_CLASSES) : [];
  return associate({
    host: pacs.host,
    port: pacs.port,
    callingAe: pacs.callingAeTitle,
    calledAe: pacs.aeTitle,
    contexts: [{ abstractSyntax: retrieve ? SopClass.StudyRootGet : SopClass.StudyRootFind }, ...storage.map((abstractSyntax) => ({ abstractSyntax }))],
    // C-GET sends the instances back on this association: we are the storage SCP for them.
    roles: storage.map((sopClassUid) => ({ sopClassUid, scuRole: false, scpRole: true })),
    ...(pacs.tls && { tls: pacs.tls }),
    ...(options.evidence && { observer: dimseEvidence(options.evidence, options.actor ?? 'imaging-source') }),
    timeouts: { connectMs: ms, associateMs: ms, dimseMs: ms, releaseMs: ms },
  });
}

const describe = (pacs: DimsePacsAddress): string => `PACS ${pacs.aeTitle}@${pacs.host}:${pacs.port}`;

/** RAD-69 instances fetched from `pacs` by C-GET, one association per request. */
export function dimseBackend(pacs: DimsePacsAddress, options: DimseSourceOptions = {}): InstanceBackend {
  return {
    async locate(asked) {
      const out = new Map<string, ServableInstance | LocateFailure>();
      if (asked.length === 0) return out;
      const failAll = (group: readonly ImagingInstanceRequest[], reason: string): void => {
        for (const a of group) out.set(instanceKey(a), { errorCode: ErrorCode.repositoryError, reason });
      };
      let assoc: DimseClientAssociation;
      try {
        assoc = await open(pacs, options, true);
      } catch (err) {
        failAll(asked, `${describe(pacs)} cannot be reached for C-GET: ${(err as Error).message}`);
        return out;
      }
      try {
        for (const group of bySeries(asked)) {
          const { studyInstanceUid, seriesInstanceUid } = group[0]!;
          try {
            for (const item of await getSeries(assoc, studyInstanceUid, seriesInstanceUid, group.map((g) => g.documentUniqueId))) {
              const wanted = group.find((g) => g.documentUniqueId === item.sopInstanceUid);
              if (wanted) out.set(instanceKey(wanted), item);
            }
          } catch (err) {
            failAll(group, `${describe(pacs)}: C-GET of series ${seriesInstanceUid} failed: ${(err as Error).message}`);
          }
        }
      } finally {
        await assoc.release().catch(() => assoc.abort());
      }
      return out;
    },
  };
}

/** The instances of one series the PACS sends for a C-GET of `sopInstanceUids`, as Part 10 bytes. */
async function getSeries(assoc: DimseClientAssociation, StudyInstanceUID: string, SeriesInstanceUID: string, sopInstanceUids: readonly string[]): Promise<ServableInstance[]> {
  const received: ServableInstance[] = [];
  const op = assoc.get('STUDY', { QueryRetrieveLevel: 'IMAGE', StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID: sopInstanceUids.length === 1 ? sopInstanceUids[0]! : [...sopInstanceUids] }, (rq) => {
    const parts: Buffer[] = [];
    return {
      sink: new Writable({
        write: (chunk: Buffer, _encoding, cb) => (parts.push(chunk), cb()),
        final: (cb) => {
          const header = buildPart10Header({ sopClassUid: rq.sopClassUid, sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax });
          const bytes = Buffer.concat([header, ...parts]);
          received.push({ sopInstanceUid: rq.sopInstanceUid, transferSyntaxUid: rq.transferSyntax, size: bytes.length, read: async () => bytes });
          cb();
        },
      }),
    };
  });
  await op.done;
  return received;
}

/** Study Instance UID → SOP Instance UIDs the PACS holds for these patients (by PatientID). */
export async function heldInstances(pacs: DimsePacsAddress, patientIds: readonly string[], options: DimseSourceOptions = {}): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  const assoc = await open(pacs, options, false);
  try {
    for (const PatientID of patientIds) {
      for (const study of await find(assoc, { QueryRetrieveLevel: 'STUDY', PatientID, StudyInstanceUID: '' })) {
        const StudyInstanceUID = uidOf(study.StudyInstanceUID);
        if (!StudyInstanceUID || held.has(StudyInstanceUID)) continue;
        const instances = new Set<string>();
        for (const series of await find(assoc, { QueryRetrieveLevel: 'SERIES', StudyInstanceUID, SeriesInstanceUID: '' })) {
          const SeriesInstanceUID = uidOf(series.SeriesInstanceUID);
          if (!SeriesInstanceUID) continue;
          for (const image of await find(assoc, { QueryRetrieveLevel: 'IMAGE', StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID: '' })) {
            const uid = uidOf(image.SOPInstanceUID);
            if (uid) instances.add(uid);
          }
        }
        held.set(StudyInstanceUID, instances);
      }
    }
  } finally {
    await assoc.release().catch(() => assoc.abort());
  }
  return held;
}

async function find(assoc: DimseClientAssociation, identifier: Identifier): Promise<Identifier[]> {
  const op = assoc.find('STUDY', identifier);
  const matches: Identifier[] = [];
  for await (const match of op) matches.push(match);
  const { status } = await op.done;
  if (status !== 0) throw new Error(`C-FIND ${String(identifier.QueryRetrieveLevel)} answered status 0x${status.toString(16).padStart(4, '0')}`);
  return matches;
}

function uidOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/**
 * `country`'s part of the fixture world as the PACS holds it: studies, series and instances the
 * PACS lacks are removed. `unknownStudies`: studies the PACS holds that the fixtures do not know.
 */
export function worldHeldBy(world: FixtureWorld, country: CountryCode, held: ReadonlyMap<string, ReadonlySet<string>>): { world: FixtureWorld; unknownStudies: string[] } {
  const known = new Set<string>();
  const patients = world.patients
    .filter((p) => p.country === country)
    .map((p) => ({
      ...p,
      studies: p.studies.flatMap((study) => {
        known.add(study.studyInstanceUid);
        const instances = held.get(study.studyInstanceUid);
        if (!instances) return [];
        const series = study.series.map((s) => ({ ...s, instances: s.instances.filter((i) => instances.has(i.sopInstanceUid)) })).filter((s) => s.instances.length > 0);
        return series.length > 0 ? [{ ...study, series }] : [];
      }),
    }));
  return { world: { ...world, patients }, unknownStudies: [...held.keys()].filter((uid) => !known.has(uid)) };
}

/** The fixture world of `country` as its PACS holds it (C-FIND for each of the country's patients). */
export async function worldFromPacs(world: FixtureWorld, country: CountryCode, pacs: DimsePacsAddress, options: DimseSourceOptions = {}): Promise<{ world: FixtureWorld; unknownStudies: string[] }> {
  const patientIds = world.patients.filter((p) => p.country === country).map((p) => p.nationalId);
  return worldHeldBy(world, country, await heldInstances(pacs, patientIds, options));
}
