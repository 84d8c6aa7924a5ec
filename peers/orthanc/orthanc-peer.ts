import { freePort } from '../free-port.ts';
import { buildOrthancConfig, type OrthancModality } from './orthanc-config.ts';
import { launchContainer } from './container-launcher.ts';
import { launchProcess } from './process-launcher.ts';

export type OrthancLauncher = 'process' | 'container';

/** A running Orthanc that interop tests use as a reference archive (Storage/Q/R SCP, DICOMweb). */
export interface OrthancPeer {
  readonly aeTitle: string;
  readonly dicomHost: '127.0.0.1';
  readonly dicomPort: number;
  readonly httpPort: number;
  /** `http://127.0.0.1:<httpPort>`, without a trailing slash. */
  readonly restUrl: string;
  readonly launcher: OrthancLauncher;
  /** Host pid (process) or container id (container), so a test can prove stop() left nothing. */
  readonly runtimeId: string;
  /** Idempotent; resolves once the process has exited or the container is removed. */
  stop(): Promise<void>;
  /** Orthanc's output so far, for failure messages. */
  logs(): string;
}

export interface StartOrthancOptions {
  readonly launcher: OrthancLauncher;
  readonly aeTitle?: string;
  /** Remote AEs Orthanc may send to (C-MOVE destinations, /modalities/{name}/store). */
  readonly modalities?: Readonly<Record<string, OrthancModality>>;
  readonly dicomWeb?: boolean;
  /** Host directory for Orthanc's files; a temporary one, removed on stop, when absent. */
  readonly storageDir?: string;
  readonly startupTimeoutMs?: number;
}

/** What a launcher needs: ports are chosen and the config is built before it runs. */
export interface LaunchRequest {
  readonly aeTitle: string;
  readonly dicomPort: number;
  readonly httpPort: number;
  readonly storageDir?: string;
  readonly startupTimeoutMs: number;
  /** The config for a given storage path as the Orthanc process sees it. */
  config(storageDir: string): Record<string, unknown>;
}

export type LaunchedOrthanc = Pick<OrthancPeer, 'runtimeId' | 'stop' | 'logs'>;

export const DEFAULT_ORTHANC_AET = 'IXH-ORTHANC';

export async function startOrthanc(options: StartOrthancOptions): Promise<OrthancPeer> {
  const aeTitle = options.aeTitle ?? DEFAULT_ORTHANC_AET;
  const dicomPort = await freePort();
  let httpPort = await freePort();
  // Both probes release their port before Orthanc binds, so the second may return the first.
  while (httpPort === dicomPort) httpPort = await freePort();
  const request: LaunchRequest = {
    aeTitle,
    dicomPort,
    httpPort,
    storageDir: options.storageDir,
    startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    config: (storageDir) =>
      buildOrthancConfig({ aeTitle, dicomPort, httpPort, storageDir, modalities: options.modalities, dicomWeb: options.dicomWeb }),
  };
  const launched = options.launcher === 'process' ? await launchProcess(request) : await launchContainer(request);
  return {
    aeTitle,
    dicomHost: '127.0.0.1',
    dicomPort,
    httpPort,
    restUrl: `http://127.0.0.1:${httpPort}`,
    launcher: options.launcher,
    runtimeId: launched.runtimeId,
    stop: launched.stop,
    logs: launched.logs,
  };
}
