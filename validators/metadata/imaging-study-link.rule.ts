/**
 * A study and its report travel as a set linked by accession number (X-eHealth MET-05): entries of
 * one message that reference the same Study Instance UID must name the same accession number(s),
 * or a consumer pairs the report with the wrong images (MET-07).
 */
import { slotValues } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import { REFERENCE_ID_LIST_SLOT } from './imaging-reference-ids.rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath, parseCx } from './xds-values.ts';

const ACCESSION = 'urn:ihe:iti:xds:2013:accession';
const STUDY_UID = 'urn:ihe:iti:xds:2016:studyInstanceUID';

export const imagingStudyLink: Rule<SubmissionSubject> = {
  id: 'metadata.imaging.study-link',
  title: 'Entries referencing the same Study Instance UID carry the same accession number',
  severity: 'error',
  requirements: ['MET-05', 'MET-07'],
  specRef: 'X-eHealth functional specification (MET-05); IHE ITI TF-3 4.2.3.2 (referenceIdList)',
  profiles: ['xca-i', 'mado'],
  *check(subject) {
    const firstByStudy = new Map<string, { id: string; accessions: string }>();
    for (const d of subject.entries) {
      const refs = slotValues(d, REFERENCE_ID_LIST_SLOT).map(parseCx);
      // The accession with its issuer (CX.1 + CX.4): the same number from two hospitals is two orders.
      const accessions = refs.filter((r) => r.identifierType === ACCESSION).map((r) => `${r.id}^^^${r.authorityNamespace}&${r.authorityOid}&${r.authorityType}`).sort().join(' ');
      for (const study of new Set(refs.filter((r) => r.identifierType === STUDY_UID).map((r) => r.id))) {
        const first = firstByStudy.get(study);
        if (!first) firstByStudy.set(study, { id: d.id, accessions });
        else if (first.accessions !== accessions) {
          yield { path: objectPath('DocumentEntry', d, `Slot[${REFERENCE_ID_LIST_SLOT}]`), message: `study ${study} is referenced with other accession numbers than in DocumentEntry ${first.id}`, expected: first.accessions || '(none)', actual: accessions || '(none)' };
        }
      }
    }
  },
};
