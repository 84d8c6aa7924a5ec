import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.ts';
import { waitForPort } from './wait-for-port.ts';

describe('waitForPort', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('resolves once a listener appears', async () => {
    const port = await freePort();
    const waiting = waitForPort(port, { timeoutMs: 5_000, intervalMs: 20 });
    setTimeout(() => {
      server = createServer().listen(port, '127.0.0.1');
    }, 100);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('rejects after the timeout when nothing listens', async () => {
    const port = await freePort();
    await expect(waitForPort(port, { timeoutMs: 150, intervalMs: 20 })).rejects.toThrow(`nothing listens on 127.0.0.1:${port} after 150 ms`);
  });

  it('gives up at once when the peer is reported dead', async () => {
    const port = await freePort();
    await expect(waitForPort(port, { timeoutMs: 10_000, isAlive: () => false })).rejects.toThrow(/process exited/);
  });
});
