import { describe, expect, it } from 'vitest';
import { runRules } from '../run-rules.ts';
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import { metadataUnreadable } from './read.rule.ts';
import { readSubmission } from './submission-subject.ts';
import { findingsOf, imagingSubmission } from './test-submissions.ts';

describe('metadata.read.unreadable', () => {
  it('passes metadata that was read whole', () => {
    expect(findingsOf(metadataUnreadable, imagingSubmission())).toEqual([]);
  });

  it('fails a message that is not XDS metadata', () => {
    const subject = readSubmission(parseXmlSafely('<x:Other xmlns:x="urn:x"/>'));
    expect(runRules([metadataUnreadable], subject, { subjectName: 't' }).findings).toEqual([expect.objectContaining({ ruleId: 'metadata.read.unreadable', severity: 'error', path: '/' })]);
  });
});
