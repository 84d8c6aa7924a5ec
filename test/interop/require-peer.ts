import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';
import { runTool } from '../../peers/run-tool.ts';

/**
 * Interop tests need third-party peers (DCMTK, Orthanc, a Docker engine and image). A developer
 * without one should see the suite skipped, but in CI a missing peer is a broken harness and must
 * fail loudly, never pass as "skipped" (STYLE: error is not skip).
 *
 *   const describePeer = await peerDescribe('orthanc', () => hasBinary('/usr/sbin/Orthanc'));
 *   describePeer('Orthanc launcher', () => { … });
 */
export type Availability = boolean | (() => boolean | Promise<boolean>);

export type PeerMode = 'run' | 'skip' | 'fail';

/** Whatever vitest's describe accepts; narrowed so that skipped and failing forms can stand in. */
export type PeerDescribe = (title: string, factory: () => void | Promise<void>) => void;

export interface PeerRequirement {
  readonly name: string;
  readonly mode: PeerMode;
  /** Why the peer counts as missing, '' when present. */
  readonly reason: string;
  readonly describe: PeerDescribe;
}

/** CI=false or CI=0 (some runners set these locally) do not count as CI. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function peerMode(available: boolean, ci: boolean): PeerMode {
  if (available) return 'run';
  return ci ? 'fail' : 'skip';
}

export async function requirePeer(name: string, available: Availability, env: NodeJS.ProcessEnv = process.env): Promise<PeerRequirement> {
  let present: boolean;
  let reason = '';
  try {
    present = typeof available === 'function' ? await available() : available;
    if (!present) reason = `peer "${name}" is not available on this machine`;
  } catch (err) {
    // A check that throws is as good as "missing", but keep why for the failure message.
    present = false;
    reason = `checking peer "${name}" failed: ${(err as Error).message}`;
  }
  const mode = peerMode(present, isCi(env));
  return { name, mode, reason, describe: describeFor(mode, name, reason) };
}

export async function peerDescribe(name: string, available: Availability): Promise<PeerDescribe> {
  return (await requirePeer(name, available)).describe;
}

function describeFor(mode: PeerMode, name: string, reason: string): PeerDescribe {
  if (mode === 'run') return describe;
  if (mode === 'skip') return describe.skip;
  // The suite body is not run (its beforeAll would only add noise); one test carries the failure.
  return (title) =>
    describe(title, () => {
      it(`requires peer "${name}"`, () => {
        throw new Error(`${reason}; CI must provide every interop peer (bash peers/start-docker.sh; bash peers/images/build-orthanc-image.sh)`);
      });
    });
}

/** An executable file at `path`, or found on PATH when `path` has no slash. */
export async function hasBinary(path: string): Promise<boolean> {
  const candidates = path.includes('/') ? [path] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, path));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // try the next PATH entry
    }
  }
  return false;
}

/** A Docker engine answers (not merely a docker CLI installed). */
export async function hasDockerEngine(): Promise<boolean> {
  if (!(await hasBinary('docker'))) return false;
  const result = await runTool('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 });
  return result.code === 0 && result.stdout.trim() !== '';
}

/** The image exists locally; nothing is pulled (no registry is reachable). */
export async function hasDockerImage(tag: string): Promise<boolean> {
  if (!(await hasDockerEngine())) return false;
  const result = await runTool('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { timeoutMs: 15_000 });
  return result.code === 0;
}

/** All checks pass; evaluated in order so later ones may assume earlier ones (engine before image). */
export function allOf(...checks: readonly Availability[]): () => Promise<boolean> {
  return async () => {
    for (const check of checks) {
      if (!(typeof check === 'function' ? await check() : check)) return false;
    }
    return true;
  };
}
