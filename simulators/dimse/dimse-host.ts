/**
 * A DIMSE server: owns its net.Server (127.0.0.1 unless told otherwise, port 0 allowed),
 * negotiates each association with the user's pure `negotiate`, and serves it with typed
 * handlers. A fault on one association (malformed PDU, handler crash) never touches another.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { acceptAssociation } from './association-acceptor.ts';
import type { Association } from './association.ts';
import type { DimseHandlers } from './host-handlers.ts';
import { tlsServerOptions, explainRefusedClient, type DimseTlsServer } from './dimse-tls.ts';
import { serveAssociation } from './host-session.ts';
import type { Negotiate } from './negotiation.ts';
import { harnessError, nowMs, safeObserver, type DimseObserver } from './observer.ts';

export interface DimseHostConfig {
  readonly host?: string;
  readonly port?: number;
  readonly negotiate: Negotiate;
  readonly handlers: DimseHandlers;
  readonly observer?: DimseObserver;
  /** Maximum P-DATA-TF length we announce and accept (default 262144). */
  readonly maxPdu?: number;
  /**
   * DICOM TLS (PS3.15 B.1, TLS 1.2+): associations are accepted only after the handshake; a
   * refused handshake is reported as a 'closed' association event naming the reason.
   */
  readonly tls?: DimseTlsServer;
  readonly timeouts?: {
    /** Wait for A-ASSOCIATE-RQ after connect; also bounds a TLS handshake (default 30 s). */
    readonly artimMs?: number;
    /** Abort an association silent this long (default 5 min). */
    readonly idleMs?: number;
    /** Wait for C-STORE-RSP of a C-GET sub-operation (default 60 s). */
    readonly dimseMs?: number;
  };
}

export interface DimseHost {
  /** Resolves once listening; idempotent. */
  start(): Promise<void>;
  /** Aborts open associations and closes the server; idempotent. */
  stop(): Promise<void>;
  /** Bound port (after start). */
  readonly port: number;
  readonly host: string;
  readonly associationCount: number;
  /** Sends A-ABORT (service user) on one association, e.g. for an 'abort-after' fault; false if unknown or ended. */
  abortAssociation(associationId: string): boolean;
}

export function createDimseHost(config: DimseHostConfig): DimseHost {
  const observer = safeObserver(config.observer);
  const host = config.host ?? '127.0.0.1';
  const maxPdu = config.maxPdu ?? 262_144;
  const sockets = new Set<Socket>();
  const associations = new Set<Association>();
  let server: Server | undefined;
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let port = 0;

  const artimMs = config.timeouts?.artimMs ?? 30_000;

  function track(socket: Socket): void {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  }

  /** No AE title is known before the handshake: the evidence names addresses only, like ARTIM. */
  function onRefusedHandshake(err: Error, socket: TLSSocket): void {
    observer.onAssociation({
      associationId: `tls-${randomUUID()}`,
      side: 'acceptor',
      local: { ae: '', address: socket.localAddress ?? host, port: socket.localPort ?? port },
      remote: { ae: '', address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
      phase: 'closed',
      detail: explainRefusedClient(err, socket.authorizationError),
      atMs: nowMs(),
    });
    socket.destroy();
  }

  function onConnection(socket: Socket): void {
    track(socket);
    acceptAssociation(socket, {
      negotiate: config.negotiate,
      observer,
      maxReceivePdu: maxPdu,
      artimMs,
      idleTimeoutMs: config.timeouts?.idleMs ?? 300_000,
      attach(association) {
        associations.add(association);
        void association.closed.then(() => associations.delete(association));
        try {
          serveAssociation(association, { handlers: config.handlers, observer, dimseTimeoutMs: config.timeouts?.dimseMs ?? 60_000 });
        } catch (err) {
          observer.onHarnessError(harnessError('serveAssociation', err, association.ref.associationId));
          association.abort();
        }
      },
    }).catch((err) => {
      observer.onHarnessError(harnessError('acceptAssociation', err));
      socket.destroy();
    });
  }

  function tlsServer(tls: DimseTlsServer): Server {
    const s = createTlsServer(tlsServerOptions(tls, artimMs), onConnection);
    // The raw TCP socket too: stop() must not wait on a requestor stuck in its handshake.
    s.on('connection', (raw: Socket) => {
      raw.setNoDelay(true);
      track(raw);
    });
    s.on('tlsClientError', onRefusedHandshake);
    return s;
  }

  return {
    get port() {
      return port;
    },
    host,
    get associationCount() {
      return associations.size;
    },
    abortAssociation(associationId) {
      const association = [...associations].find((a) => a.ref.associationId === associationId);
      if (!association || association.ended) return false;
      association.abort();
      return true;
    },
    start() {
      if (starting) return starting;
      stopping = undefined;
      starting = new Promise<void>((resolve, reject) => {
        const s = config.tls ? tlsServer(config.tls) : createServer({ noDelay: true }, onConnection);
        s.once('error', reject);
        s.listen(config.port ?? 0, host, () => {
          s.off('error', reject);
          s.on('error', (err) => observer.onHarnessError(harnessError('net.Server', err)));
          const address = s.address();
          port = typeof address === 'object' && address ? address.port : 0;
          server = s;
          resolve();
        });
      });
      starting.catch(() => (starting = undefined));
      return starting;
    },
    stop() {
      if (stopping) return stopping;
      stopping = (async () => {
        await starting?.catch(() => undefined);
        const s = server;
        starting = undefined;
        server = undefined;
        for (const association of associations) association.abort();
        const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
        // Give aborts a moment to flush, then drop whatever is left (e.g. sockets still negotiating).
        await Promise.race([Promise.all([...associations].map((a) => a.closed)), new Promise((r) => setTimeout(r, 500).unref())]);
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return stopping;
    },
  };
}
