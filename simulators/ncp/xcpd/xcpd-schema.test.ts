/**
 * Schema proof: XCPD requests and responses (match, no match, refused demographics query), each in
 * a SOAP 1.2 envelope, validate against the HL7 v3 NE2008 schemas (PRPA_IN201305UV02 /
 * PRPA_IN201306UV02) in ../shared/schemas with xmllint.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peerDescribe } from '../../../test/interop/require-peer.ts';
import { EXCHANGE_SCHEMA, schemasAvailable, xmllint } from '../../../test/schema-check.ts';
import { buildEnvelope } from '../../soap/soap-envelope.ts';
import { buildPatientDiscoveryQuery } from './patient-discovery-query.ts';
import { buildPatientDiscoveryResponse } from './patient-discovery-response.ts';
import { DEMOGRAPHICS_REFUSED, FOUND, NCP_A, NOT_FOUND, sampleQuery } from './test-messages.ts';
import { XCPD_ACTION, XCPD_RESPONSE_ACTION } from './xcpd-constants.ts';

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

describeWithXmllint('XCPD messages validate against the HL7 v3 schemas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-xcpd-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('query and every kind of response', async () => {
    const { name, birthDate, gender, ...idOnly } = sampleQuery();
    void name, void birthDate, void gender;
    const bodies = [
      { action: XCPD_ACTION, body: buildPatientDiscoveryQuery(sampleQuery()) },
      { action: XCPD_ACTION, body: buildPatientDiscoveryQuery(idOnly) },
      ...[FOUND, NOT_FOUND, DEMOGRAPHICS_REFUSED].map((a) => ({ action: XCPD_RESPONSE_ACTION, body: buildPatientDiscoveryResponse(sampleQuery(), a, NCP_A) })),
    ];
    const files: string[] = [];
    for (const [i, b] of bodies.entries()) {
      const file = join(dir, `xcpd-${i}.xml`);
      await writeFile(file, buildEnvelope({ action: b.action, body: b.body }));
      files.push(file);
    }
    const result = await xmllint(EXCHANGE_SCHEMA, files);
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('the oracle rejects a response whose elements are out of schema order', async () => {
    const file = join(dir, 'xcpd-bad.xml');
    const xml = buildEnvelope({ action: XCPD_RESPONSE_ACTION, body: buildPatientDiscoveryResponse(sampleQuery(), FOUND, NCP_A) });
    // queryAck must come after reasonOf/subject and before queryByParameter: moving it first breaks the sequence.
    const moved = xml.replace(/(<controlActProcess[^>]*>)(.*)(<queryAck>.*<\/queryAck>)/, '$1$3$2');
    expect(moved).not.toBe(xml);
    await writeFile(file, moved);
    const result = await xmllint(EXCHANGE_SCHEMA, [file]);
    expect(result.exitCode).not.toBe(0);
  });
});
