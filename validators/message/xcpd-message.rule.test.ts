import { describe, expect, it } from 'vitest';
import { buildPatientDiscoveryQuery, buildPatientDiscoveryResponse } from '../../simulators/ncp/xcpd/index.ts';
import { FOUND, NCP_A, reparse, sampleQuery } from '../../simulators/ncp/xcpd/test-messages.ts';
import { NS } from '../../simulators/soap/namespaces.ts';
import { serializeXml } from '../../simulators/soap/xml-write.ts';
import { hl7v3InteractionEvaluated, xcpdMessageReadable, xcpdQueryByNationalId } from './xcpd-message.rule.ts';
import { findings, xml } from './test-xml.ts';

const query = reparse(buildPatientDiscoveryQuery(sampleQuery()));
const response = reparse(buildPatientDiscoveryResponse(sampleQuery(), FOUND, NCP_A));
/** The query with one required part taken out, as text surgery on the serialised message. */
const queryWithout = (pattern: RegExp) => xml(serializeXml(buildPatientDiscoveryQuery(sampleQuery())).replace(pattern, ''));
const other = xml(`<QUQI_IN000003UV01 xmlns="${NS.hl7}"/>`);

describe('message.hl7v3.interaction-evaluated', () => {
  it('is silent on the XCPD query and response', () => {
    expect(findings(hl7v3InteractionEvaluated, query)).toEqual([]);
    expect(findings(hl7v3InteractionEvaluated, response)).toEqual([]);
  });
  it('says "not evaluated" for another interaction', () => {
    expect(findings(hl7v3InteractionEvaluated, other)).toEqual([expect.objectContaining({ path: '/QUQI_IN000003UV01', actual: 'QUQI_IN000003UV01' })]);
  });
});

describe('message.hl7v3.xcpd-readable', () => {
  it.each([['query', query], ['response', response]])('passes a complete %s', (_, root) => expect(findings(xcpdMessageReadable, root)).toEqual([]));
  it('fails a query without controlActProcess, naming it', () => {
    const f = findings(xcpdMessageReadable, queryWithout(/<controlActProcess[\s\S]*<\/controlActProcess>/));
    expect(f).toEqual([expect.objectContaining({ path: '/PRPA_IN201305UV02' })]);
    expect(f[0]!.message).toMatch(/controlActProcess/);
  });
  it('fails a response without acknowledgement', () => {
    const text = serializeXml(buildPatientDiscoveryResponse(sampleQuery(), FOUND, NCP_A)).replace(/<acknowledgement[\s\S]*<\/acknowledgement>/, '');
    expect(findings(xcpdMessageReadable, xml(text))).toEqual([expect.objectContaining({ path: '/PRPA_IN201306UV02' })]);
  });
});

describe('message.hl7v3.xcpd-query-national-id (ehdsi-orcd)', () => {
  it('passes a query with a national id', () => expect(findings(xcpdQueryByNationalId, query)).toEqual([]));
  it('fails a demographics-only query', () => {
    const demographicsOnly = reparse(buildPatientDiscoveryQuery(sampleQuery({ livingSubjectIds: [] })));
    expect(findings(xcpdQueryByNationalId, demographicsOnly)).toEqual([expect.objectContaining({ expected: '≥ 1 livingSubjectId' })]);
  });
  it('is profile-only', () => expect(xcpdQueryByNationalId.profiles).toEqual(['ehdsi-orcd']));
});
