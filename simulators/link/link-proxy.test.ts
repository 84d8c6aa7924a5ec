import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkProxy, physicalTimeMs, type LinkProxy } from './link-proxy.ts';

let echo: Server | undefined;
let proxy: LinkProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  await new Promise<void>((r) => (echo ? echo.close(() => r()) : r()));
  echo = proxy = undefined;
});

async function echoServer(): Promise<number> {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo!.listen(0, '127.0.0.1', () => r()));
  return (echo.address() as { port: number }).port;
}

/** Sends `bytes` through the proxy and resolves with the ms until all came back. */
function roundTrip(port: number, bytes: number): Promise<{ ms: number; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = Buffer.alloc(bytes, 7);
    const parts: Buffer[] = [];
    let got = 0;
    const started = performance.now();
    const socket: Socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(sent));
    socket.on('data', (d: Buffer) => {
      parts.push(d);
      got += d.length;
      if (got >= bytes) {
        socket.destroy();
        resolve({ ms: performance.now() - started, data: Buffer.concat(parts) });
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed')));
  });
}

describe('link proxy', () => {
  it('adds one-way latency each way', async () => {
    proxy = createLinkProxy({ target: { host: '127.0.0.1', port: await echoServer() }, profile: { latencyMs: 60 } });
    await proxy.start();
    const { ms, data } = await roundTrip(proxy.port, 10);
    expect(data.length).toBe(10);
    expect(ms).toBeGreaterThanOrEqual(115);
    expect(ms).toBeLessThan(400);
  });

  it('shapes throughput to the bandwidth and keeps the bytes intact', async () => {
    // 800 kbit/s = 100 bytes per ms: 20 kB takes 200 ms each way.
    proxy = createLinkProxy({ target: { host: '127.0.0.1', port: await echoServer() }, profile: { latencyMs: 0, bandwidthKbps: 800 } });
    await proxy.start();
    const { ms, data } = await roundTrip(proxy.port, 20_000);
    expect(data.equals(Buffer.alloc(20_000, 7))).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(proxy.bytes).toEqual({ up: 20_000, down: 20_000 });
  });

  it('delays chunks by the seeded jitter, keeping their order', async () => {
    proxy = createLinkProxy({ target: { host: '127.0.0.1', port: await echoServer() }, profile: { latencyMs: 0, jitterMs: 80, seed: 3 } });
    await proxy.start();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) times.push((await roundTrip(proxy.port, 10)).ms);
    // Two draws in [0, 80) per round trip: some trips are late, none beyond both jitters (plus scheduling).
    expect(Math.max(...times)).toBeGreaterThan(20);
    expect(Math.max(...times)).toBeLessThan(160 + 100);
  });

  it('makes a chunk drawn as lost pay TCP\'s retransmission delay', async () => {
    proxy = createLinkProxy({ target: { host: '127.0.0.1', port: await echoServer() }, profile: { latencyMs: 0, lossPercent: 50, seed: 1 } });
    await proxy.start();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) times.push((await roundTrip(proxy.port, 10)).ms);
    // At 50 % loss per chunk, about half the one-way trips wait ≥ 200 ms (Linux's minimum RTO).
    expect(times.filter((t) => t >= 195).length).toBeGreaterThan(0);
    expect(times.filter((t) => t < 100).length).toBeGreaterThan(0);
  });

  it('closes the client when the target is down, and refuses a bad profile', async () => {
    const port = await echoServer();
    await new Promise<void>((r) => echo!.close(() => r()));
    echo = undefined;
    proxy = createLinkProxy({ target: { host: '127.0.0.1', port }, profile: { latencyMs: 1 } });
    await proxy.start();
    await expect(roundTrip(proxy.port, 10).then(() => 'data', () => 'error')).resolves.toBe('error');
    expect(() => createLinkProxy({ target: { host: '127.0.0.1', port }, profile: { latencyMs: -1 } })).toThrow(/latency/);
  });

  it('computes the physical time of a transfer', () => {
    expect(physicalTimeMs({ latencyMs: 20, bandwidthKbps: 20_000 }, 2_500_000, 3)).toBe(1000 + 120);
  });
});
