/**
 * The Audit Record Repository (IHE ATNA, ITI-20 Record Audit Event): listens for syslog over TLS
 * (RFC 5425, octet counting; client certificate optional or required) and over UDP (RFC 5426, one
 * message per datagram). Every message is recorded as evidence (transaction ITI-20: the
 * AuditMessage as xml, or the refused bytes with the reason as status) and kept in memory with
 * what was read from it and the findings of the injected `judge` (the audit rules: a simulator
 * records, validators judge, so the world passes them in).
 *
 * Nothing a sender does stops the repository: a datagram or frame that is not RFC 5424, or whose
 * MSG is not an AuditMessage, becomes a record with a `problem`; a TLS stream whose framing
 * cannot be read is closed after recording why (octet counting cannot resynchronise).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { parseXmlSafely, XmlRefusal } from '../soap/safe-xml.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { createFrameReader, DEFAULT_MAX_FRAME_BYTES, parseSyslog, type SyslogMessage } from './syslog-frame.ts';

export const AUDIT_REPOSITORY_ACTOR = 'audit-repository';
export const ITI_20 = 'ITI-20';

/** What the repository keeps of one received message. */
export interface AuditRecord {
  /** Arrival order, from 1. */
  readonly seq: number;
  readonly receivedAt: string;
  readonly transport: 'udp' | 'tls';
  readonly peer: string;
  /** The syslog header, when the message was RFC 5424. */
  readonly syslog?: Omit<SyslogMessage, 'msg'>;
  /** The MSG text. */
  readonly xml?: string;
  /** The parsed AuditMessage element. */
  readonly message?: XmlElement;
  /** Why the message could not be read as a syslog AuditMessage. */
  readonly problem?: string;
  /** What the judge said of the AuditMessage (empty when there is no judge or no message). */
  readonly findings: readonly JudgeFinding[];
}

/** The part of a validator finding the repository keeps (validators/finding.ts `Finding`). */
export interface JudgeFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly path: string;
  readonly message: string;
}

export interface AuditRepositoryOptions {
  readonly evidence: EvidenceSink;
  /** Evidence actor name; "audit-repository" by default. */
  readonly actor?: string;
  readonly host?: string;
  /** UDP port; 0 picks a free one; `false` turns the UDP listener off. */
  readonly udpPort?: number | false;
  /** The TLS listener; absent = none. */
  readonly tls?: { readonly port?: number; readonly certPem: string; readonly keyPem: string; readonly caPem: string; readonly requireClientCert: boolean };
  readonly maxFrameBytes?: number;
  /** Oldest records are forgotten beyond this (evidence keeps them); 10 000 by default. */
  readonly maxRecords?: number;
  /** Runs on every AuditMessage as it arrives. */
  readonly judge?: (message: XmlElement, subject: string) => readonly JudgeFinding[];
}

export interface AuditRepository {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Bound ports after start. */
  readonly address: { readonly host: string; readonly udpPort?: number; readonly tlsPort?: number };
  records(): readonly AuditRecord[];
  /** Resolves with the records once `predicate` holds for them, or rejects after `timeoutMs`. */
  waitFor(predicate: (records: readonly AuditRecord[]) => boolean, timeoutMs?: number): Promise<readonly AuditRecord[]>;
}

const EVIDENCE_EXCERPT_BYTES = 4096;

export function createAuditRepository(options: AuditRepositoryOptions): AuditRepository {
  const actor = options.actor ?? AUDIT_REPOSITORY_ACTOR;
  const host = options.host ?? '127.0.0.1';
  const maxRecords = options.maxRecords ?? 10_000;
  const records: AuditRecord[] = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  let udp: UdpSocket | undefined;
  let tls: TlsServer | undefined;
  const sockets = new Set<TLSSocket>();
  const connections = new Set<import('node:net').Socket>();
  const address: { host: string; udpPort?: number; tlsPort?: number } = { host };

  const keep = (record: Omit<AuditRecord, 'seq' | 'receivedAt'>): void => {
    records.push({ seq: ++seq, receivedAt: new Date().toISOString(), ...record });
    if (records.length > maxRecords) records.shift();
    for (const w of [...waiters]) w();
  };

  const refuse = (transport: AuditRecord['transport'], peer: string, bytes: Uint8Array, problem: string): void => {
    void options.evidence.record({ actor, peer, transaction: ITI_20, direction: 'request', format: 'bin', body: bytes.subarray(0, EVIDENCE_EXCERPT_BYTES), status: `refused: ${problem}` });
    keep({ transport, peer, problem, findings: [] });
  };

  const receive = (transport: AuditRecord['transport'], peer: string, bytes: Uint8Array): void => {
    const parsed = parseSyslog(bytes);
    if (!parsed.ok) return refuse(transport, peer, bytes, `not an RFC 5424 message: ${parsed.error}`);
    const { msg, ...syslog } = parsed.message;
    const xml = Buffer.from(msg).toString('utf8');
    void options.evidence.record({ actor, peer, transaction: ITI_20, direction: 'request', format: 'xml', body: msg, status: syslog.msgId ?? '-' });
    let message: XmlElement;
    try {
      message = parseXmlSafely(msg);
    } catch (err) {
      const why = err instanceof XmlRefusal ? err.message : `XML could not be parsed: ${(err as Error).message}`;
      return keep({ transport, peer, syslog, xml, problem: `MSG is not XML: ${why}`, findings: [] });
    }
    if (message.ns !== '' || message.local !== 'AuditMessage') {
      return keep({ transport, peer, syslog, xml, message, problem: `MSG root is {${message.ns}}${message.local}, not the DICOM AuditMessage`, findings: [] });
    }
    let findings: readonly JudgeFinding[] = [];
    try {
      findings = options.judge?.(message, `audit from ${peer}`) ?? [];
    } catch (err) {
      findings = [{ ruleId: 'harness-error', severity: 'error', path: '/', message: `the audit judge threw: ${(err as Error).message}` }];
    }
    keep({ transport, peer, syslog, xml, message, findings });
  };

  const onTlsConnection = (socket: TLSSocket): void => {
    sockets.add(socket);
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const reader = createFrameReader(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) receive('tls', peer, frame);
      if (reader.error !== undefined) {
        refuse('tls', peer, chunk, `${reader.error}; connection closed`);
        socket.destroy();
      }
    });
    socket.on('end', () => {
      if (reader.pendingBytes > 0) refuse('tls', peer, new Uint8Array(), `stream ended inside a frame (${reader.pendingBytes} bytes of an incomplete message)`);
    });
    socket.on('error', () => {}); // a peer resetting the connection is the peer's business; `close` follows
    socket.on('close', () => sockets.delete(socket));
  };

  return {
    address,
    records: () => records,
    waitFor(predicate, timeoutMs = 5_000) {
      if (predicate(records)) return Promise.resolve(records);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(records)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(records);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`audit repository: expected records did not arrive within ${timeoutMs} ms (${records.length} received)`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async start() {
      const udpPort = options.udpPort ?? 0;
      if (udpPort !== false && !udp) {
        const socket = createSocket(/:/.test(host) ? 'udp6' : 'udp4');
        socket.on('message', (datagram, info) => receive('udp', `${info.address}:${info.port}`, datagram));
        socket.on('error', () => {}); // ICMP errors reported on the socket say nothing about what was received
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(udpPort, host, () => resolve());
        });
        udp = socket;
        address.udpPort = socket.address().port;
      }
      if (options.tls && !tls) {
        const t = options.tls;
        const server = createTlsServer({ cert: t.certPem, key: t.keyPem, ca: t.caPem, requestCert: true, rejectUnauthorized: t.requireClientCert, minVersion: 'TLSv1.2' }, onTlsConnection);
        server.on('tlsClientError', () => {}); // a refused handshake (no or untrusted client certificate) is the client's failure
        // Every TCP connection, also one still in its handshake, so that stop() never waits on a peer that keeps it open.
        server.on('connection', (raw: import('node:net').Socket) => {
          connections.add(raw);
          raw.once('close', () => connections.delete(raw));
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(t.port ?? 0, host, () => resolve());
        });
        tls = server;
        const bound = server.address();
        address.tlsPort = typeof bound === 'object' && bound ? bound.port : undefined;
      }
    },
    async stop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      for (const c of connections) c.destroy();
      connections.clear();
      const server = tls;
      tls = undefined;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      const socket = udp;
      udp = undefined;
      if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
