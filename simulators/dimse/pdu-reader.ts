/**
 * Incremental PDU parser over a TCP byte stream. It holds at most a 6-byte header, one small
 * control PDU body, or a 6-byte PDV item header; P-DATA payload is passed on as slices of the
 * received chunks (no copy), so a 500 kB C-STORE dataset never accumulates here.
 */
import { decodeControlPdu } from './pdu-decode.ts';
import { AbortReason, PduError, PduType, type ControlPdu, type PdvHeader } from './pdu-types.ts';

export interface PduReaderHandlers {
  onControl(pdu: ControlPdu): void;
  /** A PDV slice; `pdvEnd` marks the last slice of that PDV (the message-level "last" is in the header). */
  onPdv(header: PdvHeader, data: Buffer, pdvEnd: boolean): void;
  /** Called once, after which the reader ignores all input. */
  onError(error: PduError): void;
}

export interface PduReaderLimits {
  /** Largest P-DATA-TF PDU length we accept (what we announced as maximum length; 0 = unlimited). */
  readonly maxPDataLength: number;
  /** Largest control PDU body; A-ASSOCIATE-RQ with 128 contexts fits comfortably. */
  readonly maxControlLength?: number;
}

export interface PduReader {
  push(chunk: Buffer): void;
  readonly failed: boolean;
}

const KNOWN_TYPES = new Set<number>(Object.values(PduType));

export function createPduReader(handlers: PduReaderHandlers, limits: PduReaderLimits): PduReader {
  const maxControl = limits.maxControlLength ?? 256 * 1024;
  // Partial fixed-size headers are copied here; 6 bytes covers both the PDU and PDV headers.
  const head = Buffer.alloc(6);
  let headFill = 0;
  let state: 'pdu-header' | 'control-body' | 'pdv-header' | 'pdv-data' = 'pdu-header';
  let pduType = 0;
  let pduRemaining = 0;
  let controlParts: Buffer[] = [];
  let controlFill = 0;
  let pdv: PdvHeader = { contextId: 0, isCommand: false, isLast: false };
  let pdvRemaining = 0;
  let failed = false;

  /** Copies up to 6 header bytes from `chunk`; returns the new offset. */
  function fillHead(chunk: Buffer, offset: number): number {
    const take = Math.min(6 - headFill, chunk.length - offset);
    chunk.copy(head, headFill, offset, offset + take);
    headFill += take;
    return offset + take;
  }

  function startPdu(): void {
    pduType = head[0]!;
    pduRemaining = head.readUInt32BE(2);
    headFill = 0;
    if (!KNOWN_TYPES.has(pduType)) {
      throw new PduError(`unrecognized PDU type 0x${pduType.toString(16)}`, AbortReason.UnrecognizedPdu);
    }
    if (pduType === PduType.PData) {
      if (limits.maxPDataLength > 0 && pduRemaining > limits.maxPDataLength) {
        throw new PduError(`P-DATA-TF of ${pduRemaining} bytes exceeds the announced maximum ${limits.maxPDataLength}`, AbortReason.InvalidPduParameterValue);
      }
      if (pduRemaining < 6) throw new PduError(`P-DATA-TF of ${pduRemaining} bytes cannot hold a PDV`, AbortReason.InvalidPduParameterValue);
      state = 'pdv-header';
      return;
    }
    if (pduRemaining > maxControl) {
      throw new PduError(`PDU type 0x${pduType.toString(16)} of ${pduRemaining} bytes exceeds ${maxControl}`, AbortReason.InvalidPduParameterValue);
    }
    controlParts = [];
    controlFill = 0;
    state = 'control-body';
    if (pduRemaining === 0) finishControl();
  }

  function finishControl(): void {
    const body = controlParts.length === 1 ? controlParts[0]! : Buffer.concat(controlParts, controlFill);
    controlParts = [];
    state = 'pdu-header';
    handlers.onControl(decodeControlPdu(pduType, body));
  }

  function startPdv(): void {
    const itemLength = head.readUInt32BE(0);
    headFill = 0;
    if (itemLength < 2 || itemLength + 4 > pduRemaining) {
      throw new PduError(`PDV item length ${itemLength} does not fit its P-DATA-TF (${pduRemaining} left)`, AbortReason.InvalidPduParameterValue);
    }
    const contextId = head[4]!;
    const control = head[5]!;
    pdv = { contextId, isCommand: (control & 0x01) !== 0, isLast: (control & 0x02) !== 0 };
    pduRemaining -= itemLength + 4;
    pdvRemaining = itemLength - 2;
    state = 'pdv-data';
    if (pdvRemaining === 0) endPdv(Buffer.alloc(0));
  }

  function endPdv(slice: Buffer): void {
    state = pduRemaining === 0 ? 'pdu-header' : 'pdv-header';
    handlers.onPdv(pdv, slice, true);
  }

  function consume(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !failed) {
      switch (state) {
        case 'pdu-header':
          offset = fillHead(chunk, offset);
          if (headFill === 6) startPdu();
          break;
        case 'control-body': {
          const take = Math.min(pduRemaining - controlFill, chunk.length - offset);
          // Copy: control PDUs are small and the chunk may be reused by the socket.
          controlParts.push(Buffer.from(chunk.subarray(offset, offset + take)));
          controlFill += take;
          offset += take;
          if (controlFill === pduRemaining) finishControl();
          break;
        }
        case 'pdv-header':
          offset = fillHead(chunk, offset);
          if (headFill === 6) startPdv();
          break;
        case 'pdv-data': {
          const take = Math.min(pdvRemaining, chunk.length - offset);
          const slice = chunk.subarray(offset, offset + take);
          offset += take;
          pdvRemaining -= take;
          if (pdvRemaining === 0) endPdv(slice);
          else handlers.onPdv(pdv, slice, false);
          break;
        }
      }
    }
  }

  return {
    get failed() {
      return failed;
    },
    push(chunk) {
      if (failed) return;
      try {
        consume(chunk);
      } catch (err) {
        failed = true;
        const error = err instanceof PduError ? err : new PduError(`PDU handling failed: ${(err as Error).message}`, AbortReason.NotSpecified);
        handlers.onError(error);
      }
    },
  };
}
