import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasDockerImage, peerDescribe } from '../../test/interop/require-peer.ts';
import { ORTHANC_IMAGE, prepareTestcontainersEnv } from './container-launcher.ts';
import { startOrthanc } from './orthanc-peer.ts';

describe('prepareTestcontainersEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('disables Ryuk and pins the host to loopback when unset', () => {
    delete process.env.TESTCONTAINERS_RYUK_DISABLED;
    delete process.env.TESTCONTAINERS_HOST_OVERRIDE;
    prepareTestcontainersEnv();
    expect(process.env).toMatchObject({ TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' });
  });

  it('keeps values the caller set', () => {
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'false';
    prepareTestcontainersEnv();
    expect(process.env.TESTCONTAINERS_RYUK_DISABLED).toBe('false');
  });
});

const describeImage = await peerDescribe('orthanc-image', () => hasDockerImage(ORTHANC_IMAGE));

// The happy path is in test/interop/orthanc-launchers.test.ts; this pins the storage bind mount.
describeImage('container launcher', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-orthanc-container-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps Orthanc storage in a given host storageDir through a bind mount', async () => {
    const peer = await startOrthanc({ launcher: 'container', storageDir: dir });
    await peer.stop();
    expect(await readdir(dir)).toContain('index');
  });
});
