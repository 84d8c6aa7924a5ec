/** ImagingSeries (Annex III §10.3): UID, modality, instance count, performer function. */
import type { Rule } from '../rule.ts';
import { cardinality, codeInList, seriesPath, specRef, type InformationModelSubject } from './subject.ts';

export const seriesRequiredElements: Rule<InformationModelSubject> = {
  id: 'im.series.required-elements',
  title: 'Each series has exactly one SeriesUID and one SeriesModality',
  severity: 'error',
  requirements: ['IM-SERIES'],
  specRef: specRef('10.3'),
  *check({ study }) {
    for (const [i, s] of study.series.entries()) {
      yield* cardinality('ImagingSeries', 'SeriesUID', s.uid, `${seriesPath(s, i)}.SeriesUID (0020,000E)`);
      yield* cardinality('ImagingSeries', 'SeriesModality', s.modality, `${seriesPath(s, i)}.SeriesModality (0008,0060)`);
    }
  },
};

export const seriesModality: Rule<InformationModelSubject> = {
  id: 'im.series.modality-code',
  title: 'A series modality is a DICOM modality code',
  severity: 'error',
  requirements: ['IM-SERIES', 'MET-03'],
  specRef: specRef('10.3, 10.6 ModalityCodelist'),
  *check({ study }) {
    // The series list admits derived objects (SR, KO, PR) beside acquisitions: the study's Modality is the acquisition-only list.
    for (const [i, s] of study.series.entries()) yield* codeInList('modality', s.modality, `${seriesPath(s, i)}.SeriesModality (0008,0060)`, 'Series modality');
  },
};

export const seriesInstanceCount: Rule<InformationModelSubject> = {
  id: 'im.series.instance-count',
  title: 'A series declares no fewer instances than it holds',
  severity: 'error',
  requirements: ['IM-SERIES'],
  specRef: specRef('10.3'),
  *check({ study }) {
    for (const [i, s] of study.series.entries()) {
      if (s.instanceCount !== undefined && s.instanceCount < s.instances.length) {
        yield { path: `${seriesPath(s, i)}.NumberOfInstances (0020,1209)`, message: `${s.instanceCount} instances declared, ${s.instances.length} present`, expected: `≥ ${s.instances.length}`, actual: String(s.instanceCount) };
      }
    }
  },
};

export const seriesPerformerFunction: Rule<InformationModelSubject> = {
  id: 'im.series.performer-function',
  title: 'A series performer function is CON, VRF, PRF, SPRF or REF',
  severity: 'error',
  requirements: ['IM-SERIES'],
  specRef: specRef('10.3 FunctionCodelist'),
  *check({ study }) {
    for (const [i, s] of study.series.entries()) {
      for (const [p, performer] of s.performers.entries()) {
        yield* codeInList('performerFunction', performer.function, `${seriesPath(s, i)}.Performer[${p}].PerformerFunction`, 'Performer function');
      }
    }
  },
};

export const seriesRules = [seriesRequiredElements, seriesModality, seriesInstanceCount, seriesPerformerFunction] as const;
