/**
 * A cross-border link as the world file describes it (latency, bandwidth, jitter, loss), emulated
 * on the HTTP calls one NCP makes to another. Everything runs on 127.0.0.1, so without this the SLA
 * timings of a scenario would measure a link no member state has.
 *
 * Jitter and loss are drawn from a PRNG seeded by the profile (the world's seed), so a run is
 * reproducible. HTTP runs over TCP, so a lost message is not a failed call: it is resent after a
 * retransmission timeout (`retransmissionDelayMs`), which is what the SLA timings then pay.
 */
import type { HttpTransport } from '../soap/soap-client.ts';

export interface LinkProfile {
  /** One-way latency added before the request leaves and before the answer is handed back. */
  readonly latencyMs: number;
  /** Throughput of the link in kilobits per second; 0 or absent = unlimited. */
  readonly bandwidthKbps?: number;
  /** Up to this much extra one-way delay per message, uniformly drawn. */
  readonly jitterMs?: number;
  /** Percentage (0-100) of messages lost once and resent after the retransmission timeout. */
  readonly lossPercent?: number;
  /** Seed of the jitter and loss draws (the world's seed); 1 when absent. */
  readonly seed?: number;
}

/** TCP's retransmission timeout for a lost segment: Linux's 200 ms minimum RTO, or two RTTs on a slow link. */
export function retransmissionDelayMs(profile: LinkProfile): number {
  return Math.max(200, 4 * profile.latencyMs);
}

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Time a message of `bytes` spends on the link, one way. */
export function transferDelayMs(profile: LinkProfile, bytes: number): number {
  const serialisation = profile.bandwidthKbps ? (bytes * 8) / profile.bandwidthKbps : 0; // kbit/s = bit/ms
  return profile.latencyMs + serialisation;
}

/** Wraps a transport so each call pays the link's delay both ways; a zero profile adds nothing. */
export function emulatedLink(inner: HttpTransport, profile: LinkProfile, sleep: Sleep = realSleep): HttpTransport {
  if (profile.latencyMs <= 0 && !profile.bandwidthKbps && !profile.jitterMs && !profile.lossPercent) return inner;
  const random = seededRandom(profile.seed ?? 1);
  const oneWay = (bytes: number): number => {
    const jitter = profile.jitterMs ? random() * profile.jitterMs : 0;
    const lost = profile.lossPercent ? random() * 100 < profile.lossPercent : false;
    return transferDelayMs(profile, bytes) + jitter + (lost ? retransmissionDelayMs(profile) : 0);
  };
  return async (request) => {
    await sleep(oneWay(request.body.byteLength));
    const answer = await inner(request);
    await sleep(oneWay(answer.body.byteLength));
    return answer;
  };
}
