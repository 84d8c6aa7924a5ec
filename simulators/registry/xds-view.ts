/**
 * XDS meaning of ebRIM objects (ITI TF-3 §4.2.3): which package is the SubmissionSet, a
 * DocumentEntry's patientId, uniqueId, codes, slots. Pure reads over ebrim-model.ts objects.
 */
import type { Association, Classified, ExtrinsicObject, RegistryPackage, RimObject } from './ebrim-model.ts';
import { DocScheme, FolderScheme, Node, ObjectType, SubmissionScheme } from './xds-constants.ts';

export interface CodedValue {
  readonly code: string;
  readonly codingScheme: string;
  readonly display?: string;
}

export function slotValues(o: { slots: readonly { name: string; values: readonly string[] }[] }, name: string): readonly string[] {
  return o.slots.find((s) => s.name === name)?.values ?? [];
}

export function slotValue(o: { slots: readonly { name: string; values: readonly string[] }[] }, name: string): string | undefined {
  return slotValues(o, name)[0];
}

export function externalId(o: Classified, scheme: string): string | undefined {
  return o.externalIdentifiers.find((x) => x.identificationScheme === scheme)?.value;
}

/** Coded classifications of a scheme: nodeRepresentation + codingScheme slot. */
export function codes(o: Classified, scheme: string): CodedValue[] {
  return o.classifications
    .filter((c) => c.classificationScheme === scheme)
    .map((c) => {
      const display = c.name?.[0]?.value;
      return { code: c.nodeRepresentation ?? '', codingScheme: slotValue(c, 'codingScheme') ?? '', ...(display !== undefined && { display }) };
    });
}

export function isDocumentEntry(o: RimObject): o is ExtrinsicObject {
  return o.type === 'ExtrinsicObject';
}

export function isOnDemand(o: ExtrinsicObject): boolean {
  return o.objectType === ObjectType.onDemandDocument;
}

export function isAssociation(o: RimObject): o is Association {
  return o.type === 'Association';
}

/** The classification node of a RegistryPackage, from a nested or a top-level Classification. */
export function packageNode(pkg: RegistryPackage, all: readonly RimObject[]): string | undefined {
  const nested = pkg.classifications.find((c) => c.classificationNode === Node.submissionSet || c.classificationNode === Node.folder);
  if (nested) return nested.classificationNode;
  const top = all.find((o) => o.type === 'Classification' && o.classifiedObject === pkg.id && (o.classificationNode === Node.submissionSet || o.classificationNode === Node.folder));
  return top?.type === 'Classification' ? top.classificationNode : undefined;
}

export type XdsKind = 'DocumentEntry' | 'SubmissionSet' | 'Folder' | 'Association' | 'Classification' | 'RegistryPackage';

export function kindOf(o: RimObject, all: readonly RimObject[]): XdsKind {
  if (o.type === 'ExtrinsicObject') return 'DocumentEntry';
  if (o.type === 'Association') return 'Association';
  if (o.type === 'Classification') return 'Classification';
  const node = packageNode(o, all);
  return node === Node.submissionSet ? 'SubmissionSet' : node === Node.folder ? 'Folder' : 'RegistryPackage';
}

export function patientIdOf(o: RimObject, kind: XdsKind): string | undefined {
  if (o.type === 'Association' || o.type === 'Classification') return undefined;
  if (kind === 'DocumentEntry') return externalId(o, DocScheme.patientId);
  if (kind === 'SubmissionSet') return externalId(o, SubmissionScheme.patientId);
  if (kind === 'Folder') return externalId(o, FolderScheme.patientId);
  return undefined;
}

export function uniqueIdOf(o: RimObject, kind: XdsKind): string | undefined {
  if (o.type === 'Association' || o.type === 'Classification') return undefined;
  if (kind === 'DocumentEntry') return externalId(o, DocScheme.uniqueId);
  if (kind === 'SubmissionSet') return externalId(o, SubmissionScheme.uniqueId);
  if (kind === 'Folder') return externalId(o, FolderScheme.uniqueId);
  return undefined;
}

/** Replaces (or adds) a slot. */
export function setSlot(o: { slots: { name: string; values: readonly string[] }[] }, name: string, values: readonly string[]): void {
  const i = o.slots.findIndex((s) => s.name === name);
  if (i >= 0) o.slots[i] = { name, values };
  else o.slots.push({ name, values });
}

/** Compares XDS DTM values (YYYY[MM[DD[hh[mm[ss]]]]]) after padding to the same precision. */
export function dtmKey(v: string): string {
  return v.trim().padEnd(14, '0').slice(0, 14);
}
