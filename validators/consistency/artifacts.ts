/**
 * One study's artifacts as the consistency rules see them (MET-07): the DICOM instances and the
 * KOS manifest (dcmjs naturalized), the reports (ExtractedReport, whatever their format) and the
 * document metadata (ebRIM ExtrinsicObjects). Each fact a rule compares is a `Statement`: which
 * artifact says it, where inside it, and what it says, so a mismatch can name both places.
 */
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { externalId, slotValue, slotValues } from '../../simulators/registry/xds-view.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { firstText, sequenceItems } from '../../simulators/pacs/store/dicom-values.ts';
import type { ExtractedReport } from '../report/extracted-report.ts';

export interface StudyArtifacts {
  readonly instances: readonly Record<string, unknown>[];
  readonly manifest?: Record<string, unknown>;
  readonly reports?: readonly ExtractedReport[];
  readonly documentEntries?: readonly ExtrinsicObject[];
  /**
   * IANA zone of the acquiring site's clock. DICOM times are local without an offset; with the
   * zone they compare exactly with XDS UTC times, without it only within ±14 h.
   */
  readonly timeZone?: string;
}

export interface Statement {
  /** The artifact: "instance 1.2.3", "manifest", "report 1.2.9", "document-entry 1.2.4". */
  readonly place: string;
  /** Where inside it: a DICOM tag path, a report path, a metadata field. */
  readonly where: string;
  readonly value: string;
}

type Ds = Record<string, unknown>;

export const text = (ds: Ds, key: string): string | undefined => firstText(ds[key]);

/** The instances that are data sets at all: anything else cannot state a fact. */
export const datasets = (a: StudyArtifacts): Ds[] => a.instances.filter((ds): ds is Ds => typeof ds === 'object' && ds !== null && !Array.isArray(ds));
const isDs = (v: unknown): v is Ds => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The manifest when it is a data set. */
export const manifestOf = (a: StudyArtifacts): Ds | undefined => (isDs(a.manifest) ? a.manifest : undefined);
export const items = (ds: Ds, key: string): Ds[] => sequenceItems(ds[key]);

export const instancePlace = (ds: Ds, i: number): string => `instance ${text(ds, 'SOPInstanceUID') ?? `#${i + 1}`}`;
export const MANIFEST = 'manifest';
export const reportPlace = (r: ExtractedReport, i: number): string => `report ${r.documentId?.value ?? `#${i + 1}`}`;
export const entryPlace = (e: ExtrinsicObject): string => `document-entry ${externalId(e, DocScheme.uniqueId) ?? e.id}`;

/** The slot name of the referenceIdList (ITI TF-3 4.2.3.2.28). */
export const REFERENCE_ID_LIST = 'urn:ihe:iti:xds:2013:referenceIdList';
export const REFERENCE_TYPE = { accession: 'urn:ihe:iti:xds:2013:accession', studyInstanceUid: 'urn:ihe:iti:xds:2016:studyInstanceUID' } as const;

export interface Cx {
  readonly id: string;
  readonly authorityOid?: string;
  readonly type?: string;
}

const unescape = (v: string): string => v.replace(/\\([EFSRT])\\/g, (_, c: string) => ({ E: '\\', F: '|', S: '^', R: '~', T: '&' })[c] ?? c);

/** HL7 v2 CX `id^^^&oid&ISO^type` → its parts (escapes undone); undefined when CX.1 is empty. */
export function parseCx(value: string): Cx | undefined {
  const parts = value.split('^');
  const id = unescape(parts[0] ?? '');
  if (id === '') return undefined;
  const oid = (parts[3] ?? '').split('&')[1];
  const type = parts[4];
  return { id, ...(oid ? { authorityOid: oid } : {}), ...(type ? { type } : {}) };
}

/** referenceIdList values of one identifier type, with their position in the slot. */
export function referenceIds(entry: ExtrinsicObject, type: string): { cx: Cx; index: number }[] {
  return slotValues(entry, REFERENCE_ID_LIST).flatMap((v, index) => {
    const cx = parseCx(v);
    return cx && cx.type === type ? [{ cx, index }] : [];
  });
}

export function sourcePatient(entry: ExtrinsicObject): Cx | undefined {
  const v = slotValue(entry, 'sourcePatientId');
  return v === undefined ? undefined : parseCx(v);
}
