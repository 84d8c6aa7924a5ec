/**
 * Test inputs: clean Part 10 files made in memory by the fixture writers (the same builders
 * fixtures/write-fixtures.ts uses) and the KOS manifest builder, and a way to mutate a read
 * subject's data set without re-encoding (rules read `dict` only).
 */
import type { FixtureWorld } from '../../fixtures/model.ts';
import { instanceContexts } from '../../fixtures/dicom/context.ts';
import { builderFor } from '../../fixtures/dicom/iods/index.ts';
import { encodePart10 } from '../../fixtures/dicom/part10.ts';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { implementationClassUid } from '../../fixtures/dicom/uids.ts';
import { buildKosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { manifestInput, testWorldStudies } from '../../simulators/imaging-source/test-inputs.ts';
import { readDicomSubject, tagKey, type DicomDataset, type DicomElement, type DicomSubject } from './dicom-subject.ts';

export interface CleanFile {
  readonly name: string;
  readonly modality: string;
  readonly bytes: Uint8Array;
}

/** Every instance of `world` a writer supports (or only the first of each series). */
export function* cleanImageFiles(world: FixtureWorld, firstOfSeries = false): Generator<CleanFile> {
  const implementationUid = implementationClassUid(world.uidRoot);
  for (const ctx of instanceContexts(world, 64)) {
    if (firstOfSeries && ctx.index > 0) continue;
    const builder = builderFor(ctx.instance.sopClassUid);
    if (!builder || builder.unsupported?.(ctx)) continue;
    yield { name: `${ctx.study.accessionNumber}/${ctx.series.seriesNumber}-${ctx.series.modality}/${ctx.instance.instanceNumber}`, modality: ctx.series.modality, bytes: encodePart10(builder.build(ctx), implementationUid) };
  }
}

export function* cleanKosFiles(): Generator<CleanFile> {
  for (const ws of testWorldStudies) {
    yield { name: `KOS ${ws.study.accessionNumber}`, modality: 'KO', bytes: buildKosManifest(manifestInput(ws, testWorld.uidRoot)).part10 };
  }
}

export function read(bytes: Uint8Array): DicomSubject {
  const r = readDicomSubject(bytes);
  if (!r.ok) throw new Error(r.reason);
  return r.subject;
}

const firstOf = (modality: string): Uint8Array => {
  const file = [...cleanImageFiles(testWorld, true), ...cleanKosFiles()].find((f) => f.modality === modality);
  if (!file) throw new Error(`no clean ${modality} file in the test world`);
  return file.bytes;
};
const memo = new Map<string, Uint8Array>();
/** A clean file of the test world by modality (CT, MR, CR, DX, MG, US, KO). */
export function clean(modality: string): DicomSubject {
  if (!memo.has(modality)) memo.set(modality, firstOf(modality));
  return read(memo.get(modality)!);
}

type MutableDataset = Record<string, DicomElement>;

/** A copy of `subject` whose data set `edit` changed (the subject's SOP Class follows the edit). */
export function mutate(subject: DicomSubject, edit: (ds: MutableDataset) => void): DicomSubject {
  const dict = copyDataset(subject.dict);
  edit(dict);
  const sop = dict['00080016']?.Value?.[0];
  return { ...subject, dict: dict as DicomDataset, sopClassUid: typeof sop === 'string' ? sop : subject.sopClassUid };
}

/** Deep copy of elements and items (dcmjs elements carry accessor functions structuredClone refuses). */
function copyDataset(ds: DicomDataset): MutableDataset {
  const out: MutableDataset = {};
  for (const [tag, e] of Object.entries(ds)) {
    const copyValue = (v: unknown): unknown => (e.vr === 'SQ' && typeof v === 'object' && v !== null ? copyDataset(v as DicomDataset) : v);
    out[tag] = { vr: e.vr, ...(e.Value && { Value: e.Value.map(copyValue) }), ...(e._rawValue !== undefined && { _rawValue: Array.isArray(e._rawValue) ? e._rawValue.map(copyValue) : e._rawValue }) };
  }
  return out;
}

/** Sets a text element as if read from a file: Value and raw value alike. */
export function setText(ds: MutableDataset, tag: string, vr: string, ...values: string[]): void {
  ds[tagKey(tag)] = { vr, Value: values, _rawValue: values };
}
