/** DICOM Study Metadata (Annex III §10.2): identifiers, status, subject, modalities, counts. */
import type { Rule } from '../rule.ts';
import { cardinality, codeInList, specRef, type InformationModelSubject } from './subject.ts';

export const studyRequiredElements: Rule<InformationModelSubject> = {
  id: 'im.study.required-elements',
  title: 'A study has exactly one StudyInstanceUID, AccessionNumber, Status and Subject',
  severity: 'error',
  requirements: ['IM-STUDY', 'MET-01'],
  specRef: specRef('10.2'),
  *check({ study }) {
    yield* cardinality('DICOMStudyMetadata', 'StudyInstanceUID', study.studyInstanceUid, 'DICOMStudyMetadata.StudyInstanceUID (0020,000D)');
    yield* cardinality('DICOMStudyMetadata', 'AccessionNumber', study.accessionNumber, 'DICOMStudyMetadata.AccessionNumber (0008,0050)');
    yield* cardinality('DICOMStudyMetadata', 'Status', study.status, 'DICOMStudyMetadata.Status');
    yield* cardinality('DICOMStudyMetadata', 'Subject', study.patient.id, 'DICOMStudyMetadata.Subject (0010,0020)');
  },
};

export const studyStatus: Rule<InformationModelSubject> = {
  id: 'im.study.status',
  title: 'Study status is an ImagingStudyStatus code and agrees with the instances present',
  severity: 'error',
  requirements: ['IM-STUDY'],
  specRef: specRef('10.2 ImagingStudyStatusCodelist'),
  *check({ study }) {
    yield* codeInList('studyStatus', study.status, 'DICOMStudyMetadata.Status', 'Study status');
    const instances = study.series.reduce((n, s) => n + s.instances.length, 0);
    // "registered" means nothing is available yet: instances in hand contradict it.
    if (study.status === 'registered' && instances > 0) {
      yield { path: 'DICOMStudyMetadata.Status', message: `status "registered" says no instance is available, but ${instances} are`, expected: 'available', actual: 'registered' };
    }
  },
};

export const studyModalities: Rule<InformationModelSubject> = {
  id: 'im.study.modality-code',
  title: 'The study lists its acquisition modalities from CID 29',
  severity: 'error',
  requirements: ['IM-STUDY', 'MET-03'],
  specRef: specRef('10.2, 10.3 AcquisitionModalityCodelist'),
  *check({ study }) {
    for (const [i, m] of study.modalities.entries()) yield* codeInList('acquisitionModality', m, `DICOMStudyMetadata.Modality[${i}]`, 'Study modality');
  },
};

export const studyCounts: Rule<InformationModelSubject> = {
  id: 'im.study.counts',
  title: 'Declared numbers of series and instances are never fewer than those present',
  severity: 'error',
  requirements: ['IM-STUDY'],
  specRef: specRef('10.2'),
  *check({ study }) {
    const instances = study.series.reduce((n, s) => n + s.instances.length, 0);
    // The seed allows the declared number to exceed what is present (access rules may hide some), not to fall short.
    if (study.numberOfSeries !== undefined && study.numberOfSeries < study.series.length) {
      yield { path: 'DICOMStudyMetadata.NumberOfSeries (0020,1206)', message: `${study.numberOfSeries} series declared, ${study.series.length} present`, expected: `≥ ${study.series.length}`, actual: String(study.numberOfSeries) };
    }
    if (study.numberOfInstances !== undefined && study.numberOfInstances < instances) {
      yield { path: 'DICOMStudyMetadata.NumberOfInstances (0020,1208)', message: `${study.numberOfInstances} instances declared, ${instances} present`, expected: `≥ ${instances}`, actual: String(study.numberOfInstances) };
    }
  },
};

export const studyRules = [studyRequiredElements, studyStatus, studyModalities, studyCounts] as const;
