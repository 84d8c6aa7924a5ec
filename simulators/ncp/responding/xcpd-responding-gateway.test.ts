import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { NS } from '../../soap/namespaces.ts';
import { injectSoap } from '../../soap/test-inject.ts';
import { element, textOf } from '../../soap/xml-tree.ts';
import type { RequestAuthorizer } from '../gateway-security.ts';
import { buildPatientDiscoveryQuery, type PatientDiscoveryQuery } from '../xcpd/patient-discovery-query.ts';
import { readPatientDiscoveryResponse } from '../xcpd/patient-discovery-response.ts';
import { sampleQuery } from '../xcpd/test-messages.ts';
import { CodeSystem, XCPD_ACTION, XCPD_RESPONSE_ACTION } from '../xcpd/xcpd-constants.ts';
import { NCP_A_PATHS } from './responding-gateway.ts';
import { fixedAuthorizer, gatewayOptions, ncpA, REFUSED_AS_ERROR, REFUSED_AS_FAULT } from './test-backends.ts';

const NOWHERE = { registryUrl: 'http://127.0.0.1:9/r', repositoryUrl: 'http://127.0.0.1:9/p', imagingSourceUrl: 'http://127.0.0.1:9/i' };

describe('NCP-A XCPD Responding Gateway (ITI-55)', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function discover(query: PatientDiscoveryQuery, authorizer?: RequestAuthorizer) {
    app = await ncpA(gatewayOptions(NOWHERE, authorizer ? { authorizer } : {}));
    return injectSoap(app, NCP_A_PATHS.xcpd, XCPD_ACTION, buildPatientDiscoveryQuery(query));
  }

  it('finds the patient by national id and answers OK with ids, demographics and custodian', async () => {
    const res = await discover(sampleQuery());
    expect(res.statusCode).toBe(200);
    expect(res.envelope.addressing.action).toBe(XCPD_RESPONSE_ACTION);
    const answer = readPatientDiscoveryResponse(res.envelope.body);
    expect(answer).toMatchObject({ acknowledgement: 'AA', queryResponseCode: 'OK', issues: [] });
    expect(answer.patients).toEqual([
      { ids: [{ root: '2.16.840.1.113883.2.4.6.3', extension: '999911120' }], name: { family: 'de Vries', given: 'Anna' }, gender: 'F', birthDate: '19700101', custodian: { homeCommunityId: 'urn:oid:2.16.840.1.113883.2.4.6.6' } },
    ]);
  });

  it('matches names without regard to case and accents', async () => {
    const answer = readPatientDiscoveryResponse((await discover(sampleQuery({ name: { family: 'DE VRÍES', given: 'anna' } }))).envelope.body);
    expect(answer.queryResponseCode).toBe('OK');
  });

  it('answers NF for an unknown id and for traits that contradict the record', async () => {
    for (const q of [sampleQuery({ livingSubjectIds: [{ root: '2.16.840.1.113883.2.4.6.3', extension: '111222333' }] }), sampleQuery({ birthDate: '19700102' }), sampleQuery({ gender: 'M' })]) {
      const answer = readPatientDiscoveryResponse((await discover(q)).envelope.body);
      expect(answer).toMatchObject({ acknowledgement: 'AA', queryResponseCode: 'NF', patients: [] });
      expect(answer.issues.map((i) => i.code)).toEqual(['ERROR_PI_NO_MATCH', 'AnswerNotAvailable']);
      await app?.close();
      app = undefined;
    }
  });

  it('refuses a demographics-only query with DemographicsQueryNotAllowed', async () => {
    const answer = readPatientDiscoveryResponse((await discover(sampleQuery({ livingSubjectIds: [] }))).envelope.body);
    expect(answer).toMatchObject({ acknowledgement: 'AA', queryResponseCode: 'AE', patients: [] });
    expect(answer.issues).toContainEqual(expect.objectContaining({ code: 'DemographicsQueryNotAllowed', codeSystem: CodeSystem.ehdsiXcpd }));
  });

  it('answers AE for an identifier of another domain', async () => {
    const answer = readPatientDiscoveryResponse((await discover(sampleQuery({ livingSubjectIds: [{ root: '1.2.250.1.213.1.4.8', extension: '285077512345678' }] }))).envelope.body);
    expect(answer).toMatchObject({ acknowledgement: 'AE', queryResponseCode: 'AE' });
    expect(answer.issues[0]!.text).toContain('1.2.250.1.213.1.4.8');
  });

  it('authorises without TRC and answers an error refusal as AE carrying the eHDSI code', async () => {
    const authorizer = fixedAuthorizer(() => REFUSED_AS_ERROR);
    const answer = readPatientDiscoveryResponse((await discover(sampleQuery(), authorizer)).envelope.body);
    expect(authorizer.asked).toEqual([{ transaction: 'ITI-55', requireTrc: false }]);
    expect(answer).toMatchObject({ acknowledgement: 'AE', queryResponseCode: 'AE', patients: [] });
    expect(answer.issues).toContainEqual({ code: '4701', text: REFUSED_AS_ERROR.ok ? '' : REFUSED_AS_ERROR.message });
  });

  it('answers a fault refusal with a SOAP Sender fault and its WS-Security subcode', async () => {
    const res = await discover(sampleQuery(), fixedAuthorizer(() => REFUSED_AS_FAULT));
    expect(res.statusCode).toBe(400);
    const code = element(res.envelope.body, NS.env, 'Code')!;
    expect(textOf(element(code, NS.env, 'Value'))).toBe('env:Sender');
    expect(textOf(element(element(code, NS.env, 'Subcode')!, NS.env, 'Value'))).toBe('wsse:FailedCheck');
  });

  it('answers an unreadable query with a Sender fault naming the missing part', async () => {
    app = await ncpA(gatewayOptions(NOWHERE));
    const res = await injectSoap(app, NCP_A_PATHS.xcpd, XCPD_ACTION, { name: 'PRPA_IN201305UV02', attrs: { xmlns: NS.hl7, ITSVersion: 'XML_1.0' }, children: [{ name: 'id', attrs: { root: '1.2' } }] });
    expect(res.statusCode).toBe(400);
    expect(textOf(element(res.envelope.body, NS.env, 'Reason'))).toContain('PRPA_IN201305UV02/creationTime is missing');
  });
});
