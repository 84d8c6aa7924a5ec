import { afterEach, describe, expect, it } from 'vitest';
import { buildPatientDiscoveryQuery, readPatientDiscoveryResponse } from '../xcpd/index.ts';
import { NCP_B, NL_BSN, sampleQuery } from '../xcpd/test-messages.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { closedCommunity, startFakeCommunity, startGateway, type FakeCommunity, type RunningGateway } from './test-communities.ts';

const HOME_AT = 'urn:oid:2.999.1';
const HOME_NL = 'urn:oid:2.16.840.1.113883.2.4.6.6';

describe('ITI-55 initiating: routing by national id domain or receiver', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });
  async function communities(): Promise<{ at: FakeCommunity; nl: FakeCommunity }> {
    const at = await startFakeCommunity({ country: 'AT', homeCommunityId: HOME_AT, nationalIdOid: '2.999.1.1' });
    const nl = await startFakeCommunity({ country: 'NL', homeCommunityId: HOME_NL, nationalIdOid: NL_BSN });
    closers.push(() => at.close(), () => nl.close());
    return { at, nl };
  }
  async function gateway(...args: Parameters<typeof startGateway>): Promise<RunningGateway> {
    const g = await startGateway(...args);
    closers.push(() => g.app.close());
    return g;
  }
  const unaddressed = { deviceOid: '2.16.840.1.113883.2.4.6.6.1' };

  it('sends the query to the community whose national id OID is the livingSubjectId root and returns its answer', async () => {
    const { at, nl } = await communities();
    const g = await gateway({ communities: [at.community, nl.community] });
    const answer = await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ receiver: unaddressed })), { 'X-Ixh-Purpose-Of-Use': 'EMERGENCY' });
    expect(answer.envelope.addressing.action).toBe(GatewayAction.xcpdResponse);
    expect(readPatientDiscoveryResponse(answer.envelope.body).issues.map((i) => i.text)).toContain('answered by NL');
    expect(at.received).toHaveLength(0);
    expect(nl.received).toHaveLength(1);
    expect(nl.received[0]!.security).toBe('purpose=EMERGENCY;patient=-');
  });

  it('follows the receiver homeCommunityId when the local system names one', async () => {
    const { at, nl } = await communities();
    const g = await gateway({ communities: [at.community, nl.community] });
    await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ receiver: { deviceOid: '2.999.1.5', homeCommunityId: HOME_AT } })));
    expect([at.received.length, nl.received.length]).toEqual([1, 0]);
  });

  it('answers AE itself, naming the identifier domain, when no community serves the patient', async () => {
    const { at, nl } = await communities();
    const g = await gateway({ communities: [at.community, nl.community] });
    const answer = await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ receiver: unaddressed, livingSubjectIds: [{ root: '1.2.3.999', extension: 'x' }] })));
    const read = readPatientDiscoveryResponse(answer.envelope.body);
    expect(read).toMatchObject({ acknowledgement: 'AE', queryResponseCode: 'AE', patients: [] });
    // The IHE code system (ITI TF-2 §3.55.4.2.2.7), as NCP-A answers it: not HL7 ActCode.
    expect(read.issues).toEqual([{ code: 'AnswerNotAvailable', codeSystem: '1.3.6.1.4.1.19376.1.2.27.3', text: expect.stringMatching(/1\.2\.3\.999/) }]);
    expect(at.received.length + nl.received.length).toBe(0);
  });

  it('answers AE with InternalError naming the country when the community is unreachable', async () => {
    const down = { ...(await closedCommunity('NL', HOME_NL)), nationalIdOid: NL_BSN };
    const g = await gateway({ communities: [down] });
    const read = readPatientDiscoveryResponse((await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ sender: NCP_B, receiver: unaddressed })))).envelope.body);
    expect(read).toMatchObject({ acknowledgement: 'AE', queryResponseCode: 'AE' });
    expect(read.issues).toEqual([{ code: 'InternalError', codeSystem: '1.3.6.1.4.1.19376.1.2.27.3', text: expect.stringMatching(/NL .*did not answer/) }]);
  });

  it('says the community refused (not that it did not answer) when it answers a SOAP fault', async () => {
    const nl = await startFakeCommunity({ country: 'NL', homeCommunityId: HOME_NL, nationalIdOid: NL_BSN, refuse: new SoapFaultError('Sender', 'assertion expired', [Subcode.messageExpired]) });
    closers.push(() => nl.close());
    const g = await gateway({ communities: [nl.community] });
    const read = readPatientDiscoveryResponse((await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ sender: NCP_B, receiver: unaddressed })))).envelope.body);
    expect(read).toMatchObject({ acknowledgement: 'AE', queryResponseCode: 'AE' });
    expect(read.issues).toEqual([{ code: 'InternalError', codeSystem: '1.3.6.1.4.1.19376.1.2.27.3', text: expect.stringMatching(/NL .*refused the request: .*wsse:MessageExpired.*assertion expired/) }]);
  });
});
