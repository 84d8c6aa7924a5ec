/**
 * Interop: GEN-05 proven against a real PACS. Country B's local PACS is Orthanc (a system under
 * test in the world file); CZ's simulated NCP-B retrieves an NL study across the border (XCA for
 * the manifest, XCA-I for the images) and imports it into Orthanc with C-STORE. Orthanc's REST API
 * then shows the study, and every instance it stored has the attributes and pixels the NL PACS holds.
 *
 *   consumer ─▶ CZ NCP-B ─(eHDSI, XCA/XCA-I)─▶ NL NCP-A ─▶ NL XDS / imaging source / PACS
 *                  └──C-STORE──▶ Orthanc (CZ's PACS)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orthancRest, type OrthancRest } from '../../peers/orthanc/orthanc-rest.ts';
import { startOrthanc, type OrthancPeer } from '../../peers/orthanc/orthanc-peer.ts';
import { ORTHANC_BINARY } from '../../peers/orthanc/process-launcher.ts';
import { documentRef, imagingRequestFromKos, ncpBClient } from '../../simulators/consumer/ncp-b-client.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { parseWorld } from '../../simulators/world/load-world.ts';
import { startWorld, type RunningWorld } from '../../simulators/world/start-world.ts';
import { hasBinary, peerDescribe } from './require-peer.ts';
import { changedElements, pixelBytes, readDicomFile } from './support/dicom-file.ts';

const describeWithOrthanc = await peerDescribe('orthanc-process', () => hasBinary(ORTHANC_BINARY));
const BSN = '2.16.840.1.113883.2.4.6.3';

describeWithOrthanc('a world whose treating country imports into a real Orthanc', () => {
  let dir: string;
  let orthanc: OrthancPeer | undefined;
  let rest: OrthancRest;
  let world: RunningWorld | undefined;
  let evidence: EvidenceSink;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-world-orthanc-'));
    orthanc = await startOrthanc({ launcher: 'process', aeTitle: 'CZ_ORTHANC' });
    rest = orthancRest(orthanc.restUrl);
    evidence = createEvidenceRecorder();
    const file = `
name: orthanc-import
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    imagingSource: false
    pacs:
      sut: { host: 127.0.0.1, port: ${orthanc.dicomPort}, aeTitle: CZ_ORTHANC }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
    ncpInitiating: false
`;
    world = await startWorld(parseWorld(file, 'orthanc-import.yaml'), { evidence, stateDir: join(dir, 'state'), pkiDir: join(dir, 'pki'), timeoutMs: 10_000 });
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
    await orthanc?.stop();
    await evidence?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('retrieves the latest NL MR study through NCP-B and finds it, instance for instance, in Orthanc', async () => {
    const cz = world!.countries.get('CZ')!;
    const nl = world!.countries.get('NL')!;
    const ms = world!.fixtures.patients.find((p) => p.key === 'ms-follow-up')!;
    const client = ncpBClient({ url: cz.url('ncpInitiating')!, timeoutMs: 60_000 });

    const listed = await client.findDocuments(`${ms.nationalId}^^^&${BSN}&ISO`, nl.config.homeCommunityId);
    expect(listed.status).toBe('Success');
    const manifest = listed.entries.filter((e) => e.mimeType === 'application/dicom').sort((a, b) => (b.slots.find((s) => s.name === 'creationTime')?.values[0] ?? '').localeCompare(a.slots.find((s) => s.name === 'creationTime')?.values[0] ?? ''))[0]!;
    const kos = await client.retrieveDocuments([documentRef(manifest)]);
    const request = imagingRequestFromKos(kos.documents[0]!.bytes, nl.config.homeCommunityId);
    const images = await client.retrieveImages(request);
    expect(images.status).toBe('Success');
    await cz.ncpB!.whenIdle();

    const notice = cz.ncpB!.arrivals.list()[0]!;
    expect(notice.state, JSON.stringify(notice.failures)).toBe('imported');
    expect(notice.counts.imagesStored).toBe(images.documents.length);

    const studyUid = request.studies[0]!.studyInstanceUid;
    const study = await rest.findStudy(studyUid);
    expect(study, `Orthanc has no study ${studyUid}`).toBeDefined();
    const stored = new Map<string, string>();
    for (const id of await rest.instances()) stored.set(String((await rest.instanceTags(id))['SOPInstanceUID']), id);
    // The images, and the manifest NCP-B retrieved first (it imports every DICOM document it fetches).
    expect(stored.size).toBe(images.documents.length + 1);
    expect(stored.has(kos.documents[0]!.documentUniqueId)).toBe(true);
    for (const d of images.documents) {
      const orthancId = stored.get(d.documentUniqueId);
      expect(orthancId, d.documentUniqueId).toBeDefined();
      // Orthanc re-encodes on storage (its own File Meta, sequences with defined lengths), so the
      // data sets are compared element by element, pixels byte for byte.
      const orthancFile = join(dir, `${d.documentUniqueId}.dcm`);
      await writeFile(orthancFile, Buffer.from(await (await fetch(`${orthanc!.restUrl}/instances/${orthancId}/file`)).arrayBuffer()));
      const fromOrthanc = await readDicomFile(orthancFile);
      const original = await readDicomFile(nl.pacs!.index.fileOf(d.documentUniqueId)!.path);
      expect(changedElements(fromOrthanc.ds, original.ds), d.documentUniqueId).toEqual([]);
      expect(pixelBytes(fromOrthanc.ds).equals(pixelBytes(original.ds)), d.documentUniqueId).toBe(true);
    }
  }, 120_000);
});
