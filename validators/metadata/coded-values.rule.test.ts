import { describe, expect, it } from 'vitest';
import { DocScheme, SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { codedValues } from './coded-values.rule.ts';
import { classified, entry, findingsOf, imagingSubmission, submissionSet } from './test-submissions.ts';

describe('metadata.code.coding-scheme', () => {
  it('passes the harness codes', () => expect(findingsOf(codedValues, imagingSubmission())).toEqual([]));

  it('fails a code without codingScheme slot', () => {
    const s = imagingSubmission();
    classified(entry(s.objects, s.ids.kos!), DocScheme.eventCodeList)[0]!.slots = [];
    expect(findingsOf(codedValues, s)).toEqual([expect.objectContaining({ severity: 'error', path: expect.stringContaining('/eventCodeList[') })]);
  });

  it('fails a code without nodeRepresentation', () => {
    const s = imagingSubmission();
    delete classified(entry(s.objects, s.ids.report!), DocScheme.healthcareFacilityTypeCode)[0]!.nodeRepresentation;
    expect(findingsOf(codedValues, s)).toEqual([expect.objectContaining({ severity: 'error', path: expect.stringContaining('/healthcareFacilityTypeCode[') })]);
  });

  it('fails a SubmissionSet contentTypeCode with two codingSchemes', () => {
    const s = imagingSubmission();
    classified(submissionSet(s.objects), SubmissionScheme.contentTypeCode)[0]!.slots = [{ name: 'codingScheme', values: ['2.16.840.1.113883.6.1', 'LN'] }];
    expect(findingsOf(codedValues, s)).toEqual([expect.objectContaining({ severity: 'error', path: expect.stringMatching(/^SubmissionSet\[.*\/contentTypeCode\[/) })]);
  });

  it('warns about a code without display name', () => {
    const s = imagingSubmission();
    delete classified(entry(s.objects, s.ids.report!), DocScheme.typeCode)[0]!.name;
    expect(findingsOf(codedValues, s)).toEqual([expect.objectContaining({ severity: 'warning', path: expect.stringContaining('/typeCode[') })]);
  });
});
