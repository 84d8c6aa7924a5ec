/**
 * GEN-05: retrieved DICOM documents go into B's PACS with C-STORE, all on one association, with
 * our own DIMSE client (every association decision and C-STORE is recorded as evidence by the
 * DIMSE observer). Never throws: a refused association or a failed C-STORE comes back as
 * failures naming the instance and the reason.
 */
import dcmjs from 'dcmjs';
import { associate, AssociationRejectedError, statusCategory, TransferSyntax, type StoreSource } from '../../dimse/index.ts';
import { parsePart10Head } from '../../dimse/part10.ts';
import { dimseEvidence, hex4 } from '../../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import type { ImportFailure } from './arrival-notice.ts';
import type { PacsTarget } from './gateway-config.ts';
import { indexFieldsFromPrefix } from '../../pacs/store/index-fields.ts';

export interface DicomDocument {
  readonly documentUniqueId: string;
  readonly bytes: Buffer;
}

export interface PacsImportResult {
  readonly stored: number;
  readonly failures: ImportFailure[];
  /** Study Instance UIDs and Patient IDs read from the instances. */
  readonly studyInstanceUids: string[];
  readonly patientIds: string[];
  readonly durationMs: number;
}

export async function importIntoPacs(documents: readonly DicomDocument[], pacs: PacsTarget, evidence: EvidenceSink, actor: string, dimseTimeoutMs: number): Promise<PacsImportResult> {
  const started = Date.now();
  const failures: ImportFailure[] = [];
  const sources: { documentUniqueId: string; source: StoreSource }[] = [];
  const studies = new Set<string>();
  const patients = new Set<string>();
  for (const d of documents) {
    try {
      const info = parsePart10Head(`document ${d.documentUniqueId}`, d.bytes, d.bytes.length);
      sources.push({
        documentUniqueId: d.documentUniqueId,
        source: { dataset: d.bytes.subarray(info.datasetOffset), sopClassUid: info.sopClassUid, sopInstanceUid: info.sopInstanceUid, transferSyntaxUid: info.transferSyntaxUid },
      });
      const ids = identifiersOf(d.bytes);
      if (ids.study) studies.add(ids.study);
      if (ids.patient) patients.add(ids.patient);
    } catch (err) {
      failures.push({ documentUniqueId: d.documentUniqueId, target: 'pacs', reason: `not a DICOM Part 10 file: ${(err as Error).message}` });
    }
  }
  const result = (stored: number): PacsImportResult => ({ stored, failures, studyInstanceUids: [...studies], patientIds: [...patients], durationMs: Date.now() - started });
  if (sources.length === 0) return result(0);

  const contexts = new Map<string, Set<string>>();
  for (const { source } of sources) {
    if (typeof source === 'string') continue;
    const syntaxes = contexts.get(source.sopClassUid) ?? new Set([TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian]);
    syntaxes.add(source.transferSyntaxUid);
    contexts.set(source.sopClassUid, syntaxes);
  }
  let association;
  try {
    association = await associate({
      host: pacs.host,
      port: pacs.port,
      callingAe: pacs.callingAeTitle,
      calledAe: pacs.aeTitle,
      // The file's own syntax first, so the bytes go out untouched when the PACS accepts it.
      contexts: [...contexts].map(([abstractSyntax, ts]) => ({ abstractSyntax, transferSyntaxes: [...ts].reverse() })),
      ...(pacs.tls && { tls: pacs.tls }),
      observer: dimseEvidence(evidence, actor),
      timeouts: { connectMs: dimseTimeoutMs, associateMs: dimseTimeoutMs, dimseMs: dimseTimeoutMs, releaseMs: dimseTimeoutMs },
    });
  } catch (err) {
    const why = err instanceof AssociationRejectedError ? err.message : `association failed: ${(err as Error).message}`;
    for (const s of sources) failures.push({ documentUniqueId: s.documentUniqueId, target: 'pacs', reason: `PACS ${pacs.aeTitle}@${pacs.host}:${pacs.port}: ${why}` });
    return result(0);
  }
  let stored = 0;
  const done = new Set<string>();
  try {
    const byInstance = new Map(sources.map((s) => [typeof s.source === 'string' ? s.source : s.source.sopInstanceUid, s.documentUniqueId]));
    await association.storeMany(
      sources.map((s) => s.source),
      {
        onResult: (r) => {
          const documentUniqueId = byInstance.get(r.sopInstanceUid) ?? r.sopInstanceUid;
          done.add(documentUniqueId);
          const category = statusCategory(r.status);
          if (category === 'success' || category === 'warning') stored++;
          else failures.push({ documentUniqueId, target: 'pacs', reason: `C-STORE of ${r.sopInstanceUid} answered ${hex4(r.status)}` });
        },
      },
    );
    await association.release().catch(() => association.abort());
  } catch (err) {
    association.abort();
    for (const s of sources) {
      if (!done.has(s.documentUniqueId)) failures.push({ documentUniqueId: s.documentUniqueId, target: 'pacs', reason: `not stored: ${(err as Error).message}` });
    }
  }
  return result(stored);
}

/** Study Instance UID and Patient ID of a Part 10 file's bytes, reading no further than the Series Instance UID. */
/** Enough of a file for the identifiers: they come before the pixel data, which the walk does not read. */
const HEADER_PREFIX_BYTES = 256 * 1024;

export function identifiersOf(bytes: Buffer): { study?: string; patient?: string } {
  // The index's header walk (microseconds, no copy) when it can read the file; dcmjs otherwise.
  const fast = indexFieldsFromPrefix(bytes.subarray(0, Math.min(bytes.length, HEADER_PREFIX_BYTES)));
  if (fast) {
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const study = text(fast.ds.StudyInstanceUID);
    const patient = text(fast.ds.PatientID);
    return { ...(study && { study }), ...(patient && { patient }) };
  }
  try {
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(copy, { untilTag: '0020000E', includeUntilTagValue: false, ignoreErrors: true, noCopy: true, forceStoreRaw: false });
    const first = (tag: string): string | undefined => {
      const v = (dict.dict as Record<string, { Value?: unknown[] }>)[tag]?.Value?.[0];
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    const study = first('0020000D');
    const patient = first('00100020');
    return { ...(study && { study }), ...(patient && { patient }) };
  } catch {
    return {};
  }
}
