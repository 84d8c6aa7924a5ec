import { connect } from 'node:net';
/** Test helper: an observer that keeps every event, so tests can assert on evidence. */
import type { AssociationEvent, CommandEvent, DatasetEvent, DimseObserver, HarnessErrorEvent } from './observer.ts';

export interface RecordedEvidence {
  readonly observer: DimseObserver;
  readonly associations: AssociationEvent[];
  readonly commands: CommandEvent[];
  readonly datasets: DatasetEvent[];
  readonly harnessErrors: HarnessErrorEvent[];
}

export function recordEvidence(): RecordedEvidence {
  const associations: AssociationEvent[] = [];
  const commands: CommandEvent[] = [];
  const datasets: DatasetEvent[] = [];
  const harnessErrors: HarnessErrorEvent[] = [];
  return {
    associations,
    commands,
    datasets,
    harnessErrors,
    observer: {
      onAssociation: (e) => associations.push(e),
      onCommand: (e) => commands.push(e),
      onDataset: (e) => datasets.push(e),
      onHarnessError: (e) => harnessErrors.push(e),
    },
  };
}

/** Polls until `check` passes or `timeoutMs` elapses (evidence arrives asynchronously). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (a peer we started). */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  await eventually(
    () =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
    timeoutMs,
  );
}
