import { expect, it } from 'vitest';
import type { HttpTransport } from '../soap/soap-client.ts';
import { emulatedLink, transferDelayMs } from './emulated-link.ts';

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
