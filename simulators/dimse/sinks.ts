/** Small Writable helpers for C-STORE data sets. */
import { Writable } from 'node:stream';

/** Drops every byte; used when a handler wants no data, or failed before giving a sink. */
export function discardSink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/**
 * A sink standing in for one that an async handler has not produced yet. Bytes wait in this
 * stream's own buffer (the socket is paused by backpressure meanwhile), then are forwarded
 * honouring the target's backpressure. An undefined target discards.
 */
export function deferredSink(target: Promise<Writable | undefined>): Writable {
  let resolved: Writable | undefined;
  let ready = false;
  const whenReady = target.then((t) => {
    resolved = t;
    ready = true;
    t?.once('error', (err) => sink.destroy(err));
    return t;
  });
  const forward = (t: Writable | undefined, chunk: Buffer, callback: (err?: Error | null) => void): void => {
    if (!t || t.write(chunk)) return callback();
    t.once('drain', () => callback());
  };
  const sink: Writable = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      if (ready) return forward(resolved, chunk, callback);
      whenReady.then((t) => forward(t, chunk, callback), callback);
    },
    final(callback) {
      whenReady.then((t) => (t ? t.end(() => callback()) : callback()), callback);
    },
    destroy(err, callback) {
      if (err && resolved && !resolved.destroyed) resolved.destroy(err);
      callback(err);
    },
  });
  return sink;
}
