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
import { loadPart10, readFileChunks } from './part10.ts';
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

export async function sendStore(association: Association, source: StoreSource, options: StoreOptions): Promise<StoreResult> {
  let sopClassUid: string;
  let sopInstanceUid: string;
  let dataset: DatasetSource;
  let context: NegotiatedContext;
  if (typeof source === 'string') {
    const { info, bytes: whole } = await loadPart10(source, WHOLE_FILE_LIMIT);
    ({ sopClassUid, sopInstanceUid } = info);
    context = pickContext(association, options.usable, sopClassUid, info.transferSyntaxUid);
    if (whole) {
      dataset = convertDataset(whole.subarray(info.datasetOffset), info.transferSyntaxUid, context.transferSyntax);
    } else if (context.transferSyntax === info.transferSyntaxUid) {
      // Chunks of whole PDVs so no runt fragments appear at chunk boundaries.
      const fragment = maxFragment(association.peerMaxPdu);
      const chunk = Math.max(1, Math.floor((1024 * 1024) / fragment)) * fragment;
      dataset = readFileChunks(source, info.datasetOffset, chunk);
    } else {
      const whole = await readFile(source);
      dataset = convertDataset(whole.subarray(info.datasetOffset), info.transferSyntaxUid, context.transferSyntax);
    }
  } else {
    ({ sopClassUid, sopInstanceUid } = source);
    context = pickContext(association, options.usable, sopClassUid, source.transferSyntaxUid);
    dataset = convertDataset(source.dataset, source.transferSyntaxUid, context.transferSyntax);
  }

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
  const rsp = await response;
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
