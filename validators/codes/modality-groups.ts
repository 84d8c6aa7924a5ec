/**
 * Groups of CID 29 acquisition modalities the rules reason about. These are ixh's groupings (by
 * physics), not a DICOM context group; the test keeps them inside CID 29 so they cannot drift off it.
 */

/** Modalities that expose the patient to ionising radiation (X-ray, gamma): exposure information applies (Annex III §10.7). */
export const IONISING_MODALITIES: ReadonlySet<string> = new Set(['CT', 'CR', 'DX', 'MG', 'XA', 'RF', 'IO', 'PX', 'RG', 'BMD', 'PT', 'NM', 'RTIMAGE']);

/** Projection X-ray modalities whose instances carry dose information (Annex III §10.4: KAP, kerma, breast dose; PS3.16 TID 10001). */
export const PROJECTION_XRAY_MODALITIES: ReadonlySet<string> = new Set(['CR', 'DX', 'MG', 'XA', 'RF', 'IO', 'PX', 'RG']);
