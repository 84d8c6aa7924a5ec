/**
 * What a Document Registry checks and completes before it accepts a Register Document Set-b
 * (ITI TF-2 §3.42.4.1.3, ITI TF-3 §4.2.3): one SubmissionSet, required DocumentEntry and
 * SubmissionSet attributes, HasMember links, a single known patient, unique ids, RPLC targets.
 * Symbolic ids become urn:uuid ids; accepted objects get status Approved and a lid.
 * The result is all or nothing: any error means nothing is registered.
 */
import { randomUUID } from 'node:crypto';
import type { Classification, RimObject } from './ebrim-model.ts';
import type { MetadataStore, StoredObject } from './metadata-store.ts';
import type { RegistryErrorItem } from './registry-response.ts';
import { checkDocumentEntry, checkSubmissionSet } from './required-metadata.ts';
import { AssociationType, ErrorCode, Status } from './xds-constants.ts';
import { kindOf, patientIdOf, slotValue, uniqueIdOf, type XdsKind } from './xds-view.ts';

export interface PatientRegistry {
  /** True when the patient id (CX, `id^^^&oid&ISO`) is known to the registry (Patient Identity Feed). */
  isKnown(patientId: string): boolean;
}

export interface CheckedSubmission {
  readonly errors: RegistryErrorItem[];
  readonly accepted: StoredObject[];
  readonly deprecate: string[];
}

export function checkSubmission(input: readonly RimObject[], store: MetadataStore, patients: PatientRegistry): CheckedSubmission {
  const errors: RegistryErrorItem[] = [];
  const fail = (errorCode: string, codeContext: string, location?: string): void => {
    errors.push({ errorCode, codeContext, ...(location !== undefined && { location }) });
  };
  const objects = assignUuids(structuredClone(input as RimObject[]));
  const foldedIn = foldClassifications(objects);
  const top = objects.filter((o) => !foldedIn.has(o));
  const kinds = new Map<RimObject, XdsKind>(top.map((o) => [o, kindOf(o, objects)]));
  const ofKind = (k: XdsKind): RimObject[] => top.filter((o) => kinds.get(o) === k);

  const sets = ofKind('SubmissionSet');
  if (sets.length !== 1) fail(ErrorCode.registryMetadataError, `a submission must contain exactly one SubmissionSet, found ${sets.length}`);
  for (const o of ofKind('RegistryPackage')) fail(ErrorCode.registryMetadataError, 'RegistryPackage is classified neither as SubmissionSet nor as Folder', o.id);
  for (const o of top) if (store.byId(o.id)) fail(ErrorCode.registryMetadataError, `entryUUID ${o.id} is already used in the registry`, o.id);

  const ss = sets[0];
  const docs = ofKind('DocumentEntry');
  if (ss?.type === 'RegistryPackage') checkSubmissionSet(ss, (c, l) => fail(ErrorCode.registryMetadataError, c, l));
  for (const d of docs) if (d.type === 'ExtrinsicObject') checkDocumentEntry(d, (c, l) => fail(ErrorCode.registryMetadataError, c, l));

  // Associations: ends must exist; every DocumentEntry is a member of the SubmissionSet.
  const submittedIds = new Set(top.map((o) => o.id));
  const deprecate: string[] = [];
  const members = new Set<string>();
  for (const a of ofKind('Association')) {
    if (a.type !== 'Association') continue;
    for (const end of [a.sourceObject, a.targetObject]) {
      if (!submittedIds.has(end) && !store.byId(end)) fail(ErrorCode.registryMetadataError, `association ${a.associationType} refers to ${end}, which is neither submitted nor in the registry`, a.id);
    }
    if (a.associationType === AssociationType.hasMember && ss && a.sourceObject === ss.id) {
      members.add(a.targetObject);
      const status = slotValue(a, 'SubmissionSetStatus');
      if (docs.some((d) => d.id === a.targetObject) && status !== 'Original' && status !== 'Reference') {
        fail(ErrorCode.registryMetadataError, 'HasMember association from the SubmissionSet to a DocumentEntry needs Slot SubmissionSetStatus = Original', a.id);
      }
    }
    if (a.associationType === AssociationType.replace || a.associationType === AssociationType.transformReplace) {
      const target = store.byId(a.targetObject);
      const source = top.find((o) => o.id === a.sourceObject);
      if (!target) continue;
      if (target.object.status === Status.deprecated) fail(ErrorCode.registryDeprecatedDocumentError, `replaced document ${a.targetObject} is already deprecated`, a.id);
      const sourcePatient = source && patientIdOf(source, 'DocumentEntry');
      if (sourcePatient && target.patientId !== sourcePatient) fail(ErrorCode.patientIdDoesNotMatch, `replacement for patient ${sourcePatient} targets a document of patient ${target.patientId}`, a.id);
      deprecate.push(a.targetObject);
    }
  }
  for (const d of docs) if (!members.has(d.id)) fail(ErrorCode.registryMetadataError, 'DocumentEntry is not the target of a HasMember association from the SubmissionSet', d.id);

  // One patient, known to the registry.
  const ssPatient = ss ? patientIdOf(ss, 'SubmissionSet') : undefined;
  if (ssPatient && !patients.isKnown(ssPatient)) fail(ErrorCode.unknownPatientId, `patient ${ssPatient} is not known to this registry`, ss?.id);
  for (const o of [...docs, ...ofKind('Folder')]) {
    const pid = patientIdOf(o, kinds.get(o)!);
    if (ssPatient && pid && pid !== ssPatient) fail(ErrorCode.patientIdDoesNotMatch, `patient ${pid} differs from the SubmissionSet's ${ssPatient}`, o.id);
  }

  // Unique ids: unique within the message; SubmissionSet/Folder unique in the registry;
  // a known document uniqueId only with the same hash and size.
  const seen = new Map<string, string>();
  for (const o of top) {
    const k = kinds.get(o)!;
    const uid = uniqueIdOf(o, k);
    if (!uid) continue;
    if (seen.has(uid)) fail(ErrorCode.registryDuplicateUniqueIdInMessage, `uniqueId ${uid} is used by ${seen.get(uid)} and ${o.id}`, o.id);
    seen.set(uid, o.id);
    for (const existing of store.byUniqueId(uid)) {
      if (k !== 'DocumentEntry' || existing.kind !== 'DocumentEntry') {
        fail(ErrorCode.duplicateUniqueIdInRegistry, `${k} uniqueId ${uid} is already registered (${existing.kind} ${existing.object.id})`, o.id);
        continue;
      }
      const [hash, size] = [slotValue(o, 'hash'), slotValue(o, 'size')];
      if (hash?.toLowerCase() !== slotValue(existing.object, 'hash')?.toLowerCase()) fail(ErrorCode.nonIdenticalHash, `document ${uid} is already registered with another hash`, o.id);
      else if (size !== slotValue(existing.object, 'size')) fail(ErrorCode.nonIdenticalSize, `document ${uid} is already registered with another size`, o.id);
    }
  }

  const accepted: StoredObject[] = top.map((o) => {
    o.status = Status.approved;
    if (o.type !== 'Classification' && o.type !== 'Association') o.lid ??= o.id;
    const kind = kinds.get(o)!;
    const patientId = patientIdOf(o, kind);
    const uniqueId = uniqueIdOf(o, kind);
    return { object: o, kind, ...(patientId && { patientId }), ...(uniqueId && { uniqueId }) };
  });
  return { errors, accepted: errors.length ? [] : accepted, deprecate: errors.length ? [] : deprecate };
}

/** Gives every symbolic id a urn:uuid and rewrites the references to it. */
function assignUuids(objects: RimObject[]): RimObject[] {
  const map = new Map<string, string>();
  const visit = (o: { id: string }): void => {
    if (!o.id.startsWith('urn:uuid:') && !map.has(o.id)) map.set(o.id, `urn:uuid:${randomUUID()}`);
  };
  for (const o of objects) {
    visit(o);
    if (o.type !== 'Classification') for (const x of [...o.classifications, ...o.externalIdentifiers]) visit(x);
  }
  const r = (id: string): string => map.get(id) ?? id;
  for (const o of objects) {
    o.id = r(o.id);
    if (o.type === 'Classification') o.classifiedObject = r(o.classifiedObject);
    else {
      for (const c of o.classifications) Object.assign(c, { id: r(c.id), classifiedObject: r(c.classifiedObject) });
      for (const x of o.externalIdentifiers) Object.assign(x, { id: r(x.id), registryObject: r(x.registryObject) });
    }
    if (o.type === 'Association') Object.assign(o, { sourceObject: r(o.sourceObject), targetObject: r(o.targetObject) });
  }
  return objects;
}

/** Moves top-level Classifications into the objects they classify (SubmissionSet/Folder markers). */
function foldClassifications(objects: RimObject[]): Set<RimObject> {
  const folded = new Set<RimObject>();
  for (const c of objects) {
    if (c.type !== 'Classification') continue;
    const target = objects.find((o) => o.id === c.classifiedObject && o.type !== 'Classification');
    if (!target || target.type === 'Classification') continue;
    target.classifications.push(c as Classification);
    folded.add(c);
  }
  return folded;
}
