import { describe, expect, it } from 'vitest';
import { AUDITS, PATIENT } from '../../simulators/audit/test-audits.ts';
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import { serializeXml } from '../../simulators/soap/xml-write.ts';
import { expectAudited } from './expect-audited.ts';

const records = (...names: string[]) => names.map((n, i) => ({ seq: i + 1, message: parseXmlSafely(serializeXml(AUDITS[n]!)) }));

describe('expectAudited', () => {
  it('finds the expected record and passes it', () => {
    expect(expectAudited(records('ITI-38 query', 'ITI-39 export'), { transaction: 'ITI-39', side: 'responder', event: 'export', patientId: PATIENT })).toEqual([]);
    expect(expectAudited(records('ITI-39 import'), { transaction: 'ITI-39', side: 'initiator', event: 'import', purposeOfUse: 'EMERGENCY' })).toEqual([]);
    expect(expectAudited(records('RAD-75 transfer'), { transaction: 'RAD-75', side: 'responder', event: 'transfer' })).toEqual([]);
  });

  it('says audit.missing naming the expectation when nothing matches', () => {
    const none = expectAudited([], { transaction: 'ITI-38', side: 'initiator', event: 'query' });
    expect(none).toEqual([expect.objectContaining({ ruleId: 'audit.missing', severity: 'error', requirements: ['GEN-08'], expected: expect.stringContaining('ITI-38 query by the initiator'), actual: '(none)' })]);
    const wrongSide = expectAudited(records('RAD-75 transfer'), { transaction: 'RAD-75', side: 'initiator', event: 'transfer' });
    expect(wrongSide).toEqual([expect.objectContaining({ ruleId: 'audit.missing', actual: expect.stringContaining('110104/R') })]);
    const otherPatient = expectAudited(records('ITI-39 export'), { transaction: 'ITI-39', side: 'responder', event: 'export', patientId: '999^^^&1.2.3&ISO' });
    expect(otherPatient).toEqual([expect.objectContaining({ ruleId: 'audit.missing' })]);
    const otherSource = expectAudited(records('ITI-38 query'), { transaction: 'ITI-38', side: 'initiator', event: 'query', auditSourceId: 'ncp-b BE' });
    expect(otherSource).toEqual([expect.objectContaining({ ruleId: 'audit.missing' })]);
  });

  it('passes on the record’s own findings, break-the-glass included', () => {
    const found = expectAudited(records('ITI-39 export'), { transaction: 'ITI-39', side: 'responder', event: 'export', purposeOfUse: 'EMERGENCY' });
    expect(found).toEqual([expect.objectContaining({ ruleId: 'audit.purpose-of-use.emergency', subject: 'audit record repository record 1' })]);
  });

  it('skips records without a message (unreadable arrivals)', () => {
    expect(expectAudited([{ seq: 1 }], { transaction: 'ITI-55', side: 'responder', event: 'query' })).toEqual([expect.objectContaining({ ruleId: 'audit.missing' })]);
  });
});
