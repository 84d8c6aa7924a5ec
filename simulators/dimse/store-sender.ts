/**
 * Sends one C-STORE-RQ and awaits its response. A Part 10 file goes out as its own data set bytes
 * (no re-encoding) when an accepted context has the file's transfer syntax; otherwise it is
 * converted Explicit ↔ Implicit VR Little Endian. Used by the SCU and by C-GET on the SCP side.
 */
import type { Association, NegotiatedContext } from './association.ts';
import type { CommandSet } from './command-set.ts';
import { canConvert, convertDataset } from './dataset-codec.ts';
import { CommandField } from './dimse-constants.ts';
import { nowMs, type DimseObserver } from './observer.ts';
import { maxFragment, type DatasetSource } from './pdata-sender.ts';
import { loadPart10Sync, readFileChunks } from './part10.ts';
import type { ResponseRouter } from './response-router.ts';
import { readFile } from 'node:fs/promises';

/** A Part 10 file path, or data set bytes (no meta header) with their identity. */
export type StoreSource =
  | string
  | { readonly dataset: Buffer; readonly sopClassUid: string; readonly sopInstanceUid: string; readonly transferSyntaxUid: string };

/** Files up to this size are read in one go; larger ones are streamed in chunks. */
const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;

export interface StoreOptions {
  readonly router: ResponseRouter;
  readonly observer: Required<DimseObserver>;
  /** Which contexts may carry the C-STORE-RQ (SCU role for the requestor, SCP role for C-GET). */
  readonly usable: (context: NegotiatedContext) => boolean;
  readonly timeoutMs: number;
  readonly priority?: number;
  readonly moveOriginator?: { readonly ae: string; readonly messageId: number };
  /** Reused file buffers (one association's SCU); fresh buffers when omitted. */
  readonly buffers?: BufferPool;
}

/**
 * File buffers reused across C-STOREs of one association: a buffer goes back to the pool only
 * once the C-STORE-RSP has arrived (so the socket has long finished with it). Saves an
 * allocation, its page faults and its GC per instance.
 */
export interface BufferPool {
  take(size: number): Buffer;
  give(buffer: Buffer): void;
}

export function createBufferPool(keep = 3, maxSize = WHOLE_FILE_LIMIT): BufferPool {
  const free: Buffer[] = [];
  return {
    take(size) {
      const i = free.findIndex((b) => b.length >= size);
      if (i >= 0) return free.splice(i, 1)[0]!.subarray(0, size);
      // Round up so files of slightly different sizes share buffers.
      return Buffer.allocUnsafeSlow(Math.min(Math.max(size, Math.ceil(size / 65536) * 65536), Math.max(size, maxSize))).subarray(0, size);
    },
    give(buffer) {
      const whole = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.buffer.byteLength - buffer.byteOffset);
      if (buffer.byteOffset === 0 && whole.length <= maxSize && free.length < keep) free.push(whole);
    },
  };
}

/** A C-STORE ready to go: context chosen, data set bytes loaded (or a stream for large files). */
export interface PreparedStore {
  readonly source: StoreSource;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly context: NegotiatedContext;
  readonly dataset: DatasetSource;
  /** Pooled buffer to give back once the response arrived. */
  readonly pooled?: Buffer;
}

export interface StoreResult {
  readonly status: number;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly response: CommandSet;
}

function pickContext(association: Association, usable: StoreOptions['usable'], sopClassUid: string, ts: string): NegotiatedContext {
  const candidates = association.contexts.filter((c) => c.abstractSyntax === sopClassUid && usable(c));
  const exact = candidates.find((c) => c.transferSyntax === ts);
  const converted = candidates.find((c) => canConvert(ts, c.transferSyntax));
  const context = exact ?? converted;
  if (!context) {
    throw new Error(
      `no accepted presentation context for SOP class ${sopClassUid} with transfer syntax ${ts} (or a convertible one); refusing to send`,
    );
  }
  return context;
}

/** Loads and checks what `sendStore` sends; a file's bytes are read synchronously (no thread-pool hops). */
export async function prepareStore(association: Association, source: StoreSource, options: StoreOptions): Promise<PreparedStore> {
  if (typeof source !== 'string') {
    const context = pickContext(association, options.usable, source.sopClassUid, source.transferSyntaxUid);
    const dataset = convertDataset(source.dataset, source.transferSyntaxUid, context.transferSyntax);
    return { source, sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid, context, dataset };
  }
  let pooled: Buffer | undefined;
  const alloc = options.buffers ? (size: number): Buffer => (pooled = options.buffers!.take(size)) : undefined;
  const { info, bytes: whole } = loadPart10Sync(source, WHOLE_FILE_LIMIT, alloc);
  try {
    const { sopClassUid, sopInstanceUid } = info;
    const context = pickContext(association, options.usable, sopClassUid, info.transferSyntaxUid);
    let dataset: DatasetSource;
    if (whole) {
      dataset = convertDataset(whole.subarray(info.datasetOffset), info.transferSyntaxUid, context.transferSyntax);
    } else if (context.transferSyntax === info.transferSyntaxUid) {
      // Chunks of whole PDVs so no runt fragments appear at chunk boundaries.
      const fragment = maxFragment(association.peerMaxPdu);
      const chunk = Math.max(1, Math.floor((1024 * 1024) / fragment)) * fragment;
      dataset = readFileChunks(source, info.datasetOffset, chunk);
    } else {
      const bytes = await readFile(source);
      dataset = convertDataset(bytes.subarray(info.datasetOffset), info.transferSyntaxUid, context.transferSyntax);
    }
    return { source, sopClassUid, sopInstanceUid, context, dataset, ...(pooled && { pooled }) };
  } catch (err) {
    if (pooled) options.buffers?.give(pooled);
    throw err;
  }
}

export async function sendStore(association: Association, source: StoreSource, options: StoreOptions): Promise<StoreResult> {
  return sendPrepared(association, await prepareStore(association, source, options), options);
}

/**
 * Stores `sources` one after the other on `association`, preparing the next one (reading its
 * file) while the current one waits for its C-STORE-RSP. Stops at the first error.
 */
export async function sendStoreMany(association: Association, sources: Iterable<StoreSource>, options: StoreOptions, onResult?: (r: StoreResult) => void): Promise<StoreResult[]> {
  const results: StoreResult[] = [];
  const iterator = sources[Symbol.iterator]();
  const next = (): Promise<PreparedStore> | undefined => {
    const item = iterator.next();
    if (item.done) return undefined;
    const prepared = prepareStore(association, item.value, options);
    prepared.catch(() => undefined); // surfaced when awaited
    return prepared;
  };
  let current = next();
  while (current) {
    const prepared = await current;
    const sent = sendPrepared(association, prepared, options, () => (current = next()));
    const result = await sent;
    results.push(result);
    onResult?.(result);
  }
  return results;
}

/** Sends a prepared C-STORE-RQ and awaits the response; `onSent` runs once the request is out. */
export async function sendPrepared(association: Association, prepared: PreparedStore, options: StoreOptions, onSent?: () => void): Promise<StoreResult> {
  const { source, sopClassUid, sopInstanceUid, context, dataset } = prepared;
  const messageId = options.router.nextMessageId();
  const command: CommandSet = {
    CommandField: CommandField.CStoreRq,
    AffectedSOPClassUID: sopClassUid,
    MessageID: messageId,
    Priority: options.priority ?? 0,
    CommandDataSetType: 0x0000,
    AffectedSOPInstanceUID: sopInstanceUid,
    ...(options.moveOriginator && {
      MoveOriginatorApplicationEntityTitle: options.moveOriginator.ae,
      MoveOriginatorMessageID: options.moveOriginator.messageId,
    }),
  };
  const startMs = nowMs();
  const response = new Promise<CommandSet>((resolve, reject) => {
    options.router.expect(
      messageId,
      {
        onResponse: (r) => {
          resolve(r.command);
          return true;
        },
        onError: reject,
      },
      options.timeoutMs,
      `C-STORE-RQ of ${sopInstanceUid}`,
    );
  });
  let bytes = Buffer.isBuffer(dataset) ? dataset.length : 0;
  const counting = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  try {
    await association.send(context.id, command, Buffer.isBuffer(dataset) ? dataset : counting(dataset));
  } catch (err) {
    response.catch(() => undefined);
    throw err;
  }
  onSent?.();
  const rsp = await response;
  // The peer answered, so it has every byte: the socket is done with the buffer. (After an
  // error the buffer is simply left to the GC.)
  if (prepared.pooled) options.buffers?.give(prepared.pooled);
  options.observer.onDataset({
    ...association.ref,
    direction: 'sent',
    messageId,
    sopClassUid,
    sopInstanceUid,
    transferSyntax: context.transferSyntax,
    bytes,
    ...(typeof source === 'string' && { path: source }),
    startMs,
    endMs: nowMs(),
  });
  return { status: rsp.Status ?? 0xffff, sopClassUid, sopInstanceUid, response: rsp };
}
