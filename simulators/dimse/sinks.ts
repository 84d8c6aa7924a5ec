/**
 * Where received data set bytes go. `DatasetSink` is the light interface the association feeds
 * (no stream machinery per instance); a `Writable` is still accepted and adapted here.
 */
import { Writable } from 'node:stream';

/**
 * A light receiver for one data set's bytes, an alternative to a `Writable` for
 * `StoreAcceptance.sink` (no stream object, no event hop per chunk).
 *
 * - `write(chunk)`: the next bytes, in order. `chunk` may be reused once the call returns
 *   (copy what you keep). Returning a promise pauses reading from the connection until it
 *   settles (backpressure); a throw or rejection fails the store (status 0x0110).
 * - `end()`: every byte has arrived; the C-STORE-RSP waits for it. A throw/rejection fails the store.
 * - `destroy(error)`: the data set will not complete (association ended, or a write failed):
 *   drop what was written. Called at most once, never after `end()` was called.
 */
export interface DatasetSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
  destroy(error: Error): void;
}

export function isWritable(sink: Writable | DatasetSink): sink is Writable {
  return sink instanceof Writable;
}

/** Drops every byte; used when a handler wants no data, or failed before giving a sink. */
export function discardSink(): DatasetSink {
  return { write() {}, end() {}, destroy() {} };
}

/** Feeds a `Writable`: `false` from `write()` waits for 'drain'; an 'error' fails the next call. */
export function writableDatasetSink(w: Writable): DatasetSink {
  let failure: Error | undefined;
  let waiting: ((err?: Error) => void) | undefined;
  w.on('error', (err) => {
    failure ??= err;
    waiting?.(err);
  });
  return {
    write(chunk) {
      if (failure) throw failure;
      if (w.write(chunk)) return;
      return new Promise<void>((resolve, reject) => {
        const onDrain = (): void => settle();
        const settle = (err?: Error): void => {
          waiting = undefined;
          w.off('drain', onDrain);
          if (err) reject(err);
          else resolve();
        };
        waiting = settle;
        w.once('drain', onDrain);
      });
    },
    end() {
      if (failure) throw failure;
      return new Promise<void>((resolve, reject) => {
        waiting = reject;
        w.end(() => (failure ? reject(failure) : resolve()));
      });
    },
    destroy(error) {
      if (!w.destroyed) w.destroy(error);
    },
  };
}

/** Normalises what a handler returned. */
export function toDatasetSink(sink: Writable | DatasetSink | undefined): DatasetSink {
  if (!sink) return discardSink();
  return isWritable(sink) ? writableDatasetSink(sink) : sink;
}

/**
 * Stands in for the sink of an async handler that has not produced it yet: writes wait (the
 * association pauses the socket meanwhile) and then go to the target. An undefined target, or a
 * handler that failed, discards.
 */
export function deferredSink(target: Promise<Writable | DatasetSink | undefined>): DatasetSink {
  let resolved: DatasetSink | undefined;
  let destroyed: Error | undefined;
  const ready = target.then(
    (t) => {
      resolved = toDatasetSink(t);
      if (destroyed) resolved.destroy(destroyed);
      return resolved;
    },
    () => (resolved = discardSink()),
  );
  return {
    write(chunk) {
      if (resolved) return resolved.write(chunk);
      // The chunk may be reused after this call: keep a copy until the target exists.
      const copy = Buffer.from(chunk);
      return ready.then((t) => t.write(copy));
    },
    end() {
      return resolved ? resolved.end() : ready.then((t) => t.end());
    },
    destroy(error) {
      destroyed = error;
      resolved?.destroy(error);
    },
  };
}
