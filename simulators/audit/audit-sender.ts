/**
 * Sends audit messages to an Audit Record Repository (IHE ITI-20 Record Audit Event): syslog over
 * TLS with octet counting (RFC 5425) or over UDP (RFC 5426). Auditing must never hold up the
 * transaction being audited, so `send` only queues (bounded: when full the oldest message is
 * dropped and counted) and returns at once; a background pump writes, reconnecting after a
 * delay when the repository cannot be reached. `flush` waits until the queue is written (for
 * tests and scenarios) and never rejects: it says what is still pending.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { hostname as osHostname } from 'node:os';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { serializeXml, type XmlOut } from '../soap/xml-write.ts';
import { ATNA_MSG_ID, frameOctetCounted, serializeSyslog } from './syslog-frame.ts';

export type AuditTransport =
  | { readonly kind: 'udp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'tls';
      readonly host: string;
      readonly port: number;
      /** CA(s) the repository's certificate must chain to. */
      readonly caPem: string;
      /** Client certificate, for a repository that asks for one. */
      readonly certPem?: string;
      readonly keyPem?: string;
      /** Name checked against the server certificate; `host` when absent. */
      readonly servername?: string;
    };

export interface AuditSenderOptions {
  readonly transport: AuditTransport;
  /** APP-NAME of the syslog header, e.g. "ncp-a". */
  readonly appName: string;
  readonly hostname?: string;
  /** Messages held while the repository is unreachable; 1000 by default. */
  readonly maxQueue?: number;
  /** First wait before reconnecting; doubles up to 5 s. 100 ms by default. */
  readonly reconnectDelayMs?: number;
  readonly clock?: () => Date;
}

export interface AuditSenderStats {
  readonly sent: number;
  readonly queued: number;
  /** Dropped because the queue was full or a datagram too large. */
  readonly dropped: number;
  /** Why the last connection or write failed, if one did. */
  readonly lastError?: string;
}

export interface AuditSender {
  /** Queues one AuditMessage; returns at once, never throws. */
  send(message: XmlOut | string): void;
  /** Resolves when the queue is written or `timeoutMs` passed; the stats say which. */
  flush(timeoutMs?: number): Promise<AuditSenderStats>;
  stats(): AuditSenderStats;
  /** Stops the pump and closes the socket; queued messages are dropped. */
  close(): Promise<void>;
}

/** RFC 5426 §3.2: a datagram carries at most 65 507 octets over IPv4. */
const MAX_DATAGRAM = 65_507;
const MAX_RECONNECT_MS = 5_000;

export function createAuditSender(options: AuditSenderOptions): AuditSender {
  const maxQueue = options.maxQueue ?? 1000;
  const clock = options.clock ?? (() => new Date());
  const host = options.hostname ?? osHostname();
  const queue: Buffer[] = [];
  let sent = 0;
  let dropped = 0;
  let lastError: string | undefined;
  let pumping = false;
  let closed = false;
  let retryDelay = options.reconnectDelayMs ?? 100;
  let retryTimer: NodeJS.Timeout | undefined;
  let udp: UdpSocket | undefined;
  let tls: TLSSocket | undefined;
  const idleWaiters: (() => void)[] = [];

  const stats = (): AuditSenderStats => ({ sent, queued: queue.length, dropped, ...(lastError !== undefined && { lastError }) });
  const wakeIdle = () => {
    if (queue.length > 0) return;
    for (const w of idleWaiters.splice(0)) w();
  };

  const connectTls = (t: Extract<AuditTransport, { kind: 'tls' }>): Promise<TLSSocket> =>
    new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: t.host, port: t.port, ca: t.caPem, servername: t.servername ?? (/^[\d.]+$/.test(t.host) ? undefined : t.host), ...(t.certPem && t.keyPem && { cert: t.certPem, key: t.keyPem }), minVersion: 'TLSv1.2' }, () => resolve(socket));
      socket.once('error', reject);
      socket.on('close', () => {
        if (tls === socket) tls = undefined;
      });
    });

  const writeOne = async (message: Buffer): Promise<void> => {
    const t = options.transport;
    if (t.kind === 'udp') {
      if (message.length > MAX_DATAGRAM) {
        dropped++;
        lastError = `audit message of ${message.length} bytes does not fit a UDP datagram (${MAX_DATAGRAM}); dropped`;
        return;
      }
      udp ??= createSocket(/:/.test(t.host) ? 'udp6' : 'udp4').on('error', (err) => (lastError = err.message));
      await new Promise<void>((resolve, reject) => udp!.send(message, t.port, t.host, (err) => (err ? reject(err) : resolve())));
      return;
    }
    if (!tls) {
      const connected = await connectTls(t);
      // Closed while the handshake ran: nobody would end this connection.
      if (closed) {
        connected.destroy();
        return;
      }
      tls = connected;
      tls.on('error', (err) => (lastError = err.message));
    }
    const socket = tls;
    await new Promise<void>((resolve, reject) => socket.write(frameOctetCounted(message), (err) => (err ? reject(err) : resolve())));
  };

  const pump = async (): Promise<void> => {
    if (pumping || closed) return;
    pumping = true;
    try {
      while (queue.length > 0 && !closed) {
        try {
          await writeOne(queue[0]!);
        } catch (err) {
          lastError = (err as Error).message;
          tls?.destroy();
          tls = undefined;
          retryTimer = setTimeout(() => {
            retryTimer = undefined;
            void pump();
          }, retryDelay);
          retryTimer.unref();
          retryDelay = Math.min(retryDelay * 2, MAX_RECONNECT_MS);
          return;
        }
        queue.shift();
        sent++;
        retryDelay = options.reconnectDelayMs ?? 100;
      }
    } finally {
      pumping = false;
      wakeIdle();
    }
  };

  return {
    send(message) {
      if (closed) return;
      const xml = typeof message === 'string' ? message : serializeXml(message);
      queue.push(serializeSyslog({ timestamp: clock(), hostname: host, appName: options.appName, procId: String(process.pid), msgId: ATNA_MSG_ID, msg: xml }));
      if (queue.length > maxQueue) {
        queue.shift();
        dropped++;
      }
      if (retryTimer === undefined) setImmediate(() => void pump());
    },
    async flush(timeoutMs = 5_000) {
      if (queue.length === 0 && !pumping) return stats();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (retryTimer === undefined) void pump();
      });
      return stats();
    },
    stats,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      queue.length = 0;
      wakeIdle();
      const socket = tls;
      tls = undefined;
      if (socket) await endSocket(socket);
      if (udp) await new Promise<void>((resolve) => udp!.close(() => resolve()));
      udp = undefined;
    },
  };
}

/**
 * Ends a TLS connection and waits until it is closed — at most a second, then destroys it: a
 * socket that already failed or was reset never reports `finish`, and close must not hang.
 */
function endSocket(socket: import('node:tls').TLSSocket): Promise<void> {
  if (socket.destroyed || socket.closed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => socket.destroy(), 1_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}
