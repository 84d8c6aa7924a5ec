/**
 * Turns one DIMSE message (command bytes + optional data set) into P-DATA-TF PDUs no larger than
 * the peer's maximum, writing header/payload pairs in corked batches so a 512 kB data set costs
 * a handful of writev calls and no payload copies.
 */
import type { PduLink } from './pdu-link.ts';
import { encodePdvHeader } from './pdu-writer.ts';

/** A data set to send: whole bytes, or a stream of chunks (file read) of any size. */
export type DatasetSource = Buffer | AsyncIterable<Buffer>;

/** When the peer announces 0 (no limit) we still fragment, to keep write batches bounded. */
const UNLIMITED_FRAGMENT = 256 * 1024;
/** Bytes of payload per corked write batch. */
const BATCH_BYTES = 1024 * 1024;

export function maxFragment(peerMaxPdu: number): number {
  if (peerMaxPdu === 0) return UNLIMITED_FRAGMENT;
  // A P-DATA-TF body holds the 4-byte PDV length, context id and control header, then data.
  return Math.max(1, peerMaxPdu - 6);
}

/** Appends header/payload pairs for `data` to `out`; the final fragment carries `last`. */
function fragment(out: Buffer[], contextId: number, isCommand: boolean, data: Buffer, last: boolean, max: number): void {
  if (data.length === 0) {
    if (last) out.push(encodePdvHeader({ contextId, isCommand, isLast: true }, 0));
    return;
  }
  for (let offset = 0; offset < data.length; offset += max) {
    const end = Math.min(offset + max, data.length);
    out.push(encodePdvHeader({ contextId, isCommand, isLast: last && end === data.length }, end - offset));
    out.push(data.subarray(offset, end));
  }
}

/** Returns the number of data set bytes sent. */
export async function sendMessage(
  link: PduLink,
  peerMaxPdu: number,
  contextId: number,
  command: Buffer,
  dataset: DatasetSource | undefined,
): Promise<number> {
  const max = maxFragment(peerMaxPdu);
  const batch: Buffer[] = [];
  fragment(batch, contextId, true, command, true, max);
  if (!dataset) {
    // A response fits one PDV: one buffer, one write, no cork (the common case on the receive path).
    await link.write(batch.length === 2 ? [Buffer.concat(batch)] : batch);
    return 0;
  }
  if (Buffer.isBuffer(dataset)) {
    // Send the command together with the first slice of data in one batch.
    const step = Math.max(max, Math.floor(BATCH_BYTES / max) * max);
    for (let offset = 0; offset < dataset.length || offset === 0; offset += step) {
      const end = Math.min(offset + step, dataset.length);
      fragment(batch, contextId, false, dataset.subarray(offset, end), end === dataset.length, max);
      await link.write(batch.splice(0));
      if (dataset.length === 0) break;
    }
    return dataset.length;
  }
  // Stream: hold one chunk back so the last fragment can be flagged without knowing the length.
  let held: Buffer | undefined;
  let bytes = 0;
  for await (const chunk of dataset) {
    if (held) {
      fragment(batch, contextId, false, held, false, max);
      await link.write(batch.splice(0));
    }
    held = chunk;
    bytes += chunk.length;
  }
  fragment(batch, contextId, false, held ?? Buffer.alloc(0), true, max);
  await link.write(batch.splice(0));
  return bytes;
}
