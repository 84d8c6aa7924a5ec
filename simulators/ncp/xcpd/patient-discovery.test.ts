import { describe, expect, it } from 'vitest';
import { NS } from '../../soap/namespaces.ts';
import { parseXmlSafely } from '../../soap/safe-xml.ts';
import { serializeXml } from '../../soap/xml-write.ts';
import { attr, element, elements } from '../../soap/xml-tree.ts';
import { XcpdMessageError } from './hl7v3-parts.ts';
import { buildPatientDiscoveryQuery, readPatientDiscoveryQuery } from './patient-discovery-query.ts';
import { buildPatientDiscoveryResponse, readPatientDiscoveryResponse } from './patient-discovery-response.ts';
import { DEMOGRAPHICS_REFUSED, FOUND, NCP_A, NOT_FOUND, reparse, sampleQuery } from './test-messages.ts';
import { CodeSystem } from './xcpd-constants.ts';

describe('PRPA_IN201305UV02 (XCPD query)', () => {
  it('round-trips every field', () => {
    const q = sampleQuery({ queryId: { root: '1.2.3.4', extension: 'q-7' } });
    expect(readPatientDiscoveryQuery(reparse(buildPatientDiscoveryQuery(q)))).toEqual(q);
  });

  it('round-trips a query with only an identifier', () => {
    const { name, birthDate, gender, ...idOnly } = sampleQuery();
    void name, void birthDate, void gender;
    // Without a queryId the message id is used, and read back as the queryId.
    expect(readPatientDiscoveryQuery(reparse(buildPatientDiscoveryQuery(idOnly)))).toEqual({ ...idOnly, queryId: idOnly.messageId });
  });

  it('writes the fixed wrapper codes ITI TF-2 §3.55.4.1.2 asks for', () => {
    const root = reparse(buildPatientDiscoveryQuery(sampleQuery()));
    const code = (local: string): string | undefined => attr(element(root, NS.hl7, local)!, 'code');
    expect([code('processingCode'), code('processingModeCode'), code('acceptAckCode')]).toEqual(['P', 'T', 'AL']);
    expect(attr(element(root, NS.hl7, 'interactionId')!, 'extension')).toBe('PRPA_IN201305UV02');
    const cap = element(root, NS.hl7, 'controlActProcess')!;
    expect(attr(element(cap, NS.hl7, 'code')!, 'code')).toBe('PRPA_TE201305UV02');
    const qbp = element(cap, NS.hl7, 'queryByParameter')!;
    expect(attr(element(qbp, NS.hl7, 'responseModalityCode')!, 'code')).toBe('R');
    expect(attr(element(qbp, NS.hl7, 'responsePriorityCode')!, 'code')).toBe('I');
  });

  it('names the missing part of an incomplete query', () => {
    const root = reparse({ name: 'PRPA_IN201305UV02', attrs: { xmlns: NS.hl7, ITSVersion: 'XML_1.0' }, children: [{ name: 'id', attrs: { root: '1.2' } }, { name: 'creationTime', attrs: { value: '2024' } }] });
    expect(() => readPatientDiscoveryQuery(root)).toThrow(XcpdMessageError);
    expect(() => readPatientDiscoveryQuery(root)).toThrow('PRPA_IN201305UV02/controlActProcess/queryByParameter is missing');
  });

  it('refuses another message and a livingSubjectId without extension', () => {
    expect(() => readPatientDiscoveryQuery(reparse({ name: 'Other', attrs: { xmlns: NS.hl7 } }))).toThrow('expected {urn:hl7-org:v3}PRPA_IN201305UV02');
    const bad = serializeQuery(sampleQuery()).replace('extension="999911120"', '');
    expect(() => readPatientDiscoveryQuery(parse(bad))).toThrow('livingSubjectId/value with root 2.16.840.1.113883.2.4.6.3 has no @extension');
  });
});

describe('PRPA_IN201306UV02 (XCPD response)', () => {
  it('round-trips a match, a refused demographics query and a no-match', () => {
    for (const answer of [FOUND, DEMOGRAPHICS_REFUSED, NOT_FOUND]) {
      expect(readPatientDiscoveryResponse(reparse(buildPatientDiscoveryResponse(sampleQuery(), answer, NCP_A)))).toEqual(answer);
    }
  });

  it('acknowledges the query message and echoes its query id and parameters', () => {
    const q = sampleQuery({ queryId: { root: '1.2.3.4', extension: 'q-7' } });
    const root = reparse(buildPatientDiscoveryResponse(q, FOUND, NCP_A));
    const ack = element(root, NS.hl7, 'acknowledgement')!;
    expect(attr(element(element(ack, NS.hl7, 'targetMessage')!, NS.hl7, 'id')!, 'extension')).toBe('msg-1');
    const cap = element(root, NS.hl7, 'controlActProcess')!;
    expect(attr(element(element(cap, NS.hl7, 'queryAck')!, NS.hl7, 'queryId')!, 'extension')).toBe('q-7');
    const params = element(element(cap, NS.hl7, 'queryByParameter')!, NS.hl7, 'parameterList')!;
    const id = element(element(params, NS.hl7, 'livingSubjectId')!, NS.hl7, 'value')!;
    expect([attr(id, 'root'), attr(id, 'extension')]).toEqual([q.livingSubjectIds[0]!.root, q.livingSubjectIds[0]!.extension]);
  });

  it('puts DemographicsQueryNotAllowed under triggerFor and AnswerNotAvailable under mitigatedBy', () => {
    const refused = reparse(buildPatientDiscoveryResponse(sampleQuery(), DEMOGRAPHICS_REFUSED, NCP_A));
    const event = (root: ReturnType<typeof reparse>) => element(element(element(root, NS.hl7, 'controlActProcess')!, NS.hl7, 'reasonOf')!, NS.hl7, 'detectedIssueEvent')!;
    const trig = element(element(element(event(refused), NS.hl7, 'triggerFor')!, NS.hl7, 'actOrderRequired')!, NS.hl7, 'code')!;
    expect([attr(trig, 'code'), attr(trig, 'codeSystem')]).toEqual(['DemographicsQueryNotAllowed', CodeSystem.ehdsiXcpd]);
    const nf = reparse(buildPatientDiscoveryResponse(sampleQuery(), NOT_FOUND, NCP_A));
    const mitigated = element(element(element(event(nf), NS.hl7, 'mitigatedBy')!, NS.hl7, 'detectedIssueManagement')!, NS.hl7, 'code')!;
    expect(attr(mitigated, 'code')).toBe('AnswerNotAvailable');
    const details = elements(element(nf, NS.hl7, 'acknowledgement')!, NS.hl7, 'acknowledgementDetail');
    expect(details.map((d) => attr(element(d, NS.hl7, 'code')!, 'code'))).toEqual(['ERROR_PI_NO_MATCH']);
  });

  it('refuses a response without acknowledgement or with an unknown queryResponseCode', () => {
    const xml = serializeResponse().replace('<queryResponseCode code="OK"/>', '<queryResponseCode code="XX"/>');
    expect(() => readPatientDiscoveryResponse(parse(xml))).toThrow('queryAck/queryResponseCode "XX" is not OK, NF, AE or QE');
    const noAck = serializeResponse().replace(/<acknowledgement>.*<\/acknowledgement>/, '');
    expect(() => readPatientDiscoveryResponse(parse(noAck))).toThrow('PRPA_IN201306UV02/acknowledgement is missing');
  });
});

function parse(xml: string) {
  return parseXmlSafely(xml);
}
function serializeQuery(q: ReturnType<typeof sampleQuery>): string {
  return serializeXml(buildPatientDiscoveryQuery(q));
}
function serializeResponse(): string {
  return serializeXml(buildPatientDiscoveryResponse(sampleQuery(), FOUND, NCP_A));
}
