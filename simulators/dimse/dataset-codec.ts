/**
 * Small data sets (C-FIND/C-MOVE/C-GET identifiers) through dcmjs, and the one conversion the
 * SCU needs when a file's transfer syntax differs from the negotiated one (Explicit ↔ Implicit
 * VR Little Endian). Large C-STORE data sets never pass through here unless converted.
 */
import dcmjs from 'dcmjs';
import { TransferSyntax } from './dimse-constants.ts';
import { fastDecodeIdentifier, fastEncodeIdentifier } from './identifier-codec.ts';
import type { DatasetSink } from './sinks.ts';

const { DicomMessage, DicomMetaDictionary, ReadBufferStream, WriteBufferStream } = dcmjs.data;

export type Identifier = Record<string, unknown>;

const CONVERTIBLE = new Set<string>([TransferSyntax.ImplicitVrLittleEndian, TransferSyntax.ExplicitVrLittleEndian]);

export function canConvert(from: string, to: string): boolean {
  return from === to || (CONVERTIBLE.has(from) && CONVERTIBLE.has(to));
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

type DcmjsRead = (stream: InstanceType<typeof ReadBufferStream>, syntax: string, options: Record<string, unknown>) => Record<string, unknown>;
type DcmjsWrite = (dict: Record<string, unknown>, stream: unknown, syntax: string, options: Record<string, unknown>) => number;

/** Raw dcmjs dictionary of a data set without meta header. */
export function readRawDataset(bytes: Buffer, transferSyntax: string): Record<string, unknown> {
  const read = (DicomMessage as unknown as { _read: DcmjsRead })._read;
  return read.call(DicomMessage, new ReadBufferStream(toArrayBuffer(bytes)), transferSyntax, { ignoreErrors: false });
}

export function writeRawDataset(dict: Record<string, unknown>, transferSyntax: string): Buffer {
  const stream = new WriteBufferStream();
  const write = (DicomMessage as unknown as { write: DcmjsWrite }).write;
  write.call(DicomMessage, dict, stream, transferSyntax, {});
  return Buffer.from(stream.getBuffer());
}

/** Naturalized as dcmjs does it (fast path in identifier-codec.ts; dcmjs for what it does not cover). */
export function decodeIdentifier(bytes: Buffer, transferSyntax: string): Identifier {
  const fast = fastDecodeIdentifier(bytes, transferSyntax);
  if (fast) return fast;
  const natural = DicomMetaDictionary.naturalizeDataset(readRawDataset(bytes, transferSyntax));
  delete natural._vrMap;
  return natural;
}

export function encodeIdentifier(identifier: Identifier, transferSyntax: string): Buffer {
  return fastEncodeIdentifier(identifier, transferSyntax) ?? writeRawDataset(DicomMetaDictionary.denaturalizeDataset({ ...identifier }), transferSyntax);
}

/** Re-encodes a data set between Implicit and Explicit VR Little Endian. */
export function convertDataset(bytes: Buffer, from: string, to: string): Buffer {
  if (from === to) return bytes;
  if (!canConvert(from, to)) throw new Error(`cannot convert data set from ${from} to ${to}`);
  return writeRawDataset(readRawDataset(bytes, from), to);
}

/** A sink that buffers a small data set, failing beyond `limit` bytes rather than growing. */
export function collectSink(limit = 16 * 1024 * 1024): DatasetSink & { bytes(): Buffer } {
  const parts: Buffer[] = [];
  let size = 0;
  return {
    write(chunk) {
      size += chunk.length;
      if (size > limit) throw new Error(`data set larger than ${limit} bytes where a small identifier was expected`);
      parts.push(Buffer.from(chunk)); // the chunk may be reused by the connection
    },
    end() {},
    destroy() {
      parts.length = 0;
      size = 0;
    },
    bytes: () => Buffer.concat(parts, size),
  };
}
