/**
 * A SUT PACS behind the simulated imaging source (docs/worlds.md): NL's PACS is given as `sut:`
 * (here a PACS simulator started outside the world, holding one ms-follow-up study of the ~10 the
 * fixtures list). The world publishes a manifest for what the PACS answers to C-FIND only, and
 * RAD-69 fetches the images from it by C-GET; CZ's NCP-B gets them all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../peers/free-port.ts';
import { imagingRequestFromKos, documentRef, ncpBClient } from '../consumer/ncp-b-client.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { openTestPacs, type TestPacs } from '../imaging-source/test-pacs.ts';
import { createPacs, type Pacs } from '../pacs/pacs.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningWorld } from './start-world.ts';

const BSN = '2.16.840.1.113883.2.4.6.3';
let dir: string;
let fixtures: TestPacs;
let sut: Pacs;
let evidence: EvidenceSink;
let world: RunningWorld | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-sut-pacs-world-'));
  fixtures = await openTestPacs();
  sut = createPacs({ aeTitle: 'NL_SUT_PACS', port: 0, storageDir: join(dir, 'sut'), importDirs: [fixtures.dir] }, createEvidenceRecorder());
  await sut.start();
  evidence = createEvidenceRecorder();
  const file = `
name: sut-pacs
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    ncpInitiating: false
    pacs:
      sut: { host: 127.0.0.1, port: ${sut.address.port}, aeTitle: NL_SUT_PACS }
`;
  world = await startWorld(parseWorld(file, 'sut-pacs.yaml'), { evidence, stateDir: join(dir, 'state'), pkiDir: join(dir, 'pki'), timeoutMs: 10_000 });
}, 120_000);

afterAll(async () => {
  await world?.stop();
  await sut?.stop();
  await fixtures?.close();
  await evidence?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('publishes only what the SUT PACS holds and serves its images by C-GET through NCP-A', async () => {
  const nl = world!.countries.get('NL')!;
  const cz = world!.countries.get('CZ')!;
  expect(nl.pacs).toBeUndefined();
  expect(nl.published).toEqual({ studies: 1, failed: 0, failures: [] });
  expect(world!.fixtures.patients.find((p) => p.key === 'ms-follow-up')!.studies.length).toBeGreaterThan(1);

  const client = ncpBClient({ url: cz.url('ncpInitiating')!, timeoutMs: 30_000 });
  const listed = await client.findDocuments(`${fixtures.ws.patient.id}^^^&${BSN}&ISO`, nl.config.homeCommunityId);
  const manifests = listed.entries.filter((e) => e.mimeType === 'application/dicom');
  expect(manifests).toHaveLength(1);
  const kos = await client.retrieveDocuments([documentRef(manifests[0]!)]);
  const request = imagingRequestFromKos(kos.documents[0]!.bytes, nl.config.homeCommunityId);
  expect(request.studies.map((s) => s.studyInstanceUid)).toEqual([fixtures.ws.study.studyInstanceUid]);
  const images = await client.retrieveImages(request);
  expect(images.status).toBe('Success');
  expect(images.documents).toHaveLength(fixtures.files);
  await cz.ncpB!.whenIdle();
}, 60_000);

it('starts, with one publication failure naming the PACS, when the SUT PACS cannot be queried', async () => {
  const port = await freePort();
  const file = `
name: sut-pacs-down
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    ncpInitiating: false
    pacs:
      sut: { host: 127.0.0.1, port: ${port}, aeTitle: NL_DOWN }
`;
  const down = await startWorld(parseWorld(file, 'sut-pacs-down.yaml'), { evidence, stateDir: join(dir, 'state-down'), pkiDir: join(dir, 'pki'), timeoutMs: 5_000 });
  try {
    expect(down.countries.get('NL')!.published).toEqual({ studies: 0, failed: 1, failures: [expect.stringMatching(new RegExp(`NL_DOWN@127\\.0\\.0\\.1:${port} cannot be queried`))] });
  } finally {
    await down.stop();
  }
}, 60_000);
