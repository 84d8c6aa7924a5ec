/**
 * The SubmissionSet (ITI TF-3 4.2.3.3, Table 4.3.1-3 for XDS): exactly one per submission, with
 * its required attributes. author is R2 for an XDS Document Source, hence a warning.
 */
import { SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { codes, externalId, slotValues } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { dtmProblem, objectPath, oidProblem, patientIdProblem } from './xds-values.ts';

export const submissionSetCount: Rule<SubmissionSubject> = {
  id: 'metadata.submission-set.count',
  title: 'A submission carries exactly one SubmissionSet',
  severity: 'error',
  requirements: ['MET-04', 'RISK-MISSING'],
  specRef: 'IHE ITI TF-2 3.42.4.1.3; ITI TF-3 4.2.3.3',
  *check(subject) {
    if (subject.message === 'query-response' || subject.readProblems.length > 0) return;
    const n = subject.submissionSets.length;
    if (n !== 1) yield { path: '/', message: `a submission must contain exactly one SubmissionSet, found ${n}`, expected: '1', actual: String(n) };
  },
};

export const submissionSetRequired: Rule<SubmissionSubject> = {
  id: 'metadata.submission-set.required',
  title: 'SubmissionSet: author, contentTypeCode, entryUUID, patientId, sourceId, submissionTime and uniqueId present and well formed',
  severity: 'error',
  requirements: ['MET-04', 'RISK-MISSING'],
  specRef: 'IHE ITI TF-3 4.2.3.3, Table 4.3.1-3',
  *check(subject) {
    for (const ss of subject.submissionSets) yield* checkSet(ss);
  },
};

function* checkSet(ss: SubmissionSubject['submissionSets'][number]): Generator<RuleFinding> {
  const at = (tail: string): string => objectPath('SubmissionSet', ss, tail);
  if (!ss.id) yield { path: at('@id'), message: 'entryUUID (id) is empty' };
  const authors = ss.classifications.filter((c) => c.classificationScheme === SubmissionScheme.author);
  if (authors.length === 0) yield { path: at('author'), severity: 'warning', message: 'no author (R2: required when known)', specRef: 'IHE ITI TF-3 4.2.3.3 (author)' };
  const content = codes(ss, SubmissionScheme.contentTypeCode);
  if (content.length !== 1) yield { path: at('contentTypeCode'), message: `contentTypeCode must have exactly one value, found ${content.length}`, specRef: 'IHE ITI TF-3 4.2.3.3 (contentTypeCode)' };
  const patientId = externalId(ss, SubmissionScheme.patientId);
  if (!patientId) yield { path: at('patientId'), message: 'patientId is missing', specRef: 'IHE ITI TF-3 4.2.3.3 (patientId)' };
  else {
    const p = patientIdProblem(patientId);
    if (p) yield { path: at('patientId'), message: `patientId ${p}`, expected: 'id^^^&OID&ISO', actual: patientId, specRef: 'IHE ITI TF-3 4.2.3.3 (patientId)' };
  }
  for (const [scheme, name] of [[SubmissionScheme.sourceId, 'sourceId'], [SubmissionScheme.uniqueId, 'uniqueId']] as const) {
    const v = externalId(ss, scheme);
    if (!v) yield { path: at(name), message: `${name} is missing`, specRef: `IHE ITI TF-3 4.2.3.3 (${name})` };
    else {
      const p = oidProblem(v);
      if (p) yield { path: at(name), message: `${name} "${v}" ${p}`, actual: v, specRef: `IHE ITI TF-3 4.2.3.3 (${name})` };
    }
  }
  const times = slotValues(ss, 'submissionTime');
  if (times.length !== 1) yield { path: at('Slot[submissionTime]'), message: `submissionTime must have exactly one value, found ${times.length}`, specRef: 'IHE ITI TF-3 4.2.3.3 (submissionTime)' };
  else {
    const p = dtmProblem(times[0]!);
    if (p) yield { path: at('Slot[submissionTime]'), message: `submissionTime "${times[0]}" ${p}`, actual: times[0]!, specRef: 'IHE ITI TF-3 4.2.3.3 (submissionTime)' };
  }
}
