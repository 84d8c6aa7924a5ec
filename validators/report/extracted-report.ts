/**
 * What an imaging report says, pulled out of its encoding. `extractCdaReport` (CDA, DICOM PS3.20)
 * and `extractFhirReport` (FHIR R4 document Bundle, HL7 Europe Imaging Report) both produce this
 * shape, so the content rules (REP-01..REP-08, MET-02, UC-545, UC-546) judge both formats the same
 * way, and the information-model and cross-artifact rules can compare a report with the study's
 * instances, manifest and metadata without knowing which format it came in.
 *
 * Extraction never throws and never invents: whatever the document lacks is `undefined` (or an
 * empty list), and the rules decide whether that absence is a defect. Every value keeps a `path`
 * into the source document (an XPath-like path for CDA, a JSON pointer for FHIR) so findings can
 * point at the place.
 */

export type ReportFormat = 'cda' | 'fhir';

/** A value and where it sits in the source document. */
export interface Located<T> {
  readonly value: T;
  /** CDA: "/ClinicalDocument/recordTarget/patientRole/id[0]"; FHIR: "/entry/2/resource/identifier/0". */
  readonly path: string;
}

/** A code triplet as found (system is an OID for CDA, a URI for FHIR; both are kept as written). */
export interface ExtractedCode {
  readonly code: string;
  /** CDA @codeSystem (OID) or FHIR Coding.system (URI), as written. */
  readonly system?: string;
  readonly display?: string;
}

/**
 * The normalised kind of a narrative section, decided from its code (LOINC or DCM), so rules ask
 * "is there a conclusion" without knowing the format's code lists.
 */
export type ExtractedSectionKind =
  | 'clinical-information' // LOINC 55752-0 (PS3.20 Clinical Information)
  | 'reason' // LOINC 18785-6 Indications / DCM 121109
  | 'procedure' // LOINC 55111-9 Current imaging procedure descriptions
  | 'comparison' // LOINC 18834-2 Radiology Comparison study
  | 'findings' // LOINC 59776-5 / 18782-3
  | 'conclusion' // LOINC 19005-8 Impression
  | 'recommendation' // LOINC 18783-1
  | 'addendum' // LOINC 55107-7
  | 'radiation' // LOINC 73569-6 Radiation exposure and protection information
  | 'catalog' // DCM 121181 DICOM Object Catalog
  | 'other';

export interface ExtractedSection {
  readonly kind: ExtractedSectionKind;
  /** The section code as written (first coding for FHIR). */
  readonly code?: ExtractedCode;
  readonly title?: string;
  /** The narrative as plain text, whitespace collapsed, in the report's original language. */
  readonly text: string;
  /** Where the section sits. */
  readonly path: string;
  /** Nested sections (CDA: radiation exposure inside procedure description). */
  readonly subsections: readonly ExtractedSection[];
}

export interface ExtractedPerson {
  /** "Given Family" as written; undefined when the document has no name. */
  readonly name?: string;
  readonly path: string;
}

/** BI-RADS assessment (UC-545): the category code as written, e.g. LOINC LA answer or SNOMED. */
export interface ExtractedBirads {
  readonly code: ExtractedCode;
  /** Normalised category "0".."6" (with "4A".."4C" kept), undefined when the code is not recognised. */
  readonly category?: string;
  readonly path: string;
}

/** Radiation exposure (UC-546) as far as the document states it. */
export interface ExtractedExposure {
  /** Total DLP in mGy·cm when stated as a coded/quantitative value. */
  readonly totalDlpMGyCm?: number;
  readonly effectiveDoseMSv?: number;
  /** True when a radiation exposure section (or structured entries) is present at all. */
  readonly present: boolean;
  readonly path: string;
}

export interface ExtractedReport {
  readonly format: ReportFormat;
  /** CDA ClinicalDocument/id/@root, FHIR Composition.identifier value (or Bundle.identifier). */
  readonly documentId?: Located<string>;
  /** CDA ClinicalDocument/code, FHIR Composition.type (expected LOINC 18748-4). */
  readonly documentType?: Located<ExtractedCode>;
  /** ISO 8601 date-time of the report (CDA effectiveTime is normalised to ISO form). */
  readonly date?: Located<string>;
  readonly title?: Located<string>;
  /** BCP 47 language tag of the document, e.g. "fr-FR". */
  readonly language?: Located<string>;

  /** The patient identifier and its issuer (an OID: CDA id/@root, FHIR system "urn:oid:…" stripped). */
  readonly patient?: Located<{ readonly id: string; readonly issuerOid?: string; readonly name?: string; readonly birthDate?: string; readonly sex?: string }>;
  readonly author?: ExtractedPerson;
  readonly legalAuthenticator?: ExtractedPerson;

  /** Accession number and its issuer OID when given. */
  readonly accession?: Located<{ readonly value: string; readonly issuerOid?: string }>;
  /** Study Instance UID (bare dotted UID, the FHIR "urn:oid:" prefix removed). */
  readonly studyInstanceUid?: Located<string>;
  /** DICOM modality codes (CID 29, e.g. "CT", "MG"), deduplicated, in document order. */
  readonly modalities: readonly string[];
  /** Anatomic region code (SNOMED CT) of the study. */
  readonly bodyPart?: Located<ExtractedCode>;
  /** Imaging study type / procedure code (LOINC, REP-02/REP-04). */
  readonly procedureCode?: Located<ExtractedCode>;
  /** Study start as ISO 8601. */
  readonly studyDate?: Located<string>;
  /** Series and instances referenced by the report (CDA DICOM object catalog, FHIR ImagingStudy). */
  readonly series: readonly { readonly uid: string; readonly modality?: string; readonly instances: readonly { readonly uid: string; readonly sopClassUid?: string }[] }[];

  /** Top-level narrative sections, in document order. */
  readonly sections: readonly ExtractedSection[];
  readonly birads?: ExtractedBirads;
  readonly exposure?: ExtractedExposure;
}

/** Every section, nested ones included, depth first. */
export function allSections(report: Pick<ExtractedReport, 'sections'>): ExtractedSection[] {
  const out: ExtractedSection[] = [];
  const visit = (s: ExtractedSection) => {
    out.push(s);
    s.subsections.forEach(visit);
  };
  report.sections.forEach(visit);
  return out;
}

/** First section of a kind, nested ones included. */
export function sectionOf(report: Pick<ExtractedReport, 'sections'>, kind: ExtractedSectionKind): ExtractedSection | undefined {
  return allSections(report).find((s) => s.kind === kind);
}
