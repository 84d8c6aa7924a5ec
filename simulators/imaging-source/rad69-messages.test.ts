import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { EXCHANGE_SCHEMA, schemasAvailable, xmllint } from '../../test/schema-check.ts';
import { buildEnvelope } from '../soap/soap-envelope.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { SoapFaultError } from '../soap/soap-fault.ts';
import { serializeXml } from '../soap/xml-write.ts';
import { buildImagingRetrieveRequest, RAD69_ACTION, readImagingRetrieveRequest, requestedInstances, TRANSFER_SYNTAX, type ImagingRetrieveRequest } from './rad69-messages.ts';

const request: ImagingRetrieveRequest = {
  studies: [
    {
      studyInstanceUid: '1.2.3.1',
      series: [
        { seriesInstanceUid: '1.2.3.1.1', documents: [{ repositoryUniqueId: '1.9.9', documentUniqueId: '1.2.3.1.1.1' }, { repositoryUniqueId: '1.9.9', documentUniqueId: '1.2.3.1.1.2' }] },
        { seriesInstanceUid: '1.2.3.1.2', documents: [{ homeCommunityId: 'urn:oid:1.8.8', repositoryUniqueId: '1.9.9', documentUniqueId: '1.2.3.1.2.1' }] },
      ],
    },
  ],
  transferSyntaxUids: [TRANSFER_SYNTAX.explicitVrLittleEndian, TRANSFER_SYNTAX.implicitVrLittleEndian],
};

const xml = (r: ImagingRetrieveRequest): string => serializeXml(buildImagingRetrieveRequest(r));
function read(text: string): ImagingRetrieveRequest {
  return readImagingRetrieveRequest(parseXmlSafely(text));
}
function fault(text: string): SoapFaultError {
  try {
    read(text);
  } catch (err) {
    if (err instanceof SoapFaultError) return err;
    throw err;
  }
  throw new Error('no fault');
}

describe('RAD-69 request codec', () => {
  it('reads back what it builds', () => {
    expect(read(xml(request))).toEqual(request);
    expect(requestedInstances(request).map((i) => `${i.seriesInstanceUid}/${i.documentUniqueId}`)).toEqual(['1.2.3.1.1/1.2.3.1.1.1', '1.2.3.1.1/1.2.3.1.1.2', '1.2.3.1.2/1.2.3.1.2.1']);
  });

  it('answers a Sender fault for a missing TransferSyntaxUIDList', () => {
    const noList = xml(request).replace(/<xdsi:TransferSyntaxUIDList>.*<\/xdsi:TransferSyntaxUIDList>/, '');
    const f = fault(noList);
    expect(f.code).toBe('Sender');
    expect(f.reason).toMatch(/TransferSyntaxUIDList is missing/);
  });

  it.each([
    ['another body', '<a xmlns="urn:x"/>', /expected/],
    ['no StudyRequest', xml({ ...request, studies: [] }), /no StudyRequest/],
    ['a series without documents', xml({ ...request, studies: [{ studyInstanceUid: '1.2', series: [{ seriesInstanceUid: '1.2.1', documents: [] }] }] }), /has no DocumentRequest$/],
    ['DocumentRequest in the XDS.b namespace', xml(request).replace(/xdsi:DocumentRequest/g, 'xdsb:DocumentRequest'), /found DocumentRequest in the XDS.b namespace/],
    ['an empty DocumentUniqueId', xml(request).replace('>1.2.3.1.1.2<', '><'), /without DocumentUniqueId/],
    ['a study without its UID', xml(request).replace(' studyInstanceUID="1.2.3.1"', ''), /without studyInstanceUID/],
    ['an empty transfer syntax list', xml({ ...request, transferSyntaxUids: [] }), /TransferSyntaxUIDList is empty/],
  ])('refuses %s', (_name, text, reason) => {
    const f = fault(text);
    expect(f.code).toBe('Sender');
    expect(f.reason).toMatch(reason);
  });
});

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

// IHEXDSIB.xsd does not compile on its own in xmllint (its xds-b import is shadowed), so the body is
// checked inside a SOAP envelope against exchange.xsd, which imports it with the XDS.b schemas.
describeWithXmllint('the RAD-69 request validates against IHEXDSIB.xsd', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-rad69-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('valid as built; invalid without the TransferSyntaxUIDList (the schema check can fail)', async () => {
    const good = join(dir, 'good.xml');
    const bad = join(dir, 'bad.xml');
    const envelope = (body: ReturnType<typeof buildImagingRetrieveRequest>): string => buildEnvelope({ action: RAD69_ACTION, body, isRequest: true, to: 'http://localhost/ids' });
    await writeFile(good, envelope(buildImagingRetrieveRequest(request)));
    const noList = buildImagingRetrieveRequest(request);
    await writeFile(bad, envelope({ ...noList, children: noList.children!.slice(0, -1) }));
    const schema = EXCHANGE_SCHEMA;
    expect(await xmllint(schema, [good])).toEqual({ problems: [], exitCode: 0 });
    const failing = await xmllint(schema, [bad]);
    expect(failing.exitCode).not.toBe(0);
    expect(failing.problems.join('\n')).toMatch(/TransferSyntaxUIDList|Missing child element/);
  });
});
