/** Shared shapes of the DICOM rules. */
import type { Rule } from '../rule.ts';
import type { DicomSubject } from './dicom-subject.ts';

export type DicomRule = Rule<DicomSubject>;

/** What the exchange profiles add on top of base DICOM. */
export const EXCHANGE_PROFILES = ['xca-i', 'ehdsi-orcd', 'mado'] as const;

/** SR-family and KOS SOP Classes: documents, not acquisitions (no body part, modality KO/SR). */
export function isDocumentSopClass(sopClassUid: string): boolean {
  return sopClassUid.startsWith('1.2.840.10008.5.1.4.1.1.88.');
}
