import { describe, expect, it } from 'vitest';
import { SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { submissionSetCount, submissionSetRequired } from './submission-set.rule.ts';
import { dropClassifications, dropSlot, findingsOf, imagingSubmission, submissionSet, type TestSubmission } from './test-submissions.ts';

function mutated(edit: (s: TestSubmission) => void): TestSubmission {
  const s = imagingSubmission();
  edit(s);
  return s;
}

describe('metadata.submission-set.count', () => {
  it('passes one SubmissionSet', () => expect(findingsOf(submissionSetCount, imagingSubmission())).toEqual([]));

  it('fails a submission without SubmissionSet', () => {
    const s = imagingSubmission();
    const objects = s.objects.filter((o) => o !== submissionSet(s.objects));
    expect(findingsOf(submissionSetCount, { objects })).toEqual([expect.objectContaining({ ruleId: 'metadata.submission-set.count', actual: '0' })]);
  });

  it('accepts a query response without SubmissionSet', () => {
    const s = imagingSubmission();
    expect(findingsOf(submissionSetCount, { objects: s.objects.filter((o) => o.type === 'ExtrinsicObject'), message: 'query-response' })).toEqual([]);
  });
});

describe('metadata.submission-set.required', () => {
  it('passes the harness SubmissionSet', () => expect(findingsOf(submissionSetRequired, imagingSubmission())).toEqual([]));

  const ext = (scheme: string) => (s: TestSubmission) => {
    const ss = submissionSet(s.objects);
    ss.externalIdentifiers = ss.externalIdentifiers.filter((x) => x.identificationScheme !== scheme);
  };
  const extValue = (scheme: string, value: string) => (s: TestSubmission) => {
    const x = submissionSet(s.objects).externalIdentifiers.find((e) => e.identificationScheme === scheme)!;
    x.value = value;
  };
  it.each([
    ['no author → warning', (s: TestSubmission) => dropClassifications(submissionSet(s.objects), SubmissionScheme.author), 'author', 'warning'],
    ['no contentTypeCode', (s: TestSubmission) => dropClassifications(submissionSet(s.objects), SubmissionScheme.contentTypeCode), 'contentTypeCode', 'error'],
    ['no patientId', ext(SubmissionScheme.patientId), 'patientId', 'error'],
    ['patientId without &ISO', extValue(SubmissionScheme.patientId, '123^^^&1.2.3'), 'patientId', 'error'],
    ['no sourceId', ext(SubmissionScheme.sourceId), 'sourceId', 'error'],
    ['uniqueId not an OID', extValue(SubmissionScheme.uniqueId, '1.02.3'), 'uniqueId', 'error'],
    ['no submissionTime', (s: TestSubmission) => dropSlot(submissionSet(s.objects), 'submissionTime'), 'Slot[submissionTime]', 'error'],
    ['submissionTime with a zone', (s: TestSubmission) => { submissionSet(s.objects).slots = [{ name: 'submissionTime', values: ['20240401100000+0100'] }]; }, 'Slot[submissionTime]', 'error'],
  ] as const)('%s', (_, edit, path, severity) => {
    expect(findingsOf(submissionSetRequired, mutated(edit))).toEqual([expect.objectContaining({ ruleId: 'metadata.submission-set.required', severity, path: expect.stringMatching(new RegExp(`/${path.replace(/[[\]]/g, '\\$&')}$`)) })]);
  });
});
