/**
 * One TCP connection speaking PDUs: owns the socket, the incremental reader, batched writes with
 * backpressure, flow control for slow sinks, and the provider abort on protocol errors.
 * Knows nothing about associations or DIMSE; those layers swap the handlers as state changes.
 */
import type { Socket } from 'node:net';
import { createPduReader } from './pdu-reader.ts';
import { encodeAbort } from './pdu-writer.ts';
import { AbortSource, type ControlPdu, type PduError, type PdvHeader } from './pdu-types.ts';

export interface PduLinkHandlers {
  onControl(pdu: ControlPdu): void;
  onPdv(header: PdvHeader, data: Buffer, pdvEnd: boolean): void;
  /** A protocol error in received bytes; the link has already sent A-ABORT and is closing. */
  onProtocolError(error: PduError): void;
  /** The socket is gone (after release, abort, error or peer close). Called exactly once. */
  onClose(detail: string): void;
}

export interface PduLink {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly closed: boolean;
  setHandlers(handlers: PduLinkHandlers): void;
  /** Writes all buffers in one corked batch; resolves once the socket can take more. */
  write(buffers: readonly Buffer[]): Promise<void>;
  /** Stop reading (a sink is full); each pause needs one resume. */
  pause(): void;
  resume(): void;
  /** Sends A-ABORT (unless already closed) and destroys the socket once it is flushed. */
  abort(source: number, reason: number): void;
  /** Ends the socket gracefully after pending writes (after A-RELEASE-RP). */
  end(): void;
  /** Destroys after `ms` unless closed before (ARTIM after release). */
  closeAfter(ms: number): void;
}

export interface PduLinkOptions {
  /** The maximum length we announce; larger P-DATA-TF PDUs are a protocol error. */
  readonly maxReceivePdu: number;
  /** Abort when the peer is silent this long (0 = never). */
  readonly idleTimeoutMs?: number;
}

export function createPduLink(socket: Socket, options: PduLinkOptions, initial: PduLinkHandlers): PduLink {
  // Nagle collapses DIMSE throughput to ~11 MB/s (shared/perf/dimse-baseline.md).
  socket.setNoDelay(true);
  let handlers = initial;
  let closed = false;
  let pauses = 0;
  let closeTimer: NodeJS.Timeout | undefined;
  let closeDetail = 'connection closed by peer';
  const drainWaiters = new Set<{ resolve: () => void; reject: (e: Error) => void }>();

  const reader = createPduReader(
    {
      onControl: (pdu) => handlers.onControl(pdu),
      onPdv: (header, data, end) => handlers.onPdv(header, data, end),
      onError: (error) => {
        link.abort(AbortSource.ServiceProvider, error.abortReason);
        handlers.onProtocolError(error);
      },
    },
    { maxPDataLength: options.maxReceivePdu },
  );

  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('drain', () => {
    for (const w of drainWaiters) w.resolve();
    drainWaiters.clear();
  });
  socket.on('error', (err) => {
    closeDetail = `socket error: ${err.message}`;
  });
  socket.on('close', () => {
    closed = true;
    clearTimeout(closeTimer);
    const err = new Error(closeDetail);
    for (const w of drainWaiters) w.reject(err);
    drainWaiters.clear();
    handlers.onClose(closeDetail);
  });
  if (options.idleTimeoutMs) {
    socket.setTimeout(options.idleTimeoutMs, () => {
      closeDetail = `idle timeout after ${options.idleTimeoutMs} ms`;
      link.abort(AbortSource.ServiceProvider, 0);
    });
  }

  const link: PduLink = {
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
    get closed() {
      return closed || socket.destroyed;
    },
    setHandlers(next) {
      handlers = next;
    },
    write(buffers) {
      if (link.closed) return Promise.reject(new Error(`cannot send: ${closeDetail}`));
      let ok = true;
      if (buffers.length === 1) ok = socket.write(buffers[0]!);
      else {
        socket.cork();
        for (const b of buffers) ok = socket.write(b);
        socket.uncork();
      }
      if (ok) return Promise.resolve();
      return new Promise((resolve, reject) => drainWaiters.add({ resolve, reject }));
    },
    pause() {
      if (pauses++ === 0) socket.pause();
    },
    resume() {
      if (pauses > 0 && --pauses === 0 && !closed) socket.resume();
    },
    abort(source, reason) {
      if (link.closed) return;
      if (closeDetail === 'connection closed by peer') closeDetail = `aborted locally (source ${source}, reason ${reason})`;
      socket.end(encodeAbort({ source, reason }));
      // The peer should close after A-ABORT; do not wait on it forever.
      link.closeAfter(1_000);
    },
    end() {
      if (link.closed) return;
      socket.end();
      link.closeAfter(1_000);
    },
    closeAfter(ms) {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(() => socket.destroy(), ms);
      closeTimer.unref();
    },
  };
  return link;
}
