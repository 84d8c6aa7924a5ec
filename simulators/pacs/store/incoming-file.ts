/**
 * A received instance on its way to disk, as a light DIMSE `DatasetSink`: the File Meta
 * Information and each received chunk are written synchronously into a file opened once (a
 * thread-pool hop per write costs more than the page-cache copy on a 2-core machine, and a slow
 * disk then blocks the socket too: memory stays bounded). The bytes up to Pixel Data are also
 * kept in memory, so `commit()` parses the header without reading the file back.
 */
import { closeSync, openSync, unlinkSync } from 'node:fs';
import type { DatasetSink } from '../../dimse/index.ts';
import { writeFully } from '../../dimse/part10.ts';
import { datasetExtent } from './dataset-extent.ts';

/** Beyond this many header bytes (huge sequences, or no Pixel Data at all) the header is read back from disk. */
export const PREFIX_LIMIT = 4 * 1024 * 1024;

/** Tag, VR, reserved bytes and 4-byte length of an explicit VR OB/OW element (implicit VR needs 8). */
const PIXEL_DATA_HEADER = 12;

export interface IncomingFile extends DatasetSink {
  readonly path: string;
  /** Bytes in the file so far (meta header included). */
  readonly size: number;
  /** Whether `end()` has closed the file. */
  readonly ended: boolean;
  /** Whether `destroy()` has removed the file. */
  readonly destroyed: boolean;
  /**
   * The file's first bytes, through the Pixel Data element header when `complete` is false (the rest
   * was not kept); the whole file when `complete` is true. `undefined` when they were not all
   * kept (over `PREFIX_LIMIT`, or a structure the walker rejects): read the file instead.
   */
  prefix(): { readonly bytes: Buffer; readonly complete: boolean } | undefined;
}

/**
 * Creates `path` (exclusively) holding `metaHeader`, and returns the sink for the data set that
 * follows. `openFd`: `path` was already created empty and opened for writing (a spare made ahead).
 */
export function createIncomingFile(path: string, metaHeader: Buffer, openFd?: number): IncomingFile {
  const fd = openFd ?? openSync(path, 'wx');
  let size = 0;
  let ended = false;
  let destroyed = false;
  let pending: Buffer | undefined = metaHeader; // written together with the first chunk
  // Kept prefix: grows until the walker finds Pixel Data (then frozen) or PREFIX_LIMIT is passed.
  let kept: Buffer | undefined = Buffer.allocUnsafe(Math.max(64 * 1024, metaHeader.length * 2));
  metaHeader.copy(kept);
  let keptLength = metaHeader.length;
  let pixelDataAt: number | undefined;

  function keep(chunk: Buffer): void {
    if (!kept || pixelDataAt !== undefined) return;
    if (keptLength + chunk.length > PREFIX_LIMIT) {
      kept = undefined;
      return;
    }
    if (keptLength + chunk.length > kept.length) {
      const grown = Buffer.allocUnsafe(Math.min(PREFIX_LIMIT, Math.max(kept.length * 2, keptLength + chunk.length)));
      kept.copy(grown, 0, 0, keptLength);
      kept = grown;
    }
    chunk.copy(kept, keptLength);
    keptLength += chunk.length;
    try {
      const extent = datasetExtent(kept.subarray(0, keptLength));
      if (extent.kind === 'pixel-data') {
        // Keep the Pixel Data element header (so the walker finds it again), drop the pixels.
        pixelDataAt = extent.offset;
        keptLength = Math.min(keptLength, pixelDataAt + PIXEL_DATA_HEADER);
        kept = Buffer.from(kept.subarray(0, keptLength));
      }
    } catch {
      kept = undefined; // malformed: commit reads the file and reports it the usual way
    }
  }

  function write(buffers: Buffer[]): void {
    writeFully(fd, buffers);
    for (const b of buffers) size += b.length;
  }

  return {
    path,
    get size() {
      return size;
    },
    get ended() {
      return ended;
    },
    get destroyed() {
      return destroyed;
    },
    write(chunk) {
      if (ended || destroyed) throw new Error(`${path}: write after ${destroyed ? 'destroy' : 'end'}`);
      keep(chunk);
      if (pending) {
        write([pending, chunk]);
        pending = undefined;
      } else write([chunk]);
    },
    end() {
      if (ended || destroyed) return;
      try {
        if (pending) write([pending]);
        pending = undefined;
      } finally {
        ended = true;
        closeSync(fd);
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      kept = undefined;
      if (!ended) {
        ended = true;
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      }
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
    prefix() {
      if (!kept) return undefined;
      return { bytes: kept.subarray(0, keptLength), complete: pixelDataAt === undefined };
    },
  };
}
