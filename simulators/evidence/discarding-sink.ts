import type { EvidenceSink } from './evidence.ts';

/**
 * A sink for long-running simulators started without `--evidence`: it acknowledges nothing and
 * keeps nothing, so a server that runs for days does not grow without bound. Use the recorder
 * whenever the messages matter.
 */
export function createDiscardingSink(): EvidenceSink {
  return {
    record: async () => undefined,
    entries: () => [],
    read: async () => {
      throw new Error('evidence is not being kept (start with --evidence DIR to keep it)');
    },
    failures: () => [],
    flush: async () => undefined,
    close: async () => undefined,
  };
}
