import { connect } from 'node:net';

/**
 * Resolves once something accepts TCP connections on 127.0.0.1:port. For peers that print nothing
 * when they start listening (DCMTK storescp). `isAlive` stops the wait early when the peer died.
 */
export async function waitForPort(
  port: number,
  options: { timeoutMs?: number; intervalMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await canConnect(port)) return;
    if (options.isAlive && !options.isAlive()) throw new Error(`nothing listens on 127.0.0.1:${port}: the process exited`);
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${options.timeoutMs ?? 10_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
