import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { ORTHANC_STARTED } from './orthanc-config.ts';
import type { LaunchedOrthanc, LaunchRequest } from './orthanc-peer.ts';

/** Built by peers/images/build-orthanc-image.sh; keep the two in step. */
export const ORTHANC_IMAGE = process.env.IXH_ORTHANC_IMAGE ?? 'local/orthanc-dcmtk:bookworm';

const CONFIG_PATH = '/etc/ixh/orthanc.json';
const STORAGE_PATH = '/var/lib/ixh-orthanc';

/**
 * Without these, testcontainers tries to pull the Ryuk reaper (no registry here) and to probe the
 * bridge gateway (no bridge network here); see shared/peers/docker.md. Values set by the caller win.
 */
export function prepareTestcontainersEnv(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
}

/**
 * Runs Orthanc in the local image with host networking, so it listens on the same 127.0.0.1
 * ports as the process launcher would. Storage lives in the container (gone with it) unless a
 * host storageDir is given, which is then bind-mounted.
 */
export async function launchContainer(request: LaunchRequest): Promise<LaunchedOrthanc> {
  prepareTestcontainersEnv();
  let logs = '';
  let container = new GenericContainer(ORTHANC_IMAGE)
    .withNetworkMode('host')
    .withCopyContentToContainer([{ content: JSON.stringify(request.config(STORAGE_PATH), null, 2), target: CONFIG_PATH }])
    .withCommand(['/usr/sbin/Orthanc', CONFIG_PATH])
    .withEnvironment({ TCP_NODELAY: '1' })
    .withLabels({ 'ixh.peer': 'orthanc', 'ixh.aet': request.aeTitle })
    .withLogConsumer((stream) => stream.on('data', (chunk: Buffer | string) => (logs += chunk.toString())))
    .withWaitStrategy(Wait.forLogMessage(ORTHANC_STARTED))
    .withStartupTimeout(request.startupTimeoutMs);
  if (request.storageDir !== undefined) {
    container = container.withBindMounts([{ source: request.storageDir, target: STORAGE_PATH, mode: 'rw' }]);
  }
  let started: StartedTestContainer;
  try {
    // testcontainers removes the container itself when the wait strategy fails.
    started = await container.start();
  } catch (err) {
    throw new Error(`Orthanc container (${ORTHANC_IMAGE}) did not start: ${(err as Error).message}\n${logs}`, { cause: err });
  }
  let stopping: Promise<void> | undefined;
  return {
    runtimeId: started.getId(),
    // Memoised: a second stop() must not ask Docker to remove an already removed container.
    stop: () => (stopping ??= started.stop({ timeout: 5_000, remove: true }).then(() => undefined)),
    logs: () => logs,
  };
}
