import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { allOf, hasBinary, peerDescribe } from '../../test/interop/require-peer.ts';
import { writeTinyDicom } from '../testing/tiny-dicom.ts';
import { startStorescp, type RunningStorescp } from './storescp.ts';
import { dcmdumpTags, echoscu, storescu } from './tools.ts';
import { waitForPort } from './wait-for-port.ts';

const describeDcmtk = await peerDescribe('dcmtk', allOf(() => hasBinary('storescp'), () => hasBinary('storescu'), () => hasBinary('dcmdump')));

describeDcmtk('startStorescp', () => {
  let dir: string;
  let scp: RunningStorescp | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-storescp-test-'));
  });
  afterEach(async () => {
    await scp?.stop();
    scp = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers C-ECHO on its own AE title', async () => {
    scp = await startStorescp({ aeTitle: 'IXH-SCP', outDir: join(dir, 'in') });
    const echo = await echoscu('127.0.0.1', scp.port, 'IXH-SCP');
    expect(echo.code, echo.stderr).toBe(0);
  });

  it('writes a stored object to outDir under its SOP Instance UID', async () => {
    scp = await startStorescp({ aeTitle: 'IXH-SCP', outDir: join(dir, 'in') });
    const ids = await writeTinyDicom(join(dir, 'tiny.dcm'), { PatientID: 'STORESCP-1' });
    const stored = await storescu('127.0.0.1', scp.port, 'IXH-SCP', [join(dir, 'tiny.dcm')]);
    expect(stored.code, `${stored.stderr}\n${scp.output()}`).toBe(0);

    const files = await readdir(scp.outDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(ids.SOPInstanceUID);
    const tags = await dcmdumpTags(join(scp.outDir, files[0]!));
    expect(tags.get('PatientID')?.value).toBe('STORESCP-1');
    expect(tags.get('SOPInstanceUID')?.value).toBe(ids.SOPInstanceUID);
  });

  it('stop() ends storescp so its port is closed again', async () => {
    scp = await startStorescp({ aeTitle: 'IXH-SCP', outDir: join(dir, 'in') });
    const { port } = scp;
    await scp.stop();
    await expect(waitForPort(port, { timeoutMs: 200 })).rejects.toThrow(/nothing listens/);
  });

  it('fails to start, with storescp output, when its arguments are wrong', async () => {
    await expect(startStorescp({ aeTitle: 'IXH-SCP', outDir: join(dir, 'in'), extraArgs: ['--no-such-option'] })).rejects.toThrow(
      /storescp .*exited/s,
    );
  });
});
