/**
 * The Current Requested Procedure Evidence Sequence (PS3.3 C.17.6.2, Hierarchical SOP Instance
 * Reference Macro Table C.17-3) is where a consumer learns study → series → instance and where to
 * retrieve each series; every level's Type 1 attributes must be there.
 */
import { items, tagPath, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { evidenceStudies } from './references.ts';

export const evidenceStructure = datasetRule({
  id: 'manifest.evidence.structure',
  title: 'Evidence sequence present: each study item has its UID and series, each series its UID and instances, each instance its class and UID',
  severity: 'error',
  requirements: ['MET-01', 'MET-07', 'RISK-MISSING'],
  specRef: 'DICOM PS3.3 C.17.6.2 (Key Object Document Module), Table C.17-3',
  *check(ds) {
    const studies = evidenceStudies(ds);
    if (studies.length === 0) {
      yield { path: tagPath('CurrentRequestedProcedureEvidenceSequence'), message: 'Current Requested Procedure Evidence Sequence absent or empty', expected: '≥ 1 study item', actual: '0' };
      return;
    }
    for (const study of studies) {
      if (study.studyInstanceUid === undefined) yield { path: under(study.path, 'StudyInstanceUID'), message: 'study item without Study Instance UID', expected: 'a UID', actual: '(absent)' };
      if (study.series.length === 0) yield { path: under(study.path, 'ReferencedSeriesSequence'), message: 'study item without series', expected: '≥ 1 series item', actual: '0' };
      for (const series of study.series) {
        if (series.seriesInstanceUid === undefined) yield { path: under(series.path, 'SeriesInstanceUID'), message: 'series item without Series Instance UID', expected: 'a UID', actual: '(absent)' };
        if (items(series.item.ReferencedSOPSequence).length === 0) yield { path: under(series.path, 'ReferencedSOPSequence'), message: 'series item without instances', expected: '≥ 1 instance item', actual: '0' };
        for (const instance of series.instances) {
          if (instance.sopClassUid === undefined) yield { path: under(instance.path, 'ReferencedSOPClassUID'), message: 'instance without Referenced SOP Class UID', expected: 'a UID', actual: '(absent)' };
          if (instance.sopInstanceUid === undefined) yield { path: under(instance.path, 'ReferencedSOPInstanceUID'), message: 'instance without Referenced SOP Instance UID', expected: 'a UID', actual: '(absent)' };
        }
      }
    }
  },
});
