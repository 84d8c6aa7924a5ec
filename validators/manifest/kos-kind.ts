/**
 * What kind of Key Object Selection Document a data set is, told by its document title (the
 * ConceptNameCodeSequence of the root content item, CID 7010). A manifest and a key-image note
 * share one SOP Class; only the title says which is which, and a consumer that treats a KIN as a
 * study manifest shows a handful of flagged images as "the study".
 */
import { codeEquals, firstCode, type CodeValue, type Item } from './dataset-access.ts';

export type KosKind = 'xds-i-manifest' | 'mado-manifest' | 'key-image-note' | 'other-kos';

/** (113030, DCM, "Manifest"): IHE RAD TF-3 4.68.4.1.2.2, XDS-I.b / XCA-I. */
export const XDS_I_MANIFEST_TITLE = { value: '113030', scheme: 'DCM', meaning: 'Manifest' } as const;

/**
 * The MADO title (IHE RAD MADO Trial Implementation, TF-3 6.X.2.9): DICOM CP-2595 reserves it as
 * placeholder "ddd001" while IHE issued the temporary code (MADOTEMP001, 99IHE) for the trial.
 */
export const MADO_TITLE = { value: 'MADOTEMP001', scheme: '99IHE', meaning: 'Manifest with Description' } as const;
export const MADO_PLACEHOLDER_TITLE = { value: 'ddd001', scheme: 'DCM', meaning: 'Manifest with Description' } as const;

/**
 * CID 7010 titles a Key Image Note (IHE KIN) uses: selections for a person or a purpose. Not the
 * manifest family (113030-113035), rejection notes (113001, 113037-113039) or frame groups.
 */
export const KEY_IMAGE_NOTE_TITLES: ReadonlyMap<string, string> = new Map([
  ['113000', 'Of Interest'],
  ['113002', 'For Referring Provider'],
  ['113003', 'For Surgery'],
  ['113004', 'For Teaching'],
  ['113005', 'For Conference'],
  ['113006', 'For Therapy'],
  ['113007', 'For Patient'],
  ['113008', 'For Peer Review'],
  ['113009', 'For Research'],
  ['113010', 'Quality Issue'],
  ['113013', 'Best In Set'],
  ['113018', 'For Printing'],
  ['113020', 'For Report Attachment'],
  ['113021', 'For Litigation'],
]);

export function documentTitle(ds: Item): CodeValue | undefined {
  return firstCode(ds.ConceptNameCodeSequence);
}

export function isMadoTitle(title: CodeValue | undefined): boolean {
  return codeEquals(title, MADO_TITLE.value, MADO_TITLE.scheme) || codeEquals(title, MADO_PLACEHOLDER_TITLE.value, MADO_PLACEHOLDER_TITLE.scheme);
}

export function classifyKos(ds: Item): KosKind {
  const title = documentTitle(ds);
  if (codeEquals(title, XDS_I_MANIFEST_TITLE.value, XDS_I_MANIFEST_TITLE.scheme)) return 'xds-i-manifest';
  if (isMadoTitle(title)) return 'mado-manifest';
  if (title?.scheme === 'DCM' && title.value !== undefined && KEY_IMAGE_NOTE_TITLES.has(title.value)) return 'key-image-note';
  return 'other-kos';
}
