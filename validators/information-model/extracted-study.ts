/**
 * What the information model is judged on: the facts of one study as its DICOM files state them
 * (the seed applies its rules to "what is extracted from a report together with its DICOM
 * study"; the report side is `ExtractedReport`). Built from dcmjs naturalized data sets,
 * including a CT/X-Ray Radiation Dose SR when one is in the study (TID 10011); without one, the
 * fixtures' dose record may stand in for it. Extraction never throws and never invents: what the
 * files do not say stays undefined, and the rules decide whether that matters.
 */
import type { RadiationExposure } from '../../fixtures/model.ts';
import { firstText, sequenceItems } from '../../simulators/pacs/store/dicom-values.ts';
import { NON_ACQUISITION_MODALITIES } from '../codes/cid32-non-acquisition-modality.ts';
import { PREGNANCY_STATUS_BY_DICOM_VALUE } from '../codes/pregnancy-status.ts';

export interface ExtractedCodeValue {
  readonly code: string;
  readonly scheme?: string;
  readonly meaning?: string;
}

export interface ExtractedDosage {
  /** Kerma-area product, dGy·cm² (Image and Fluoroscopy Area Dose Product, (0018,115E)). */
  readonly kapDGyCm2?: number;
  /** Entrance/total air kerma, mGy ((0040,8302) Entrance Dose in mGy). */
  readonly totalKermaMGy?: number;
  /** Compressed breast thickness, mm ((0018,11A0) Body Part Thickness). */
  readonly breastThicknessMm?: number;
  /** Average glandular dose, mGy ((0040,0316) Organ Dose). */
  readonly averageBreastDoseMGy?: number;
}

export interface ExtractedInstance {
  readonly uid?: string;
  readonly sopClassUid?: string;
  readonly number?: number;
  readonly dosage?: ExtractedDosage;
}

export interface ExtractedPerformer {
  readonly name?: string;
  /** HL7 ParticipationType code (CON, VRF, PRF, SPRF, REF). */
  readonly function?: string;
}

export interface ExtractedSeries {
  readonly uid?: string;
  readonly modality?: string;
  readonly number?: number;
  readonly description?: string;
  readonly bodyPart?: string;
  readonly date?: string;
  readonly time?: string;
  /** Declared Number of Series Related Instances, else the instances found. */
  readonly instanceCount?: number;
  readonly performers: readonly ExtractedPerformer[];
  readonly instances: readonly ExtractedInstance[];
}

export interface ExtractedPhase {
  readonly code?: ExtractedCodeValue;
  /** Free text naming the phase when no code is given (e.g. the SR's acquisition protocol). */
  readonly label?: string;
  readonly dlpMGyCm?: number;
  readonly ctdiVolMGy?: number;
}

export interface ExtractedOrganDose {
  readonly tissue?: ExtractedCodeValue;
  readonly doseMSv?: number;
}

export interface ExtractedExposureRecord {
  readonly effectiveDoseMSv?: number;
  readonly pregnancyStatus?: ExtractedCodeValue;
  readonly gestationalAge?: { readonly value: number; readonly unit: 'd' | 'wk' };
  readonly organDoses: readonly ExtractedOrganDose[];
  /** Where the dose facts came from. */
  readonly source: 'dose-sr' | 'fixture' | 'images';
}

export interface ExtractedStudy {
  readonly studyInstanceUid?: string;
  readonly accessionNumber?: string;
  readonly accessionIssuerOid?: string;
  readonly patient: {
    readonly id?: string;
    readonly issuer?: string;
    readonly issuerOid?: string;
    readonly sex?: string;
    readonly birthDate?: string;
  };
  /** ImagingStudyStatus code. DICOM objects do not carry it: `available` when instances are present, unless given. */
  readonly status?: string;
  /** Acquisition modalities of the series, once each, in series order. */
  readonly modalities: readonly string[];
  readonly numberOfSeries?: number;
  readonly numberOfInstances?: number;
  readonly date?: string;
  readonly time?: string;
  readonly description?: string;
  readonly bodyPart?: string;
  readonly anatomicRegion?: ExtractedCodeValue;
  readonly series: readonly ExtractedSeries[];
  readonly phases: readonly ExtractedPhase[];
  readonly exposure?: ExtractedExposureRecord;
}

export interface ExtractStudyOptions {
  /** The fixtures' dose record, used when the study has no dose SR. */
  readonly exposure?: RadiationExposure;
  /** Status from outside the DICOM objects (a registry, an ImagingStudy). */
  readonly status?: string;
}

type Ds = Record<string, unknown>;

const DOSE_SR_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.88.67', '1.2.840.10008.5.1.4.1.1.88.68']);

const text = (ds: Ds, key: string): string | undefined => firstText(ds[key]);

function num(ds: Ds, key: string): number | undefined {
  const t = firstText(ds[key]);
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function code(item: Ds | undefined): ExtractedCodeValue | undefined {
  if (!item) return undefined;
  const value = text(item, 'CodeValue') ?? text(item, 'LongCodeValue') ?? text(item, 'URNCodeValue');
  if (value === undefined) return undefined;
  const scheme = text(item, 'CodingSchemeDesignator');
  const meaning = text(item, 'CodeMeaning');
  return { code: value, ...(scheme !== undefined && { scheme }), ...(meaning !== undefined && { meaning }) };
}

const firstItem = (ds: Ds, key: string): Ds | undefined => sequenceItems(ds[key])[0];

function dosage(ds: Ds): ExtractedDosage | undefined {
  const d: ExtractedDosage = {
    ...defined('kapDGyCm2', num(ds, 'ImageAndFluoroscopyAreaDoseProduct')),
    ...defined('totalKermaMGy', num(ds, 'EntranceDoseInmGy')),
    ...defined('breastThicknessMm', ds.Modality === 'MG' ? num(ds, 'BodyPartThickness') : undefined),
    ...defined('averageBreastDoseMGy', ds.Modality === 'MG' ? num(ds, 'OrganDose') : undefined),
  };
  return Object.keys(d).length > 0 ? d : undefined;
}

function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

// ---- dose SR (TID 10011 CT Radiation Dose, TID 10001 Projection X-Ray) ----

const DCM = (codeValue: string) => (item: Ds) => {
  const c = code(firstItem(item, 'ConceptNameCodeSequence'));
  return c?.code === codeValue && (c.scheme === 'DCM' || c.scheme === undefined);
};
const IS_CT_ACQUISITION = DCM('113819');
const IS_DLP = DCM('113838');
const IS_CTDIVOL = DCM('113830');
const IS_EFFECTIVE_DOSE = DCM('113839');
const IS_PROTOCOL = DCM('125203');

function contentItems(item: Ds): Ds[] {
  return sequenceItems(item.ContentSequence);
}

function descendants(item: Ds): Ds[] {
  return contentItems(item).flatMap((child) => [child, ...descendants(child)]);
}

function numericValue(item: Ds): number | undefined {
  const mv = firstItem(item, 'MeasuredValueSequence');
  return mv ? num(mv, 'NumericValue') : undefined;
}

function doseSrFacts(sr: Ds): { phases: ExtractedPhase[]; effectiveDoseMSv?: number } {
  const phases = descendants(sr).filter(IS_CT_ACQUISITION).map((acq): ExtractedPhase => {
    const all = descendants(acq);
    const protocol = all.find(IS_PROTOCOL);
    const dlp = all.find(IS_DLP);
    const ctdi = all.find(IS_CTDIVOL);
    return {
      ...defined('label', protocol ? text(protocol, 'TextValue') : undefined),
      ...defined('dlpMGyCm', dlp ? numericValue(dlp) : undefined),
      ...defined('ctdiVolMGy', ctdi ? numericValue(ctdi) : undefined),
    };
  });
  // The accumulated effective dose, when stated, is the study's; per-acquisition values are summed otherwise.
  const effective = descendants(sr).filter(IS_EFFECTIVE_DOSE).map(numericValue).filter((v): v is number => v !== undefined);
  return { phases, ...defined('effectiveDoseMSv', effective.length > 0 ? effective.reduce((a, b) => a + b, 0) : undefined) };
}

function fixturePhases(exposure: RadiationExposure): ExtractedPhase[] {
  return exposure.phases.map((p) => ({ code: { code: p.phase.code, scheme: p.phase.scheme, meaning: p.phase.meaning }, dlpMGyCm: p.dlpMGyCm, ctdiVolMGy: p.ctdiVolMGy }));
}

function pregnancyFromImages(datasets: readonly Ds[]): ExtractedCodeValue | undefined {
  for (const ds of datasets) {
    const v = num(ds, 'PregnancyStatus');
    if (v !== undefined) return PREGNANCY_STATUS_BY_DICOM_VALUE[v] ?? { code: String(v), scheme: 'DICOM (0010,21C0)' };
  }
  return undefined;
}

// ---- series and study ----

function extractSeries(members: readonly Ds[]): ExtractedSeries {
  const first = members[0] ?? {};
  const declared = num(first, 'NumberOfSeriesRelatedInstances');
  const performers = [...new Set(members.flatMap((ds) => (ds.PerformingPhysicianName === undefined ? [] : [firstText(ds.PerformingPhysicianName)]).filter((n): n is string => n !== undefined)))]
    .map((name): ExtractedPerformer => ({ name, function: 'PRF' }));
  return {
    ...defined('uid', text(first, 'SeriesInstanceUID')),
    ...defined('modality', text(first, 'Modality')),
    ...defined('number', num(first, 'SeriesNumber')),
    ...defined('description', text(first, 'SeriesDescription')),
    ...defined('bodyPart', text(first, 'BodyPartExamined')),
    ...defined('date', text(first, 'SeriesDate')),
    ...defined('time', text(first, 'SeriesTime')),
    instanceCount: declared ?? members.length,
    performers,
    instances: members.map((ds): ExtractedInstance => {
      const d = dosage(ds);
      return {
        ...defined('uid', text(ds, 'SOPInstanceUID')),
        ...defined('sopClassUid', text(ds, 'SOPClassUID')),
        ...defined('number', num(ds, 'InstanceNumber')),
        ...(d && { dosage: d }),
      };
    }),
  };
}

/** Groups by Series Instance UID, keeping first-seen order; data sets without one form their own series. */
function groupSeries(datasets: readonly Ds[]): Ds[][] {
  const groups = new Map<string, Ds[]>();
  datasets.forEach((ds, i) => {
    const key = text(ds, 'SeriesInstanceUID') ?? `\u0000no-series-${i}`;
    const g = groups.get(key);
    if (g) g.push(ds);
    else groups.set(key, [ds]);
  });
  return [...groups.values()];
}

function exposureRecord(datasets: readonly Ds[], doseSr: Ds | undefined, fixture: RadiationExposure | undefined): { phases: ExtractedPhase[]; exposure?: ExtractedExposureRecord } {
  const fromImages = pregnancyFromImages(datasets.filter((ds) => !DOSE_SR_CLASSES.has(text(ds, 'SOPClassUID') ?? '')));
  if (doseSr) {
    const facts = doseSrFacts(doseSr);
    const pregnancy = fromImages ?? pregnancyFromImages([doseSr]);
    return {
      phases: facts.phases,
      exposure: { ...defined('effectiveDoseMSv', facts.effectiveDoseMSv), ...(pregnancy && { pregnancyStatus: pregnancy }), organDoses: [], source: 'dose-sr' },
    };
  }
  if (fixture) {
    const pregnancy = fromImages ?? PREGNANCY_STATUS_BY_DICOM_VALUE[fixture.pregnancyStatus];
    return {
      phases: fixturePhases(fixture),
      exposure: { effectiveDoseMSv: fixture.effectiveDoseMSv, ...(pregnancy && { pregnancyStatus: pregnancy }), organDoses: [], source: 'fixture' },
    };
  }
  return fromImages ? { phases: [], exposure: { pregnancyStatus: fromImages, organDoses: [], source: 'images' } } : { phases: [] };
}

export function extractStudy(datasets: readonly Record<string, unknown>[], options: ExtractStudyOptions = {}): ExtractedStudy {
  const all = datasets.filter((ds): ds is Ds => typeof ds === 'object' && ds !== null);
  const first = all[0] ?? {};
  const series = groupSeries(all).map(extractSeries);
  const modalities = [...new Set(series.map((s) => s.modality).filter((m): m is string => m !== undefined && !NON_ACQUISITION_MODALITIES.has(m)))];
  const doseSr = all.find((ds) => DOSE_SR_CLASSES.has(text(ds, 'SOPClassUID') ?? ''));
  const { phases, exposure } = exposureRecord(all, doseSr, options.exposure);
  const patientIssuer = firstItem(first, 'IssuerOfPatientIDQualifiersSequence');
  const accessionIssuer = firstItem(first, 'IssuerOfAccessionNumberSequence');
  const region = code(firstItem(first, 'AnatomicRegionSequence'));
  const status = options.status ?? (all.length > 0 ? 'available' : undefined);
  return {
    ...defined('studyInstanceUid', text(first, 'StudyInstanceUID')),
    ...defined('accessionNumber', text(first, 'AccessionNumber')),
    ...defined('accessionIssuerOid', accessionIssuer ? text(accessionIssuer, 'UniversalEntityID') : undefined),
    patient: {
      ...defined('id', text(first, 'PatientID')),
      ...defined('issuer', text(first, 'IssuerOfPatientID')),
      ...defined('issuerOid', patientIssuer ? text(patientIssuer, 'UniversalEntityID') : undefined),
      ...defined('sex', text(first, 'PatientSex')),
      ...defined('birthDate', text(first, 'PatientBirthDate')),
    },
    ...defined('status', status),
    modalities,
    ...defined('numberOfSeries', num(first, 'NumberOfStudyRelatedSeries')),
    ...defined('numberOfInstances', num(first, 'NumberOfStudyRelatedInstances')),
    ...defined('date', text(first, 'StudyDate')),
    ...defined('time', text(first, 'StudyTime')),
    ...defined('description', text(first, 'StudyDescription')),
    ...defined('bodyPart', all.map((ds) => text(ds, 'BodyPartExamined')).find((b) => b !== undefined)),
    ...(region && { anatomicRegion: region }),
    series,
    phases,
    ...(exposure && { exposure }),
  };
}
