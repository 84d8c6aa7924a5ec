/**
 * The requirements catalogue as data, in our own words (source: the X-eHealth functional
 * specification, via ../shared/spec/requirements.md). Every validator rule and scenario step names
 * ids from here, so reports can show coverage; `ixh requirements` prints it.
 */

export type RequirementGroup = 'general' | 'metadata' | 'report' | 'information-model' | 'use-case' | 'risk';

export interface Requirement {
  readonly id: string;
  readonly group: RequirementGroup;
  readonly text: string;
}

const r = (group: RequirementGroup, id: string, text: string): Requirement => ({ id, group, text });

export const REQUIREMENTS: readonly Requirement[] = [
  r('general', 'GEN-01', 'An authorised user finds every examination of a patient and can pick some to retrieve.'),
  r('general', 'GEN-02', 'The list sorts by date/time and filters by modality and body part.'),
  r('general', 'GEN-03', 'Each entry tells what (region, description) and where (country, city, hospital).'),
  r('general', 'GEN-04', 'A quick, non-diagnostic preview can be shown before retrieving.'),
  r('general', 'GEN-05', "Retrieved images land in the requester's own PACS and open in local tools."),
  r('general', 'GEN-06', "Reports can be taken into the requester's HIS/RIS with the images."),
  r('general', 'GEN-07', 'Images travel even when there is no report.'),
  r('general', 'GEN-08', 'The channel is secured and every access is audited.'),
  r('general', 'GEN-09', 'Patients are identified uniquely by national identifiers.'),
  r('general', 'GEN-10', 'Without prior consent in the country of affiliation, access is refused unless break-the-glass applies.'),
  r('general', 'GEN-11', 'The requesting professional acts through their organisation and NCPeH, with identity and treatment relationship asserted.'),
  r('general', 'GEN-12', 'The specialist is told when a requested or pushed study has arrived.'),
  r('general', 'GEN-13', 'One query may reach several member states; the answers are combined.'),
  r('metadata', 'MET-01', 'Every study has a Study Instance UID and an Accession Number.'),
  r('metadata', 'MET-02', 'A report points to its study by Accession Number and by Study Instance UID.'),
  r('metadata', 'MET-03', 'Modality is coded with DICOM CID 29 and the body part is given.'),
  r('metadata', 'MET-04', 'Document metadata answer who, what, why, how, when and where with codes (class, type, format, event codes, confidentiality, language, times, author, facility, practice setting, reference ids).'),
  r('metadata', 'MET-05', 'A study and its report are offered together, linked by accession number.'),
  r('metadata', 'MET-06', "Value sets allow 'other' or null where information is missing."),
  r('metadata', 'MET-07', 'Identifiers, codes and references agree across the instances, the manifest, the report and the metadata of one study.'),
  r('report', 'REP-01', 'Report header: patient, author, legal authenticator, date-time; document type LOINC 18748-4.'),
  r('report', 'REP-02', 'What was done: modality, body part, imaging study type (LOINC).'),
  r('report', 'REP-03', 'Why: reason and clinical question.'),
  r('report', 'REP-04', 'How: the procedure (SNOMED CT), contrast and medication, adverse reactions.'),
  r('report', 'REP-05', 'Results: narrative findings are mandatory; coded observations optional.'),
  r('report', 'REP-06', 'Conclusion and recommendation sections.'),
  r('report', 'REP-07', 'Referenced earlier reports belong to the same patient.'),
  r('report', 'REP-08', 'Readable by people and machines; free text stays in its own language.'),
  r('information-model', 'IM-STUDY', 'Study metadata: UID, accession, status, subject, modalities, counts, start, description, location, endpoints.'),
  r('information-model', 'IM-SERIES', 'Series: UID, modality, instance count, start, examined location, performers with function, number, description.'),
  r('information-model', 'IM-INSTANCE', 'Instance: UID, SOP class, number, dose information where it applies.'),
  r('information-model', 'IM-PHASE', 'Study phase: a phase code (no contrast, arterial, venous, …) with its DLP.'),
  r('information-model', 'IM-EXPOSURE', 'Exposure: effective dose, pregnancy status required for female patients, gestational age only when pregnant, organ doses by tissue.'),
  r('use-case', 'UC-541', 'Query, retrieve and view studies and reports (pull).'),
  r('use-case', 'UC-541-MS', 'MS attack: MR of brain and spine over years; retrieve the latest, then the one before.'),
  r('use-case', 'UC-541-SPINE', 'Acute spinal MRI: hospital unknown in country A; report not needed.'),
  r('use-case', 'UC-542', 'Report sharing: query one or more states, combined list, reports into HIS/RIS.'),
  r('use-case', 'UC-542-HOLIDAY', 'Sick on holiday: the clinician in B lists and retrieves reports from A.'),
  r('use-case', 'UC-543', 'Study push, as fast as possible, arrival notified, workflow tracked.'),
  r('use-case', 'UC-543-STROKE', 'Mobile CT in A pushes a head CT to a stroke unit in B; speed first.'),
  r('use-case', 'UC-543-ICH', 'Brain bleed: CT pushed from A to neurosurgery in B, which then uses break-the-glass for the CT and the encounter report.'),
  r('use-case', 'UC-544', 'Report sharing with the patient or guardian.'),
  r('use-case', 'UC-545', 'Breast cancer board: mammography, breast MRI, pathology, BI-RADS.'),
  r('use-case', 'UC-546', 'Radiation dose report shared as part of the imaging report.'),
  r('risk', 'RISK-DELAY', 'Transfer delay in acute care: time to first image and to the complete study against a budget.'),
  r('risk', 'RISK-MISSING', 'Information missing from imported images and documents.'),
  r('risk', 'RISK-PROVENANCE', 'Traceability to the original author.'),
  r('risk', 'RISK-CODES', 'Code systems and versions differ between member states.'),
];

const BY_ID = new Map(REQUIREMENTS.map((req) => [req.id, req]));

export function requirement(id: string): Requirement | undefined {
  return BY_ID.get(id);
}

/** Ids a rule or step names that the catalogue does not know (a typo must not pass silently). */
export function unknownRequirementIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !BY_ID.has(id));
}
