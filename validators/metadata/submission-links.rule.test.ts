import { describe, expect, it } from 'vitest';
import type { Association } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme, SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { hasMember } from './has-member.rule.ts';
import { samePatient } from './same-patient.rule.ts';
import { entry, findingsOf, imagingSubmission, submissionSet } from './test-submissions.ts';
import { uniqueIdsUnique } from './unique-ids.rule.ts';

const associations = (objects: ReturnType<typeof imagingSubmission>['objects']) => objects.filter((o): o is Association => o.type === 'Association');

describe('metadata.submission.has-member', () => {
  it('passes the harness submission', () => expect(findingsOf(hasMember, imagingSubmission())).toEqual([]));

  it('fails an entry no HasMember points to', () => {
    const s = imagingSubmission();
    const report = entry(s.objects, s.ids.report!);
    const objects = s.objects.filter((o) => !(o.type === 'Association' && o.targetObject === report.id));
    expect(findingsOf(hasMember, { objects })).toEqual([expect.objectContaining({ ruleId: 'metadata.submission.has-member', path: `DocumentEntry[${report.id}]` })]);
  });

  it('fails a HasMember without SubmissionSetStatus Original', () => {
    const s = imagingSubmission();
    associations(s.objects)[0]!.slots = [];
    expect(findingsOf(hasMember, s)).toEqual([expect.objectContaining({ path: expect.stringMatching(/^Association\[.*\/Slot\[SubmissionSetStatus\]$/), expected: 'Original', actual: '(none)' })]);
  });

  it('does not ask a query response for memberships', () => {
    const s = imagingSubmission();
    expect(findingsOf(hasMember, { objects: s.objects.filter((o) => o.type !== 'Association'), message: 'query-response' })).toEqual([]);
  });
});

describe('metadata.submission.same-patient', () => {
  it('passes the harness submission', () => expect(findingsOf(samePatient, imagingSubmission())).toEqual([]));

  it("fails an entry filed under another patient than the SubmissionSet's", () => {
    const s = imagingSubmission();
    const kos = entry(s.objects, s.ids.kos!);
    kos.externalIdentifiers.find((x) => x.identificationScheme === DocScheme.patientId)!.value = '999^^^&2.16.528.1.1007.3.3&ISO';
    expect(findingsOf(samePatient, s)).toEqual([expect.objectContaining({ ruleId: 'metadata.submission.same-patient', actual: '999^^^&2.16.528.1.1007.3.3&ISO', expected: submissionSet(s.objects).externalIdentifiers.find((x) => x.identificationScheme === SubmissionScheme.patientId)!.value })]);
  });
});

describe('metadata.submission.unique-ids', () => {
  it('passes the harness submission', () => expect(findingsOf(uniqueIdsUnique, imagingSubmission())).toEqual([]));

  it('fails two entries with one uniqueId', () => {
    const s = imagingSubmission();
    entry(s.objects, s.ids.report!).externalIdentifiers.find((x) => x.identificationScheme === DocScheme.uniqueId)!.value = s.ids.kos!;
    expect(findingsOf(uniqueIdsUnique, s)).toEqual([expect.objectContaining({ ruleId: 'metadata.submission.unique-ids', actual: s.ids.kos })]);
  });

  it('fails two entries with one entryUUID', () => {
    const s = imagingSubmission();
    entry(s.objects, s.ids.report!).id = entry(s.objects, s.ids.kos!).id;
    expect(findingsOf(uniqueIdsUnique, s)).toEqual([expect.objectContaining({ ruleId: 'metadata.submission.unique-ids', path: expect.stringMatching(/^DocumentEntry\[/) })]);
  });
});
