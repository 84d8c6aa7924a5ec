import { expect, it } from 'vitest';
import type { HttpTransport } from '../soap/soap-client.ts';
import { emulatedLink, retransmissionDelayMs, transferDelayMs } from './emulated-link.ts';

const echo: HttpTransport = async (request) => ({ status: 200, contentType: 'text/plain', body: Buffer.alloc(request.body.byteLength * 2) });
const request = { url: 'http://127.0.0.1:1/', headers: {}, body: new Uint8Array(1000), timeoutMs: 1000 };

it('charges latency plus serialisation time each way', async () => {
  const slept: number[] = [];
  const link = emulatedLink(echo, { latencyMs: 20, bandwidthKbps: 800 }, async (ms) => void slept.push(ms));
  const answer = await link(request);
  expect(answer.body.byteLength).toBe(2000);
  // 1000 bytes = 8000 bits at 800 bit/ms = 10 ms; the 2000-byte answer takes 20 ms.
  expect(slept).toEqual([30, 40]);
});

it('leaves an unlimited link without delay', async () => {
  expect(emulatedLink(echo, { latencyMs: 0 })).toBe(echo);
  expect(transferDelayMs({ latencyMs: 5 }, 1e9)).toBe(5);
});

it('adds seeded jitter: the same seed gives the same delays, within the jitter bound', async () => {
  const delays = async (seed: number): Promise<number[]> => {
    const slept: number[] = [];
    const link = emulatedLink(echo, { latencyMs: 10, jitterMs: 8, seed }, async (ms) => void slept.push(ms));
    for (let i = 0; i < 5; i++) await link({ ...request, body: new Uint8Array(0) });
    return slept;
  };
  const first = await delays(7);
  expect(await delays(7)).toEqual(first);
  expect(await delays(8)).not.toEqual(first);
  expect(first.every((ms) => ms >= 10 && ms < 18)).toBe(true);
  expect(new Set(first).size).toBeGreaterThan(1);
});

it('models loss as a retransmission delay, never a failed call', async () => {
  const slept: number[] = [];
  const link = emulatedLink(echo, { latencyMs: 10, lossPercent: 50, seed: 3 }, async (ms) => void slept.push(ms));
  for (let i = 0; i < 20; i++) expect((await link({ ...request, body: new Uint8Array(0) })).status).toBe(200);
  const resent = slept.filter((ms) => ms === 10 + retransmissionDelayMs({ latencyMs: 10 }));
  expect(slept.every((ms) => ms === 10 || ms === 210)).toBe(true);
  expect(resent.length).toBeGreaterThan(5);
  expect(resent.length).toBeLessThan(35);
  // Loss alone (no latency) still emulates.
  expect(emulatedLink(echo, { latencyMs: 0, lossPercent: 1 })).not.toBe(echo);
});
