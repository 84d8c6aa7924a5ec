/**
 * DICOM Part 10 files (PS3.10 §7): reading just the meta header so the data set bytes can be
 * sent untouched, streaming those bytes, and writing received data sets as Part 10 files.
 */
import { closeSync, fstatSync, openSync, readSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type { DatasetSink } from './sinks.ts';
import { encodeFileMetaHeader } from './meta-header.ts';

export interface Part10Info {
  readonly path: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /** Byte offset of the data set, right after the meta header. */
  readonly datasetOffset: number;
  readonly fileSize: number;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const HEAD_READ = 64 * 1024;

function text(buf: Buffer): string {
  return buf.toString('latin1').replace(/[\0 ]+$/, '');
}

/** Parses the group 0002 elements (always Explicit VR Little Endian) at the start of `head`. */
export function parsePart10Head(path: string, head: Buffer, fileSize: number): Part10Info {
  if (head.length < 132 || head.toString('latin1', 128, 132) !== 'DICM') throw new Error(`${path}: not a DICOM Part 10 file (no DICM prefix)`);
  const values = new Map<number, Buffer>();
  let offset = 132;
  while (offset + 8 <= head.length && head.readUInt16LE(offset) === 0x0002) {
    const element = head.readUInt16LE(offset + 2);
    const vr = head.toString('latin1', offset + 4, offset + 6);
    const long = LONG_VRS.has(vr);
    const length = long ? head.readUInt32LE(offset + 8) : head.readUInt16LE(offset + 6);
    const valueStart = offset + (long ? 12 : 8);
    if (valueStart + length > head.length) throw new Error(`${path}: meta header element (0002,${element.toString(16)}) runs past the first ${head.length} bytes`);
    values.set(element, head.subarray(valueStart, valueStart + length));
    offset = valueStart + length;
  }
  const need = (element: number, name: string): string => {
    const v = values.get(element);
    if (!v) throw new Error(`${path}: meta header lacks ${name}`);
    return text(v);
  };
  return {
    path,
    sopClassUid: need(0x0002, 'MediaStorageSOPClassUID'),
    sopInstanceUid: need(0x0003, 'MediaStorageSOPInstanceUID'),
    transferSyntaxUid: need(0x0010, 'TransferSyntaxUID'),
    datasetOffset: offset,
    fileSize,
  };
}

export async function readPart10Info(path: string): Promise<Part10Info> {
  return (await loadPart10(path, 0)).info;
}

/** The data set bytes of a Part 10 file (everything after the meta header), as DIMSE carries them. */
export async function readDatasetBytes(path: string): Promise<Buffer> {
  const { info, bytes } = await loadPart10(path, Number.MAX_SAFE_INTEGER);
  return bytes!.subarray(info.datasetOffset);
}

/**
 * Reads a Part 10 file's meta header, and the whole file when it is at most `wholeLimit` bytes
 * (one open/read/close instead of many small hops; the bytes are then sent as they are).
 */
export async function loadPart10(path: string, wholeLimit: number): Promise<{ info: Part10Info; bytes?: Buffer }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const whole = size <= wholeLimit;
    const head = Buffer.allocUnsafe(whole ? size : Math.min(HEAD_READ, size));
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const info = parsePart10Head(path, bytes, size);
    return whole ? { info, bytes } : { info };
  } finally {
    await file.close();
  }
}

/**
 * Synchronous `loadPart10` for files up to `wholeLimit` bytes, read into `alloc(size)` (a reused
 * buffer saves a fresh allocation and its page faults per file): one open/fstat/read/close and no
 * thread-pool hops. Larger files get the meta header only (`bytes` undefined), for streaming.
 */
export function loadPart10Sync(path: string, wholeLimit: number, alloc: (size: number) => Buffer = Buffer.allocUnsafe): { info: Part10Info; bytes?: Buffer } {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const whole = size <= wholeLimit;
    const head = whole ? alloc(size) : Buffer.allocUnsafe(Math.min(HEAD_READ, size));
    let filled = 0;
    while (filled < head.length) {
      const n = readSync(fd, head, filled, head.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    const bytes = head.subarray(0, filled);
    const info = parsePart10Head(path, bytes, size);
    return whole ? { info, bytes } : { info };
  } finally {
    closeSync(fd);
  }
}

/** Reads `path` from `offset` in chunks of `chunkSize` (a multiple of the PDV size avoids runt PDVs). */
export async function* readFileChunks(path: string, offset: number, chunkSize: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    let position = offset;
    for (;;) {
      // A fresh buffer per chunk: the socket may still hold the previous one.
      const buf = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await file.read(buf, 0, chunkSize, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === chunkSize ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

export interface Part10Meta {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly sourceAe?: string;
}

/** Preamble, DICM prefix and file meta information group for a data set. */
export function buildPart10Header(meta: Part10Meta): Buffer {
  return encodeFileMetaHeader({
    mediaStorageSOPClassUID: meta.sopClassUid,
    mediaStorageSOPInstanceUID: meta.sopInstanceUid,
    transferSyntaxUID: meta.transferSyntaxUid,
    ...(meta.sourceAe && { sourceApplicationEntityTitle: meta.sourceAe }),
  });
}

/** Writes every byte of `buffers` at the file position of `fd` (one writev in the usual case). */
export function writeFully(fd: number, buffers: readonly Buffer[]): void {
  let total = 0;
  for (const b of buffers) total += b.length;
  const written = buffers.length === 1 ? writeSync(fd, buffers[0]!) : writevSync(fd, buffers as Buffer[]);
  if (written === total) return;
  // Short write (rare: disk nearly full, signals): finish one buffer at a time; errors throw.
  let skip = written;
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    for (let o = skip; o < b.length; ) o += writeSync(fd, b, o, b.length - o);
    skip = 0;
  }
}

/**
 * A light sink writing a received C-STORE data set as a Part 10 file: meta header first, then
 * each chunk as it arrives, with synchronous writes into a file opened once (as DCMTK does).
 * A thread-pool round trip per write costs more than the page-cache copy it would hide on a
 * 2-core machine, and the sending SCU waits on it before it gets its C-STORE-RSP. A slow disk
 * blocks the write, and so the reading of the socket: memory stays bounded.
 * `destroy()` closes and deletes the partial file.
 */
export function part10FileWriter(path: string, meta: Part10Meta): DatasetSink {
  let fd: number | undefined;
  let header: Buffer | undefined = buildPart10Header(meta);
  let closed = false;
  const open = (): number => (fd ??= openSync(path, 'w'));
  return {
    write(chunk) {
      const n = open();
      if (header) {
        writeFully(n, [header, chunk]);
        header = undefined;
      } else writeFully(n, [chunk]);
    },
    end() {
      const n = open();
      if (header) writeFully(n, [header]);
      header = undefined;
      closed = true;
      closeSync(n);
    },
    destroy() {
      if (closed) return;
      closed = true;
      if (fd === undefined) return;
      try {
        closeSync(fd);
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/**
 * The same file as `part10FileWriter`, as a `Writable` (kept for callers that want a stream; a
 * destroyed stream leaves its partial file in place).
 */
export function part10FileSink(path: string, meta: Part10Meta): Writable {
  let fd: number | undefined;
  let header: Buffer | undefined = buildPart10Header(meta);
  return new Writable({
    highWaterMark: 1024 * 1024,
    writev(chunks, callback) {
      try {
        fd ??= openSync(path, 'w');
        const buffers = chunks.map((c) => c.chunk as Buffer);
        if (header) buffers.unshift(header);
        header = undefined;
        writeFully(fd, buffers);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    final(callback) {
      try {
        fd ??= openSync(path, 'w');
        if (header) writeFully(fd, [header]);
        header = undefined;
        const n = fd;
        fd = undefined;
        closeSync(n);
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    destroy(err, callback) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // ignore
        }
        fd = undefined;
      }
      callback(err);
    },
  });
}
