/**
 * Schema proof: every SOAP message the registry and repository exchange in a full
 * provide / register / query / retrieve run (errors included) validates against the official
 * schemas (SOAP 1.2, ebRS 3.0, IHE XDS.b) with xmllint. The schemas are read from
 * ../shared/schemas beside the repository, never copied into it.
 *
 * MTOM root parts carry `xop:Include` where the schema expects base64Binary; XOP defines the
 * message's infoset as the one with the part's bytes in place of the Include, so each Include is
 * replaced by base64 text before validation (the binary parts are checked byte for byte elsewhere).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';
import { hasBinary, peerDescribe } from '../../test/interop/require-peer.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { createRegistryService } from './registry-service.ts';
import { list, PATIENT, provideRequest, REPOSITORY_ID, retrieveRequest, storedQuery, submission, submitObjectsRequest } from './test-submission.ts';
import { Action, Status, StoredQuery } from './xds-constants.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA = resolve(ROOT, '../shared/schemas/exchange.xsd');
const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', async () => existsSync(SCHEMA) && (await hasBinary('xmllint')));

describeWithXmllint('XDS.b messages validate against the official schemas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-xds-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every request and response of a full run, errors included', async () => {
    const evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
    const app = await buildHttpApp({ evidence, registry: createRegistryService({ knownPatients: [PATIENT] }), repository: { repositoryUniqueId: REPOSITORY_ID, homeCommunityId: 'urn:oid:1.3.6.1.4.1.21367.13.70.1' } });
    try {
      const kos = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0, 1, 2, 255])]);
      const report = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
      const docs = [
        { id: 'Kos01', uniqueId: '2.25.501', kind: 'kos' as const, modality: 'CT', region: { code: '818981001', meaning: 'Abdomen' } },
        { id: 'Report01', uniqueId: '2.25.502', kind: 'report' as const },
      ];
      const parts = [
        { contentId: 'kos@ixh', contentType: 'application/dicom', body: kos },
        { contentId: 'report@ixh', contentType: 'text/xml', body: report },
      ];
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs }), [{ id: 'Kos01', cid: 'kos@ixh' }, { id: 'Report01', cid: 'report@ixh' }]), { attachments: parts });
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs: [{ ...docs[0]!, uniqueId: '2.25.503' }] }), []), {}); // XDSMissingDocument
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(submission({ docs: [{ ...docs[1]!, uniqueId: '2.25.504', hash: 'a'.repeat(40), size: 1, repositoryUniqueId: REPOSITORY_ID }] })));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(submission({ docs: [{ ...docs[1]!, uniqueId: '2.25.505', omit: ['creationTime'] }] }))); // metadata error
      const base = { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) };
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryCreationTimeFrom: '2024' }, 'LeafClass'));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, base, 'ObjectRef'));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list('2.25.501') }));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.getSubmissionSets, { $uuid: list('urn:uuid:00000000-0000-0000-0000-000000000001') }));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryStatus: list(Status.approved) })); // missing param
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.501' }, { repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.502' }]));
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.501' }, { repositoryUniqueId: '1.2.3', documentUniqueId: '2.25.404' }]));
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.999' }])); // Failure
    } finally {
      await app.close();
    }
    await evidence.close();

    const xmlEntries = evidence.entries().filter((e) => e.file.endsWith('.xml') && e.transaction !== 'harness-error');
    const transactions = new Set(xmlEntries.map((e) => `${e.transaction} ${e.direction}`));
    for (const t of ['ITI-41', 'ITI-42', 'ITI-18', 'ITI-43']) for (const d of ['request', 'response']) expect(transactions).toContain(`${t} ${d}`);
    const files: string[] = [];
    for (const entry of xmlEntries) {
      const text = Buffer.from(await evidence.read(entry)).toString('utf8');
      if (!text.includes('Envelope')) continue; // MTOM parts that happen to be XML documents (the CDA report)
      const file = join(dir, `check-${entry.file}`);
      await writeFile(file, xopInfoset(text));
      files.push(file);
    }
    expect(files.length).toBeGreaterThanOrEqual(20);
    const result = await runTool('xmllint', ['--noout', '--schema', SCHEMA, ...files], { timeoutMs: 120_000 });
    const problems = result.stderr.split('\n').filter((l) => l && !l.includes('Schemas parser warning') && !l.endsWith(' validates'));
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
  });
});

/** Replaces every xop:Include (any prefix bound to the XOP namespace) by base64 text. */
function xopInfoset(xml: string): string {
  return xml.replace(/<([A-Za-z_][\w.-]*):Include\b[^>]*\/>/g, (whole, prefix: string) => (xml.includes(`xmlns:${prefix}="http://www.w3.org/2004/08/xop/include"`) ? 'AAECAw==' : whole));
}

