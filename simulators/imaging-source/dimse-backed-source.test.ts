import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../peers/free-port.ts';
import { readDatasetBytes } from '../dimse/part10.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { createPacs, type Pacs } from '../pacs/pacs.ts';
import { ErrorCode } from '../registry/xds-constants.ts';
import { dimseBackend, heldInstances, worldHeldBy, type DimsePacsAddress } from './dimse-backed-source.ts';
import { TRANSFER_SYNTAX, type ImagingRetrieveRequest } from './rad69-messages.ts';
import { answerImagingRetrieve } from './rad69-retrieve.ts';
import { openTestPacs, type TestPacs } from './test-pacs.ts';

const REPO = '1.2.3.4.5';
let fixtures: TestPacs;
let pacs: Pacs;
let stateDir: string;
let address: DimsePacsAddress;

beforeAll(async () => {
  fixtures = await openTestPacs();
  stateDir = await mkdtemp(join(tmpdir(), 'ixh-dimse-source-'));
  pacs = createPacs({ aeTitle: 'NL_PACS', port: 0, storageDir: stateDir, importDirs: [fixtures.dir] }, createEvidenceRecorder());
  await pacs.start();
  address = { host: '127.0.0.1', port: pacs.address.port, aeTitle: 'NL_PACS', callingAeTitle: 'IXH_NL_IMGSRC', timeoutMs: 5_000 };
});
afterAll(async () => {
  await pacs?.stop();
  await fixtures?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const wholeStudy = (): ImagingRetrieveRequest => ({
  studies: [{
    studyInstanceUid: fixtures.ws.study.studyInstanceUid,
    series: fixtures.ws.study.series.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, documents: s.instances.map((i) => ({ repositoryUniqueId: REPO, documentUniqueId: i.sopInstanceUid })) })),
  }],
  transferSyntaxUids: [TRANSFER_SYNTAX.explicitVrLittleEndian],
});
const allUids = (): string[] => fixtures.ws.study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid));

describe('dimseBackend (RAD-69 by C-GET)', () => {
  it('serves every instance of a multi-series study from the PACS, data set byte for byte', async () => {
    const answer = await answerImagingRetrieve(wholeStudy(), { backend: dimseBackend(address), repositoryUniqueId: REPO });
    expect(answer.errors).toEqual([]);
    expect(answer.status).toBe('Success');
    expect(answer.attachments).toHaveLength(allUids().length);
    expect(fixtures.ws.study.series.length).toBeGreaterThan(1);
    for (const uid of allUids()) {
      const dataset = await readDatasetBytes(fixtures.index.fileOf(uid)!.path);
      const served = answer.attachments.find((a) => Buffer.from(a.body).includes(Buffer.from(uid)));
      expect(served, uid).toBeDefined();
      expect(Buffer.from(served!.body).subarray(-dataset.length).equals(dataset), uid).toBe(true);
      expect(Buffer.from(served!.body).subarray(128, 132).toString('latin1')).toBe('DICM');
    }
  });

  it('reports an instance the PACS does not send as XDSDocumentUniqueIdError, and serves the rest', async () => {
    const request = wholeStudy();
    const series = request.studies[0]!.series[0]!;
    const withMissing: ImagingRetrieveRequest = { ...request, studies: [{ ...request.studies[0]!, series: [{ ...series, documents: [...series.documents, { repositoryUniqueId: REPO, documentUniqueId: '1.2.3.999' }] }] }] };
    const answer = await answerImagingRetrieve(withMissing, { backend: dimseBackend(address), repositoryUniqueId: REPO });
    expect(answer.status).toBe('PartialSuccess');
    expect(answer.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.documentUniqueIdError, location: '1.2.3.999', codeContext: expect.stringMatching(/no instance 1\.2\.3\.999/) })]);
    expect(answer.attachments).toHaveLength(series.documents.length);
  });

  it('gives XDSRepositoryError per instance when the PACS cannot be reached, without throwing', async () => {
    const closed = { ...address, port: await freePort() };
    const answer = await answerImagingRetrieve(wholeStudy(), { backend: dimseBackend(closed), repositoryUniqueId: REPO });
    expect(answer.status).toBe('Failure');
    expect(answer.errors).toHaveLength(allUids().length);
    expect(answer.errors[0]).toMatchObject({ errorCode: ErrorCode.repositoryError, codeContext: expect.stringMatching(/cannot be reached/) });
  });
});

describe('heldInstances and worldHeldBy (RAD-68 from what the PACS holds)', () => {
  it('enumerates the patient studies by C-FIND, instance for instance', async () => {
    const held = await heldInstances(address, [fixtures.ws.patient.id]);
    expect([...held.keys()]).toEqual([fixtures.ws.study.studyInstanceUid]);
    expect([...held.get(fixtures.ws.study.studyInstanceUid)!].sort()).toEqual(allUids().sort());
    expect(await heldInstances(address, ['NOBODY'])).toEqual(new Map());
  });

  it('keeps in the world only what the PACS holds, and names studies the fixtures do not know', () => {
    const study = fixtures.ws.study.studyInstanceUid;
    const [dropped, ...kept] = allUids();
    const cut = worldHeldBy(fixtures.world, 'NL', new Map([[study, new Set(kept)], ['1.2.3.777', new Set(['1.2.3.777.1'])]]));
    const uids = cut.world.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((x) => x.instances.map((i) => i.sopInstanceUid))));
    expect(uids.sort()).toEqual([...kept].sort());
    expect(uids).not.toContain(dropped);
    expect(cut.unknownStudies).toEqual(['1.2.3.777']);
    expect(worldHeldBy(fixtures.world, 'NL', new Map()).world.patients.flatMap((p) => p.studies)).toEqual([]);
  });
});
