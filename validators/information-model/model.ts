/**
 * The seed's information model (X-eHealth functional specification, Annex III §10.1–10.7) as
 * data: each concept with its elements, their cardinality, data type and code list. The rules of
 * this family read their cardinalities and code lists from here, so the model and the checks
 * cannot drift apart; docs can render the same tables. Descriptions are ours, not the seed's.
 */

import { CID29_ACQUISITION_MODALITIES } from '../codes/cid29-acquisition-modality.ts';
import { SCT } from '../codes/coding-schemes.ts';
import { MODALITY_TERMS } from '../codes/modality-defined-terms.ts';
import { SEED_PREGNANCY_STATUS } from '../codes/pregnancy-status.ts';

export type Cardinality = '1' | '0..1' | '0..*' | '1..*';

export type ElementType = 'identifier' | 'uid' | 'code' | 'text' | 'integer' | 'quantity' | 'date-time' | 'reference' | 'container';

export interface ModelElement {
  readonly name: string;
  readonly cardinality: Cardinality;
  readonly type: ElementType;
  /** Key of CODE_LISTS when the element takes its values from one. */
  readonly codeList?: CodeListName;
  /** Unit for quantities (UCUM). */
  readonly unit?: string;
  /** What the element holds, in our words; conditions the seed attaches to it. */
  readonly note: string;
}

export interface ModelConcept {
  readonly name: string;
  /** Section of the seed's Annex III. */
  readonly section: string;
  readonly elements: readonly ModelElement[];
}

export interface CodeListEntry {
  readonly code: string;
  readonly meaning: string;
}

export interface CodeList {
  /** Code system as the seed names it, with its OID where the seed gives one. */
  readonly system: string;
  readonly oid?: string;
  /** The seed marks some lists as examples to be completed: a value outside them is a warning, not an error. */
  readonly extensible: boolean;
  readonly entries: readonly CodeListEntry[];
}

const e = (name: string, cardinality: Cardinality, type: ElementType, note: string, extra: Partial<ModelElement> = {}): ModelElement =>
  ({ name, cardinality, type, note, ...extra });

const entries = (pairs: readonly (readonly [string, string])[]): CodeListEntry[] => pairs.map(([code, meaning]) => ({ code, meaning }));

/**
 * Modality code list of the ExaminationReport (§10.6), which is DICOM's modality defined terms
 * (PS3.3 C.7.3.1.1.1); the series' acquisition modality list (§10.3) is CID 29, with SC admitted
 * beside it. Both come from validators/codes, the one copy every family reads.
 */
const ACQUISITION_MODALITY_CODES: readonly CodeListEntry[] = [
  ...MODALITY_TERMS.filter((m) => CID29_ACQUISITION_MODALITIES.has(m.code)),
  { code: 'SC', meaning: 'Secondary capture (screenshot)' },
];

export const CODE_LISTS = {
  /** §10.3 acquisition modalities; SC (screenshots) is admitted by the seed beside CID 29. */
  acquisitionModality: {
    system: 'DICOM acquisition modality (CID 29)', oid: '1.2.840.10008.6.1.19', extensible: false,
    entries: ACQUISITION_MODALITY_CODES,
  },
  /** §10.6 modality list of the examination report. */
  modality: { system: 'DICOM modality', extensible: false, entries: MODALITY_TERMS },
  /** §10.2 ImagingStudyStatus (FHIR value set). */
  studyStatus: {
    system: 'hl7:ImagingStudyStatus', oid: '2.16.840.1.113883.4.642.4.991', extensible: false,
    entries: entries([['registered', 'Known, nothing available yet'], ['available', 'At least one instance is available'], ['cancelled', 'Not started or not completed'], ['entered-in-error', 'Withdrawn, should never have existed'], ['unknown', 'Status not known']]),
  },
  /** §10.3 performer function (HL7 v3 ParticipationType). */
  performerFunction: {
    system: 'hl7:v3_ParticipationType', oid: '2.16.840.1.113883.5.90', extensible: false,
    entries: entries([['CON', 'Consultant'], ['VRF', 'Verifier'], ['PRF', 'Performer'], ['SPRF', 'Secondary performer'], ['REF', 'Referrer']]),
  },
  /**
   * §10.5 study phases. The seed gives display names only and calls the list an example, so
   * phases are matched by meaning (see PHASE_CONCEPTS) and an unknown one is a warning.
   */
  phase: {
    system: 'study phase (seed example list, no code system)', extensible: true,
    entries: entries([['without-contrast', 'Without contrast'], ['arterial', 'Arterial phase'], ['late-arterial', 'Late arterial phase'], ['venous', 'Venous phase'], ['portal', 'Portal phase'], ['delayed', 'Delayed phase'], ['late-enhancement', 'Late enhancement phase']]),
  },
  /** §10.7 pregnancy status (SNOMED CT). */
  pregnancyStatus: {
    system: SCT.name, oid: SCT.oid, extensible: false,
    entries: SEED_PREGNANCY_STATUS,
  },
  /** §10.7 tissue types of equivalent (organ) doses (SNOMED CT). */
  tissueType: {
    system: SCT.name, oid: SCT.oid, extensible: false,
    entries: entries([
      ['69695003', 'Stomach'], ['71854001', 'Colon'], ['39607008', 'Lung'], ['75330005', 'Red bone marrow'], ['76752008', 'Breast'],
      ['23451007', 'Adrenal structure'], ['28231008', 'Gallbladder'], ['80891009', 'Heart'], ['64033007', 'Kidney'], ['59441001', 'Lymph nodes'],
      ['91727004', 'Muscle'], ['113277000', 'Oral mucosa'], ['15776009', 'Pancreas'], ['30315005', 'Small intestine'], ['78961009', 'Spleen'],
      ['9875009', 'Thymus'], ['110633001', 'Uterus/cervix'], ['41216001', 'Prostate'], ['43174007', 'Gonads'], ['89837001', 'Urinary bladder'],
      ['32849002', 'Oesophagus'], ['10200004', 'Liver'], ['69748006', 'Thyroid'], ['425647002', 'Bone surface'], ['39937001', 'Skin'],
      ['12738006', 'Brain'], ['385294005', 'Salivary glands'],
    ]),
  },
} as const satisfies Record<string, CodeList>;

export type CodeListName = keyof typeof CODE_LISTS;

export function inCodeList(list: CodeListName, code: string): boolean {
  return (CODE_LISTS[list].entries as readonly CodeListEntry[]).some((c) => c.code === code);
}

export function codeListValues(list: CodeListName): string[] {
  return (CODE_LISTS[list].entries as readonly CodeListEntry[]).map((c) => c.code);
}

/**
 * How a phase's stated meaning maps to the seed's phases. Order matters: "late arterial" before
 * "arterial", "portal venous" counts as portal. The harness's own fixtures use a local code
 * system (99IXH), so matching by meaning is what lets a receiver understand any sender's phases.
 */
export const PHASE_CONCEPTS: readonly { readonly key: string; readonly pattern: RegExp }[] = [
  { key: 'without-contrast', pattern: /\b(non[- ]?contrast|without contrast|native|unenhanced|plain)\b/i },
  { key: 'late-arterial', pattern: /\blate arterial\b/i },
  { key: 'late-enhancement', pattern: /\blate enhancement\b/i },
  { key: 'arterial', pattern: /\barterial\b/i },
  { key: 'portal', pattern: /\bportal\b/i },
  { key: 'venous', pattern: /\bvenous\b/i },
  { key: 'delayed', pattern: /\bdelayed\b/i },
];

export function phaseConcept(meaning: string | undefined, code?: string): string | undefined {
  if (code !== undefined && inCodeList('phase', code)) return code;
  if (meaning === undefined) return undefined;
  return PHASE_CONCEPTS.find((p) => p.pattern.test(meaning))?.key;
}

export const INFORMATION_MODEL: readonly ModelConcept[] = [
  {
    name: 'ImagingResultReport', section: '10.1',
    elements: [
      e('ImagingReportHeader', '1', 'container', 'Report header: patient, author, legal authenticator, encounter, date; document type LOINC 18748-4.'),
      e('Performer', '0..*', 'container', 'Professionals who performed the examination.'),
      e('ServiceCategory', '0..*', 'code', 'Kind of diagnostic service that produced the report.'),
      e('PreviousImagingResultReport', '0..*', 'reference', 'Earlier reports of the same patient (comparison, amended versions).'),
      e('ExaminationReport', '0..1', 'container', 'The structured examination report (§10.6).'),
      e('Media', '0..*', 'reference', 'Key images.'),
      e('DICOMStudyMetadata', '0..*', 'container', 'The studies the report is about (§10.2).'),
      e('Encounter', '0..1', 'reference', 'Encounter in which the examination was ordered.'),
      e('OrderId', '0..*', 'identifier', 'Order identifiers of placer, filler or receiver.'),
      e('Specimen', '0..*', 'reference', 'Specimens the report is about.'),
    ],
  },
  {
    name: 'DICOMStudyMetadata', section: '10.2',
    elements: [
      e('StudyInstanceUID', '1', 'uid', 'Globally unique study identifier.'),
      e('AccessionNumber', '1', 'identifier', 'Identifier of the imaging service request.'),
      e('Status', '1', 'code', 'Current state of the study.', { codeList: 'studyStatus' }),
      e('Subject', '1', 'reference', 'The patient imaged.'),
      e('Modality', '0..*', 'code', 'Acquisition modalities of the series.', { codeList: 'acquisitionModality' }),
      e('NumberOfSeries', '0..1', 'integer', 'Series in the study; may exceed the series listed, never fewer.'),
      e('NumberOfInstances', '0..1', 'integer', 'Instances in the study; may exceed the instances listed, never fewer.'),
      e('Started', '0..1', 'date-time', 'When the study started.'),
      e('StudyDescription', '0..1', 'text', 'Institution description of the study.'),
      e('ImagingStudyLocation', '0..1', 'reference', 'Where the study was performed.'),
      e('Orderer', '0..1', 'reference', 'Referring physician.'),
      e('Interpreter', '0..1', 'reference', 'Who read the study.'),
      e('RadiopharmaceuticalExposure', '0..*', 'quantity', 'Internal exposure from radiopharmaceuticals.', { unit: 'Bq' }),
      e('StudyReason', '0..1', 'text', 'Why the study was requested.'),
      e('StudyEndpoint', '0..*', 'reference', 'Services to query, view or retrieve the study.'),
      e('ImagingSeries', '0..*', 'container', 'Series of the study (§10.3).'),
    ],
  },
  {
    name: 'ImagingSeries', section: '10.3',
    elements: [
      e('SeriesUID', '1', 'uid', 'Series Instance UID.'),
      e('SeriesModality', '1', 'code', 'Acquisition modality of the series.', { codeList: 'acquisitionModality' }),
      e('NumberOfInstances', '0..1', 'integer', 'Instances in the series; never fewer than listed.'),
      e('Started', '0..1', 'date-time', 'When the series started.'),
      e('ExaminedLocation', '0..1', 'code', 'Anatomy examined.'),
      e('Performer', '0..*', 'container', 'Who performed the series, with their function.'),
      e('PerformerFunction', '0..1', 'code', 'How a performer took part.', { codeList: 'performerFunction' }),
      e('SeriesNumber', '0..1', 'integer', 'Number of the series in the study.'),
      e('SeriesDescription', '0..1', 'text', 'Description of the series.'),
      e('Instance', '0..*', 'container', 'Instances of the series (§10.4).'),
    ],
  },
  {
    name: 'Instance', section: '10.4',
    elements: [
      e('InstanceUID', '1', 'uid', 'SOP Instance UID.'),
      e('InstanceClass', '1', 'uid', 'SOP Class UID: a storage SOP class of PS3.4 B.5.'),
      e('InstanceNumber', '0..1', 'integer', 'Number of the instance in its series.'),
      e('InstanceTitle', '0..1', 'text', 'Description of the instance.'),
      e('DosageInformation', '0..1', 'container', 'Projection X-ray dose: KAP, total kerma, end-of-tube kerma, breast thickness, average absorbed breast dose.'),
    ],
  },
  {
    name: 'StudyPhase', section: '10.5',
    elements: [
      e('PhaseCode', '1', 'code', 'Contrast phase of a CT acquisition.', { codeList: 'phase' }),
      e('DosageInformation', '1', 'quantity', 'DLP of the phase (CT).', { unit: 'mGy.cm' }),
      e('ImagingSeries', '0..*', 'reference', 'Series acquired in the phase.'),
    ],
  },
  {
    name: 'ExaminationReport', section: '10.6',
    elements: [
      e('ImagingStudyType', '1..*', 'code', 'LOINC imaging document code of the study type.'),
      e('Modality', '0..*', 'code', 'Modalities that performed the study.', { codeList: 'modality' }),
      e('BodyPart', '0..*', 'code', 'Anatomy examined.'),
      e('ReasonCode', '0..*', 'code', 'Coded reason for the order (SNOMED CT situations).'),
      e('ReasonText', '0..1', 'text', 'Reason for the order in words.'),
      e('ClinicalQuestion', '0..*', 'text', 'Question the examination answers.'),
      e('ExaminationProcedure', '0..*', 'code', 'Procedures performed (SNOMED CT < 363679005).'),
      e('Medication', '0..*', 'container', 'Contrast agents and other medication given.'),
      e('AdverseReaction', '0..*', 'container', 'Adverse reactions to the examination.'),
      e('Results', '1', 'container', 'Results section.'),
      e('ResultText', '1', 'text', 'Narrative results; mandatory.'),
      e('ResultObservation', '0..*', 'code', 'Coded result observations.'),
      e('Conclusion', '0..1', 'container', 'Main diagnoses and conclusions.'),
      e('Recommendation', '0..*', 'container', 'Recommended follow-up.'),
      e('ExaminationOrderId', '0..1', 'identifier', 'Identifier of the imaging order.'),
    ],
  },
  {
    name: 'Exposure', section: '10.7',
    elements: [
      e('EffectiveDose', '0..1', 'quantity', 'Effective dose of the examination.', { unit: 'mSv' }),
      e('PregnancyStatus', '0..1', 'code', 'Pregnancy status at the examination; mandatory for female patients.', { codeList: 'pregnancyStatus' }),
      e('GestationalAge', '0..1', 'quantity', 'Duration of the pregnancy in days or weeks; only when pregnant.', { unit: 'd|wk' }),
      e('EquivalentDose', '0..*', 'container', 'Organ dose: a dose (1, mSv) with its tissue type (1).'),
      e('TissueType', '1', 'code', 'Organ of an equivalent dose.', { codeList: 'tissueType' }),
    ],
  },
];

export function concept(name: string): ModelConcept {
  const found = INFORMATION_MODEL.find((c) => c.name === name);
  if (!found) throw new Error(`no concept ${name} in the information model`);
  return found;
}

export function element(conceptName: string, elementName: string): ModelElement {
  const found = concept(conceptName).elements.find((el) => el.name === elementName);
  if (!found) throw new Error(`no element ${elementName} in ${conceptName}`);
  return found;
}

/** Whether `count` occurrences satisfy `card`. */
export function cardinalityHolds(card: Cardinality, count: number): boolean {
  switch (card) {
    case '1': return count === 1;
    case '0..1': return count <= 1;
    case '1..*': return count >= 1;
    case '0..*': return true;
  }
}
