import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { echoscu, storescu } from '../../peers/dcmtk/tools.ts';
import { waitForPort } from '../../peers/dcmtk/wait-for-port.ts';
import { ORTHANC_IMAGE } from '../../peers/orthanc/container-launcher.ts';
import { orthancRest, type OrthancRest } from '../../peers/orthanc/orthanc-rest.ts';
import { startOrthanc, type OrthancLauncher, type OrthancPeer } from '../../peers/orthanc/orthanc-peer.ts';
import { ORTHANC_BINARY } from '../../peers/orthanc/process-launcher.ts';
import { runTool } from '../../peers/run-tool.ts';
import { writeTinyDicom } from '../../peers/testing/tiny-dicom.ts';
import { allOf, hasBinary, hasDockerImage, peerDescribe, type Availability } from './require-peer.ts';

const hasDcmtkScus = allOf(() => hasBinary('echoscu'), () => hasBinary('storescu'));
const requirements: Record<OrthancLauncher, Availability> = {
  process: allOf(hasDcmtkScus, () => hasBinary(ORTHANC_BINARY)),
  container: allOf(hasDcmtkScus, () => hasDockerImage(ORTHANC_IMAGE)),
};

for (const launcher of ['process', 'container'] as const) {
  const describePeer = await peerDescribe(`orthanc-${launcher}`, requirements[launcher]);

  describePeer(`Orthanc peer, ${launcher} launcher`, () => {
    let dir: string;
    let peer: OrthancPeer;
    let rest: OrthancRest;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), `ixh-orthanc-${launcher}-test-`));
      peer = await startOrthanc({
        launcher,
        aeTitle: 'IXH-ORTHANC',
        dicomWeb: true,
        modalities: { archive: { aet: 'IXH-ARCHIVE', host: '127.0.0.1', port: 11112 } },
      });
      rest = orthancRest(peer.restUrl);
    });
    afterAll(async () => {
      await peer?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('serves the generated config: AE title, ports, modalities', async () => {
      const system = await rest.system();
      expect(system).toMatchObject({ DicomAet: 'IXH-ORTHANC', DicomPort: peer.dicomPort, HttpPort: peer.httpPort });
      expect(await rest.request('GET', '/modalities')).toEqual(['archive']);
      expect(peer.launcher).toBe(launcher);
    });

    it('answers C-ECHO on its DICOM port', async () => {
      const echo = await echoscu(peer.dicomHost, peer.dicomPort, peer.aeTitle);
      expect(echo.code, `${echo.stderr}\n${peer.logs()}`).toBe(0);
    });

    it('stores and indexes an instance sent with DCMTK storescu', async () => {
      const file = join(dir, 'tiny.dcm');
      const ids = await writeTinyDicom(file, { PatientID: `PAT-${launcher}`, PatientName: 'IXH^LAUNCHER' });
      const stored = await storescu(peer.dicomHost, peer.dicomPort, peer.aeTitle, [file]);
      expect(stored.code, `${stored.stderr}\n${peer.logs()}`).toBe(0);

      expect(await rest.statistics()).toMatchObject({ CountPatients: 1, CountStudies: 1, CountSeries: 1, CountInstances: 1 });
      const study = await rest.findStudy(ids.StudyInstanceUID);
      expect(study?.MainDicomTags.StudyInstanceUID).toBe(ids.StudyInstanceUID);
      const [instance] = await rest.lookup(ids.SOPInstanceUID);
      expect(instance?.Type).toBe('Instance');
      const tags = await rest.instanceTags(instance!.ID);
      expect(tags).toMatchObject({
        PatientID: `PAT-${launcher}`,
        PatientName: 'IXH^LAUNCHER',
        StudyInstanceUID: ids.StudyInstanceUID,
        SeriesInstanceUID: ids.SeriesInstanceUID,
        SOPInstanceUID: ids.SOPInstanceUID,
        SOPClassUID: ids.SOPClassUID,
      });
    });

    it('answers QIDO-RS through the DICOMweb plugin', async () => {
      const response = await fetch(`${peer.restUrl}/dicom-web/studies?PatientID=PAT-${launcher}`, { headers: { accept: 'application/dicom+json' } });
      expect(response.status).toBe(200);
      const studies = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
      expect(studies).toHaveLength(1);
      expect(studies[0]?.['00100020']?.Value).toEqual([`PAT-${launcher}`]);
    });

    it('deleteAll() empties the archive', async () => {
      await rest.deleteAll();
      expect(await rest.statistics()).toMatchObject({ CountPatients: 0, CountInstances: 0 });
    });

    it('stop() leaves no process or container and frees both ports', async () => {
      await peer.stop();
      if (launcher === 'process') {
        expect(() => process.kill(Number(peer.runtimeId), 0)).toThrow(/ESRCH/);
      } else {
        const listed = await runTool('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${peer.runtimeId}`]);
        expect(listed.code).toBe(0);
        expect(listed.stdout.trim()).toBe('');
      }
      await expect(waitForPort(peer.dicomPort, { timeoutMs: 200 })).rejects.toThrow(/nothing listens/);
      await expect(waitForPort(peer.httpPort, { timeoutMs: 200 })).rejects.toThrow(/nothing listens/);
      await peer.stop(); // idempotent: afterAll calls it again
    });
  });
}
