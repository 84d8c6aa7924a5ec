import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hasBinary, peerDescribe } from '../../test/interop/require-peer.ts';
import { startOrthanc } from './orthanc-peer.ts';
import { ORTHANC_BINARY } from './process-launcher.ts';

const describeOrthanc = await peerDescribe('orthanc', () => hasBinary(ORTHANC_BINARY));

// The happy path is in test/interop/orthanc-launchers.test.ts; this pins storage and failure handling.
describeOrthanc('process launcher', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-orthanc-process-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps Orthanc storage in a given storageDir, and leaves it there after stop', async () => {
    const peer = await startOrthanc({ launcher: 'process', storageDir: join(dir, 'db') });
    await peer.stop();
    expect(await readdir(join(dir, 'db'))).toContain('index');
  });

  it('rejects with Orthanc output when Orthanc cannot start', async () => {
    await writeFile(join(dir, 'not-a-dir'), '');
    await expect(startOrthanc({ launcher: 'process', storageDir: join(dir, 'not-a-dir') })).rejects.toThrow(/Orthanc exited before printing/);
  });
});
