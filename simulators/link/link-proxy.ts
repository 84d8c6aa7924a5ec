/**
 * A cross-border link for TCP protocols (DIMSE): a proxy on 127.0.0.1 that forwards each
 * connection to a target and makes every byte pay the link. Each direction is one shared wire for
 * all connections of the proxy: a chunk waits for the wire (token bucket at `bandwidthKbps`, so
 * parallel associations share the bandwidth as they would on a real link), then travels
 * `latencyMs` one way, plus the profile's jitter (a seeded draw per chunk) and, for a chunk drawn
 * as lost, TCP's retransmission delay. Order is kept per direction, as TCP keeps it: a late chunk
 * holds back the ones behind it (head-of-line blocking). No root, no kernel shaping.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { retransmissionDelayMs, seededRandom, type LinkProfile } from './emulated-link.ts';

export interface LinkProxyConfig {
  readonly target: { readonly host: string; readonly port: number };
  readonly profile: LinkProfile;
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

export interface LinkProxy {
  start(): Promise<void>;
  /** Destroys every connection and closes the listener; idempotent. */
  stop(): Promise<void>;
  readonly host: string;
  readonly port: number;
  /** Bytes carried so far, per direction. */
  readonly bytes: { readonly up: number; readonly down: number };
}

/** Queued bytes per connection direction above which the sending side is paused. */
const HIGH_WATER = 1024 * 1024;

/** One direction of the link: a FIFO of chunks, each due at its departure plus latency. */
interface Wire {
  /** When the wire is free again (performance.now() ms). */
  freeAt: number;
  carried: number;
  /** Jitter and loss draws of this direction. */
  readonly random: () => number;
}

/** Extra delay of one chunk beyond its latency: jitter, and the retransmission of a lost chunk. */
function extraDelayMs(wire: Wire, profile: LinkProfile): number {
  const jitter = profile.jitterMs ? wire.random() * profile.jitterMs : 0;
  const lost = profile.lossPercent ? wire.random() * 100 < profile.lossPercent : false;
  return jitter + (lost ? retransmissionDelayMs(profile) : 0);
}

function carry(wire: Wire, profile: LinkProfile, from: Socket, to: Socket): void {
  const queue: { chunk: Buffer; dueAt: number }[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0]!.dueAt <= now + 0.5) {
      const { chunk } = queue.shift()!;
      queued -= chunk.length;
      wire.carried += chunk.length;
      if (!to.destroyed) to.write(chunk);
    }
    if (queued < HIGH_WATER / 2 && from.isPaused()) from.resume();
    if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0]!.dueAt - now));
    else if (ended && !to.destroyed) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    const now = performance.now();
    const serialisation = profile.bandwidthKbps ? (chunk.length * 8) / profile.bandwidthKbps : 0; // kbit/s = bit/ms
    wire.freeAt = Math.max(now, wire.freeAt) + serialisation;
    const dueAt = Math.max(wire.freeAt + profile.latencyMs + extraDelayMs(wire, profile), queue.at(-1)?.dueAt ?? 0);
    queue.push({ chunk, dueAt });
    queued += chunk.length;
    if (queued > HIGH_WATER) from.pause();
    if (!timer) timer = setTimeout(pump, Math.max(0, queue[0]!.dueAt - now));
  });
  from.on('end', () => {
    ended = true;
    if (!queue.length && !timer && !to.destroyed) to.end();
  });
  from.on('close', () => {
    // An abrupt close (reset) travels at once: the peer sees the abort, as it would on a real link.
    if (!ended) {
      if (timer) clearTimeout(timer);
      to.destroy();
    }
  });
}

export function createLinkProxy(config: LinkProxyConfig): LinkProxy {
  const host = config.host ?? '127.0.0.1';
  const { latencyMs, bandwidthKbps } = config.profile;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`link latency must be a non-negative number of ms, got ${latencyMs}`);
  if (bandwidthKbps !== undefined && (!Number.isFinite(bandwidthKbps) || bandwidthKbps < 0)) throw new Error(`link bandwidth must be a non-negative kbit/s, got ${bandwidthKbps}`);
  const seed = config.profile.seed ?? 1;
  const up: Wire = { freeAt: 0, carried: 0, random: seededRandom(seed) };
  const down: Wire = { freeAt: 0, carried: 0, random: seededRandom(seed + 1) };
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: Socket): void => {
    track(client);
    client.pause();
    const upstream = createConnection({ host: config.target.host, port: config.target.port, allowHalfOpen: true });
    track(upstream);
    upstream.once('connect', () => client.resume());
    carry(up, config.profile, client, upstream);
    carry(down, config.profile, upstream, client);
  };

  return {
    get host() {
      return host;
    },
    get port() {
      return port;
    },
    get bytes() {
      return { up: up.carried, down: down.carried };
    },
    async start() {
      if (server) return;
      server = createServer({ allowHalfOpen: true }, onConnection);
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port ?? 0, host, () => resolve());
      });
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : 0;
    },
    async stop() {
      const s = server;
      if (!s) return;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/** The link's physical time for `bytes` one way plus `roundTrips` round trips (the SLA baseline). */
export function physicalTimeMs(profile: LinkProfile, bytes: number, roundTrips: number): number {
  const serialisation = profile.bandwidthKbps ? (bytes * 8) / profile.bandwidthKbps : 0;
  return serialisation + roundTrips * 2 * profile.latencyMs;
}
