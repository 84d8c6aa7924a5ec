import { mkdir } from 'node:fs/promises';
import { freePort } from '../free-port.ts';
import { startTool } from '../run-tool.ts';
import { waitForPort } from './wait-for-port.ts';

export interface StorescpOptions {
  readonly aeTitle: string;
  /** A free port is picked when absent. */
  readonly port?: number;
  /** Created if missing; received objects are written here, named by SOP Instance UID. */
  readonly outDir: string;
  /** Appended after the defaults, e.g. ['--refuse'] or ['-pm'] (promiscuous: unknown SOP classes). */
  readonly extraArgs?: readonly string[];
  readonly startupTimeoutMs?: number;
}

export interface RunningStorescp {
  readonly aeTitle: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly outDir: string;
  stop(): Promise<void>;
  /** storescp's verbose log so far (associations, C-STOREs), for failure messages. */
  output(): string;
}

/**
 * DCMTK storescp as a reference Storage SCP: every known storage SOP class, every transfer syntax
 * it supports (+xa), one association at a time (no --fork, so stop() leaves no child behind).
 */
export async function startStorescp(options: StorescpOptions): Promise<RunningStorescp> {
  const port = options.port ?? (await freePort());
  await mkdir(options.outDir, { recursive: true });
  const args = ['-v', '-aet', options.aeTitle, '+xa', '-od', options.outDir, '-uf', ...(options.extraArgs ?? []), String(port)];
  const tool = startTool('storescp', args);
  try {
    // storescp prints nothing once it listens; a bare connect only costs it one logged failed association.
    await waitForPort(port, { timeoutMs: options.startupTimeoutMs ?? 10_000, isAlive: () => tool.child.pid !== undefined && tool.child.exitCode === null && tool.child.signalCode === null });
  } catch (err) {
    await tool.stop();
    throw new Error(`storescp ${args.join(' ')}: ${(err as Error).message}\n${tool.output()}`, { cause: err });
  }
  return { aeTitle: options.aeTitle, host: '127.0.0.1', port, outDir: options.outDir, stop: tool.stop, output: tool.output };
}
