import type { EvidenceSink } from './evidence.ts';

/**
 * The same sink with every actor name prefixed ("FR" + "ncp-a" → "FR.ncp-a"): in a world of
 * several countries each one runs the same actors, and the evidence must say whose they were.
 */
export function prefixedSink(sink: EvidenceSink, prefix: string): EvidenceSink {
  return { ...sink, record: (message) => sink.record({ ...message, actor: `${prefix}.${message.actor}` }) };
}

/** The same sink with every message marked as recorded by world `world` (several worlds, one sink). */
export function worldTaggedSink(sink: EvidenceSink, world: string): EvidenceSink {
  return { ...sink, record: (message) => sink.record({ ...message, world }) };
}
