/**
 * LOINC document type of an imaging report: 18748-4 "Diagnostic imaging study". Used by IHE RAD
 * XDS-I typeCode (RAD TF-3 4.68.4.1.2.3.2), the eHDSI imaging report type, DICOM PS3.20 and the
 * HL7 Europe imaging report Composition.type (scheme LN, 2.16.840.1.113883.6.1).
 */
export const DIAGNOSTIC_IMAGING_STUDY = '18748-4';
