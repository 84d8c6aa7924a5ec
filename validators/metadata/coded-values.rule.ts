/**
 * Every coded attribute of a DocumentEntry or SubmissionSet (ITI TF-3 4.2.3.1, coded values): a code
 * (nodeRepresentation), exactly one codingScheme slot value, and a display name (rim:Name), so a
 * consumer in another member state can read it (RISK-CODES).
 */
import type { Classification, Classified } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme, SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { slotValues } from '../../simulators/registry/xds-view.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath } from './xds-values.ts';

const DOCUMENT_CODES: Readonly<Record<string, string>> = {
  [DocScheme.classCode]: 'classCode',
  [DocScheme.confidentialityCode]: 'confidentialityCode',
  [DocScheme.eventCodeList]: 'eventCodeList',
  [DocScheme.formatCode]: 'formatCode',
  [DocScheme.healthcareFacilityTypeCode]: 'healthcareFacilityTypeCode',
  [DocScheme.practiceSettingCode]: 'practiceSettingCode',
  [DocScheme.typeCode]: 'typeCode',
};
const SUBMISSION_CODES: Readonly<Record<string, string>> = { [SubmissionScheme.contentTypeCode]: 'contentTypeCode' };

export const codedValues: Rule<SubmissionSubject> = {
  id: 'metadata.code.coding-scheme',
  title: 'Every code has a value, exactly one codingScheme slot value and a display name',
  severity: 'error',
  requirements: ['MET-04', 'RISK-CODES'],
  specRef: 'IHE ITI TF-3 4.2.3.1 (coded values)',
  *check(subject) {
    for (const d of subject.entries) yield* checkCodes(d, DOCUMENT_CODES, (c, name) => objectPath('DocumentEntry', d, `${name}[${c.id}]`));
    for (const ss of subject.submissionSets) yield* checkCodes(ss, SUBMISSION_CODES, (c, name) => objectPath('SubmissionSet', ss, `${name}[${c.id}]`));
  },
};

function* checkCodes(o: Classified, schemes: Readonly<Record<string, string>>, path: (c: Classification, name: string) => string): Generator<RuleFinding> {
  for (const c of o.classifications) {
    const name = c.classificationScheme ? schemes[c.classificationScheme] : undefined;
    if (!name) continue;
    if (!c.nodeRepresentation) yield { path: path(c, name), message: `${name} has no code (nodeRepresentation)` };
    const schemesGiven = slotValues(c, 'codingScheme');
    if (schemesGiven.length !== 1 || !schemesGiven[0]) yield { path: path(c, name), message: `${name} ${c.nodeRepresentation ?? ''} must have exactly one codingScheme slot value, found ${schemesGiven.length}` };
    if (!c.name?.some((n) => n.value !== '')) yield { path: path(c, name), severity: 'warning', message: `${name} ${c.nodeRepresentation ?? ''} has no display name (rim:Name)` };
  }
}
