/**
 * What XDS-I.b adds to the evidence sequence: one item per study (a consumer builds one RAD-69
 * StudyRequest per item), and at each series the Retrieve Location UID, the repositoryUniqueId of
 * the Imaging Document Source that answers RAD-69 for it. Retrieve AE Title is optional (DICOM
 * retrieve) but must be a valid AE when given.
 */
import { text, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { evidenceStudies } from './references.ts';

export const xdsiOneItemPerStudy = datasetRule({
  id: 'manifest.xds-i.study-items',
  title: 'The evidence sequence has one item per study (no Study Instance UID twice)',
  severity: 'error',
  requirements: ['MET-07', 'GEN-05'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.2; DICOM PS3.3 C.17.6.2',
  profiles: ['xca-i'],
  *check(ds) {
    const seen = new Map<string, string>();
    for (const study of evidenceStudies(ds)) {
      if (study.studyInstanceUid === undefined) continue;
      const first = seen.get(study.studyInstanceUid);
      if (first !== undefined) yield { path: study.path, message: `study ${study.studyInstanceUid} has a second evidence item`, expected: 'one item per study', actual: `also at ${first}` };
      else seen.set(study.studyInstanceUid, study.path);
    }
  },
});

/** PS3.5 AE: 1-16 characters of the default repertoire, no backslash, not all spaces. */
const AE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

export const xdsiRetrieveLocation = datasetRule({
  id: 'manifest.xds-i.retrieve-location',
  title: 'Each evidence series carries Retrieve Location UID (RAD-69 source); Retrieve AE Title, when present, is a valid AE',
  severity: 'error',
  requirements: ['GEN-05', 'RISK-MISSING'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.2 (RAD-68 manifest, Retrieve Location UID at series level); DICOM PS3.3 Table C.17-3a',
  profiles: ['xca-i'],
  *check(ds) {
    for (const study of evidenceStudies(ds)) {
      const atStudyLevel = text(study.item.RetrieveLocationUID);
      for (const series of study.series) {
        const location = text(series.item.RetrieveLocationUID);
        if (location === undefined) {
          const hint = atStudyLevel ? ` (given at study level only: ${atStudyLevel})` : '';
          yield { path: under(series.path, 'RetrieveLocationUID'), message: `series ${series.seriesInstanceUid ?? '?'} has no Retrieve Location UID${hint}`, expected: 'the Imaging Document Source repositoryUniqueId', actual: '(absent)' };
        }
        const ae = series.item.RetrieveAETitle === undefined ? undefined : text(series.item.RetrieveAETitle) ?? '';
        if (ae !== undefined && (!AE.test(ae) || ae.trim() === '')) {
          yield { path: under(series.path, 'RetrieveAETitle'), message: `Retrieve AE Title "${ae}" is not a valid AE`, expected: '1-16 printable characters, no backslash', actual: ae };
        }
      }
    }
  },
});
