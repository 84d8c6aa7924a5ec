/**
 * DICOM PS3.16 CID 32 "Non-Acquisition Modality" (1.2.840.10008.6.1.1282): modalities of objects
 * that are the result of post-processing, documents or plans, not of an orderable acquisition.
 * CID 33 "Modality" is CID 29 ∪ CID 32.
 */
import { CID29_ACQUISITION_MODALITIES } from './cid29-acquisition-modality.ts';
import { MODALITY_DEFINED_TERMS } from './modality-defined-terms.ts';

/** CID 32 as PS3.16 lists it. */
export const CID32_NON_ACQUISITION_MODALITIES: ReadonlySet<string> = new Set(
  'ASMT AU CTPROTOCOL DOC FID HC IOL KO M3D OT PLAN PR REG RTDOSE RTPLAN RTRECORD RTSTRUCT RWV SEG SMR SR STAIN TEXTUREMAP'.split(' '),
);

/**
 * What a study's "acquisition modalities" leave out: every current PS3.3 defined term that is not
 * in CID 29. That is CID 32 plus the later terms no context group lists yet (ANN, RTINTENT, RTRAD,
 * RTSEGANN, XAPROTOCOL), none of which is an acquisition. A code that is no defined term at all is
 * not in here, so it stays visible to the rules that judge codes.
 */
export const NON_ACQUISITION_MODALITIES: ReadonlySet<string> = new Set(
  [...MODALITY_DEFINED_TERMS].filter((m) => !CID29_ACQUISITION_MODALITIES.has(m)),
);
