import { describe, expect, it } from 'vitest';
import { AUDITS, PATIENT } from '../../simulators/audit/test-audits.ts';
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import { serializeXml } from '../../simulators/soap/xml-write.ts';
import type { Rule } from '../rule.ts';
import type { AuditSubject } from './audit-view.ts';
import { auditCodedValues } from './coded-values.rule.ts';
import { auditEventForTransaction } from './event-for-transaction.rule.ts';
import { auditRules, validateAudit } from './index.ts';
import { auditIti38Query } from './iti-38-query.rule.ts';
import { auditIti39Export } from './iti-39-export.rule.ts';
import { auditIti39Import } from './iti-39-import.rule.ts';
import { auditIti55Query } from './iti-55-query.rule.ts';
import { auditParticipantObjects } from './participant-objects.rule.ts';
import { auditPurposeOfUseEmergency } from './purpose-of-use-emergency.rule.ts';
import { auditPurposeOfUseKnown } from './purpose-of-use-known.rule.ts';
import { auditRadInstancesTransferred } from './rad-instances-transferred.rule.ts';

const text = (name: string): string => serializeXml(AUDITS[name]!);
const subject = (xml: string, expectedPurposeOfUse?: 'EMERGENCY'): AuditSubject => ({ message: parseXmlSafely(xml), ...(expectedPurposeOfUse && { expectedPurposeOfUse }) });
const run = (rule: Rule<AuditSubject>, s: AuditSubject) => [...rule.check(s)];
const without = (xml: string, pattern: RegExp) => {
  expect(xml).toMatch(pattern);
  return xml.replace(pattern, '');
};
const PATIENT_OBJECT = /<ParticipantObjectIdentification ParticipantObjectID="7011230081[^>]*>.*?<\/ParticipantObjectIdentification>/;

describe('every builder output passes every audit rule', () => {
  it.each(Object.keys(AUDITS))('%s', (name) => {
    const run = validateAudit(subject(text(name)), { subjectName: name });
    expect(run.findings).toEqual([]);
    expect(run.harnessErrors).toEqual([]);
    expect(run.rulesRun).toHaveLength(auditRules.length + 3);
  });
});

const failing: [Rule<AuditSubject>, string, string, string][] = [
  [auditCodedValues, 'EventTypeCode without originalText', text('ITI-38 query').replace(' originalText="Cross Gateway Query"', ''), '/AuditMessage/EventIdentification[0]/EventTypeCode[0]'],
  [auditParticipantObjects, 'detail not base64', text('ITI-39 export').replace(/(type="Repository Unique Id" value=")[^"]*/, '$1#not base64#'), '/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectDetail[0]'],
  [auditParticipantObjects, 'unknown role', text('ITI-39 export').replace('ParticipantObjectTypeCodeRole="3"', 'ParticipantObjectTypeCodeRole="99"'), '/AuditMessage/ParticipantObjectIdentification[1]/@ParticipantObjectTypeCodeRole'],
  [auditEventForTransaction, 'ITI-39 reported as a Query', text('ITI-39 export').replace('csd-code="110106"', 'csd-code="110112"'), '/AuditMessage/EventIdentification/EventID/@csd-code'],
  [auditIti55Query, 'action R', text('ITI-55 query').replace('EventActionCode="E"', 'EventActionCode="R"'), '/AuditMessage/EventIdentification/@EventActionCode'],
  [auditIti55Query, 'no homeCommunityID detail', without(text('ITI-55 query'), /<ParticipantObjectDetail type="ihe:homeCommunityID"[^>]*\/>/), "/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectDetail[@type='ihe:homeCommunityID']"],
  [auditIti38Query, 'no patient', without(text('ITI-38 query'), PATIENT_OBJECT), "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode='1'][@ParticipantObjectTypeCodeRole='1']"],
  [auditIti38Query, 'no destination', text('ITI-38 query').replace('csd-code="110152"', 'csd-code="110153"'), "/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110153']"],
  [auditIti38Query, 'no query object', text('ITI-38 query').replace('ParticipantObjectTypeCodeRole="24"', 'ParticipantObjectTypeCodeRole="4"'), "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode='2'][@ParticipantObjectTypeCodeRole='24']"],
  [auditIti38Query, 'source not requestor', text('ITI-38 query').replace(/(UserIsRequestor=")true("[^>]*><RoleIDCode csd-code="110153")/, '$1false$2'), '/AuditMessage/ActiveParticipant[0]/@UserIsRequestor'],
  [auditIti39Export, 'export with action C', text('ITI-39 export').replace('EventActionCode="R"', 'EventActionCode="C"'), '/AuditMessage/EventIdentification/@EventActionCode'],
  [auditIti39Export, 'document as patient number', text('ITI-39 export').replace('csd-code="9"', 'csd-code="2"'), '/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectIDTypeCode/@csd-code'],
  [auditIti39Import, 'import without repositoryUniqueId', without(text('ITI-39 import'), /<ParticipantObjectDetail type="Repository Unique Id"[^>]*\/>/), "/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectDetail[@type='Repository Unique Id']"],
  [auditRadInstancesTransferred, 'transfer with action E', text('RAD-75 transfer').replace('EventActionCode="R"', 'EventActionCode="E"'), '/AuditMessage/EventIdentification/@EventActionCode'],
  [auditRadInstancesTransferred, 'study by accession', text('RAD-75 transfer').replace('csd-code="110180"', 'csd-code="110181"'), '/AuditMessage/ParticipantObjectIdentification[1]/ParticipantObjectIDTypeCode/@csd-code'],
  [auditPurposeOfUseKnown, 'purpose PUBLICHEALTH', text('ITI-38 query').replace('csd-code="TREATMENT"', 'csd-code="PUBLICHEALTH"'), '/AuditMessage/EventIdentification/PurposeOfUse[0]/@csd-code'],
];

describe.each(failing)('%s', (rule, what, xml, path) => {
  it(`fails: ${what}`, () => expect(run(rule, subject(xml))).toEqual(expect.arrayContaining([expect.objectContaining({ path })])));
});

describe('audit.purpose-of-use.emergency', () => {
  it('passes an EMERGENCY record when EMERGENCY was expected', () => expect(run(auditPurposeOfUseEmergency, subject(text('ITI-39 import'), 'EMERGENCY'))).toEqual([]));
  it('fails a TREATMENT record when the assertion said EMERGENCY', () => expect(run(auditPurposeOfUseEmergency, subject(text('ITI-39 export'), 'EMERGENCY'))).toEqual([expect.objectContaining({ path: '/AuditMessage/EventIdentification/PurposeOfUse', actual: 'TREATMENT' })]));
  it('fails a record without PurposeOfUse', () => expect(run(auditPurposeOfUseEmergency, subject(without(text('ITI-39 import'), /<PurposeOfUse[^>]*\/>/), 'EMERGENCY'))).toEqual([expect.objectContaining({ actual: '(absent)' })]));
  it('says nothing without an expectation', () => expect(run(auditPurposeOfUseEmergency, subject(text('ITI-39 export')))).toEqual([]));
});

it('a rule not about the transaction stays silent (ITI-38 rules on an ITI-39 record)', () => {
  expect(run(auditIti38Query, subject(text('ITI-39 export')))).toEqual([]);
  expect(PATIENT).toContain('&ISO');
});
