/**
 * Every UID the manifest uses to point at something (study, series, SOP class and instance, in
 * the content and the evidence) is a well-formed UID (PS3.5 9.1). A malformed UID cannot be
 * matched at retrieve time and fails the RAD-69 / WADO-RS request that carries it.
 */
import { text, uidProblem, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { contentReferences, evidenceStudies } from './references.ts';

export const referencedUidSyntax = datasetRule({
  id: 'manifest.uid.syntax',
  title: 'Study, series, SOP Class and SOP Instance UIDs of the manifest and its references are well formed (PS3.5 9.1)',
  severity: 'error',
  requirements: ['MET-01', 'MET-07'],
  specRef: 'DICOM PS3.5 9.1',
  *check(ds) {
    // Absence is the business of the identity rules and the DICOM family; this one judges form.
    const checks: { path: string; what: string; uid: string }[] = [];
    const studyUid = text(ds.StudyInstanceUID);
    if (studyUid !== undefined) checks.push({ path: '(0020,000D)', what: 'Study Instance UID', uid: studyUid });
    const sopUid = text(ds.SOPInstanceUID);
    if (sopUid !== undefined) checks.push({ path: '(0008,0018)', what: 'SOP Instance UID', uid: sopUid });
    for (const study of evidenceStudies(ds)) {
      if (study.studyInstanceUid !== undefined) checks.push({ path: under(study.path, 'StudyInstanceUID'), what: 'referenced Study Instance UID', uid: study.studyInstanceUid });
      for (const series of study.series) {
        if (series.seriesInstanceUid !== undefined) checks.push({ path: under(series.path, 'SeriesInstanceUID'), what: 'referenced Series Instance UID', uid: series.seriesInstanceUid });
        for (const i of series.instances) {
          if (i.sopClassUid !== undefined) checks.push({ path: under(i.path, 'ReferencedSOPClassUID'), what: 'referenced SOP Class UID', uid: i.sopClassUid });
          if (i.sopInstanceUid !== undefined) checks.push({ path: under(i.path, 'ReferencedSOPInstanceUID'), what: 'referenced SOP Instance UID', uid: i.sopInstanceUid });
        }
      }
    }
    for (const ref of contentReferences(ds)) {
      if (ref.sopClassUid !== undefined) checks.push({ path: under(ref.path, 'ReferencedSOPSequence', 0, 'ReferencedSOPClassUID'), what: 'referenced SOP Class UID', uid: ref.sopClassUid });
      if (ref.sopInstanceUid !== undefined) checks.push({ path: under(ref.path, 'ReferencedSOPSequence', 0, 'ReferencedSOPInstanceUID'), what: 'referenced SOP Instance UID', uid: ref.sopInstanceUid });
    }
    for (const { path, what, uid } of checks) {
      const problem = uidProblem(uid);
      if (problem) yield { path, message: `${what} "${uid}" is ${problem}`, expected: 'PS3.5 9.1 UID', actual: uid };
    }
  },
});
