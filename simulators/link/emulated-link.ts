/**
 * A cross-border link as the world file describes it (latency, bandwidth), emulated on the HTTP
 * calls one NCP makes to another. Everything runs on 127.0.0.1, so without this the SLA timings
 * of a scenario would measure a link no member state has.
 */
import type { HttpTransport } from '../soap/soap-client.ts';

export interface LinkProfile {
  /** One-way latency added before the request leaves and before the answer is handed back. */
  readonly latencyMs: number;
  /** Throughput of the link in kilobits per second; 0 or absent = unlimited. */
  readonly bandwidthKbps?: number;
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
  if (profile.latencyMs <= 0 && !profile.bandwidthKbps) return inner;
  return async (request) => {
    await sleep(transferDelayMs(profile, request.body.byteLength));
    const answer = await inner(request);
    await sleep(transferDelayMs(profile, answer.body.byteLength));
    return answer;
  };
}
