import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTool } from '../run-tool.ts';
import { ORTHANC_STARTED } from './orthanc-config.ts';
import type { LaunchedOrthanc, LaunchRequest } from './orthanc-peer.ts';

export const ORTHANC_BINARY = process.env.IXH_ORTHANC_BINARY ?? '/usr/sbin/Orthanc';

/** Runs Orthanc as a child process of the test, with its config and (by default) storage in a temp dir. */
export async function launchProcess(request: LaunchRequest): Promise<LaunchedOrthanc> {
  const workDir = await mkdtemp(join(tmpdir(), 'ixh-orthanc-'));
  const configPath = join(workDir, 'orthanc.json');
  await writeFile(configPath, JSON.stringify(request.config(request.storageDir ?? join(workDir, 'storage')), null, 2));
  // startTool adds TCP_NODELAY=1 to the environment.
  const tool = startTool(ORTHANC_BINARY, [configPath], { cwd: workDir });
  const cleanUp = async (): Promise<void> => {
    await tool.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await tool.waitFor(ORTHANC_STARTED, request.startupTimeoutMs);
  } catch (err) {
    await cleanUp();
    throw err;
  }
  return { runtimeId: String(tool.child.pid), stop: cleanUp, logs: tool.output };
}
