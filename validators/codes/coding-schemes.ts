/**
 * Coding schemes: DICOM Coding Scheme Designator ↔ HL7 OID ↔ FHIR system URI, per DICOM PS3.16
 * Chapter 8 (Table 8-1 "Coding Schemes") and HL7 FHIR terminology. XDS metadata and CDA carry the
 * OID, DICOM data sets the designator, FHIR the URI.
 */

export interface CodingScheme {
  /** Coding Scheme Designator (0008,0102) as PS3.16 Table 8-1 lists it. */
  readonly designator: string;
  /** Other designators for the same scheme: retired ones, and spellings senders use instead. */
  readonly otherDesignators: readonly string[];
  readonly oid: string;
  readonly uri?: string;
  readonly name: string;
}

export const DCM: CodingScheme = {
  designator: 'DCM', otherDesignators: [], oid: '1.2.840.10008.2.16.4',
  uri: 'http://dicom.nema.org/resources/ontology/DCM', name: 'DICOM Controlled Terminology',
};

/** SNOMED CT. 'SRT' is its retired DICOM designator (same OID); 'SNOMED' is not a designator but is sent. */
export const SCT: CodingScheme = {
  designator: 'SCT', otherDesignators: ['SRT', 'SNOMED'], oid: '2.16.840.1.113883.6.96',
  uri: 'http://snomed.info/sct', name: 'SNOMED CT',
};

/** SNOMED International version 3 (retired): its own OID, not SNOMED CT's. */
export const SNM3: CodingScheme = {
  designator: 'SNM3', otherDesignators: [], oid: '2.16.840.1.113883.6.51', name: 'SNOMED International (v3)',
};

/** LOINC. 'LOINC' is not the designator (LN) but is sent. */
export const LN: CodingScheme = {
  designator: 'LN', otherDesignators: ['LOINC'], oid: '2.16.840.1.113883.6.1', uri: 'http://loinc.org', name: 'LOINC',
};

/** DICOM UID Registry (PS3.6 Annex A): SOP Class UIDs used as codes, e.g. the KOS formatCode. */
export const DCMUID: CodingScheme = {
  designator: 'DCMUID', otherDesignators: [], oid: '1.2.840.10008.2.6.1', name: 'DICOM UID Registry',
};

export const CODING_SCHEMES: readonly CodingScheme[] = [DCM, SCT, SNM3, LN, DCMUID];

/** Designator → OID for every designator above (including the other spellings). */
export const OID_BY_DESIGNATOR: Readonly<Record<string, string>> = Object.fromEntries(
  CODING_SCHEMES.flatMap((s) => [s.designator, ...s.otherDesignators].map((d) => [d, s.oid])),
);

/** Every way the scheme is named: designators, OID, urn:oid: form and URI. */
export function schemeNames(s: CodingScheme): ReadonlySet<string> {
  return new Set([s.designator, ...s.otherDesignators, s.oid, `urn:oid:${s.oid}`, ...(s.uri ? [s.uri] : [])]);
}

/** Whether `value` names scheme `s` in any of its forms. */
export function namesScheme(s: CodingScheme, value: string | undefined): boolean {
  return value !== undefined && schemeNames(s).has(value);
}
