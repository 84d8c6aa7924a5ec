/**
 * Which encoding the imaging document source can send a stored instance in, for the
 * TransferSyntaxUIDList of a RAD-69 request (RAD TF-3 4.69.4.1.2): the stored one when it is
 * listed (the file goes out byte for byte), else Explicit ↔ Implicit VR Little Endian, the only
 * conversion this simulator makes (a re-encoding of the same elements, no pixel transcoding).
 * Anything else (e.g. a JPEG request for a little endian file) is unavailable.
 */
import dcmjs from 'dcmjs';
import { TRANSFER_SYNTAX } from './rad69-messages.ts';

export type TransferSyntaxChoice =
  | { readonly kind: 'as-is'; readonly transferSyntaxUid: string }
  | { readonly kind: 'convert'; readonly from: string; readonly to: string }
  | { readonly kind: 'unavailable'; readonly stored: string; readonly requested: readonly string[] };

const CONVERTIBLE: ReadonlySet<string> = new Set([TRANSFER_SYNTAX.explicitVrLittleEndian, TRANSFER_SYNTAX.implicitVrLittleEndian]);
const TRANSFER_SYNTAX_TAG = '00020010';

/** `requested` is in the requester's order of preference; the first convertible one wins. */
export function chooseTransferSyntax(stored: string, requested: readonly string[]): TransferSyntaxChoice {
  if (requested.includes(stored)) return { kind: 'as-is', transferSyntaxUid: stored };
  const target = CONVERTIBLE.has(stored) ? requested.find((t) => CONVERTIBLE.has(t)) : undefined;
  return target ? { kind: 'convert', from: stored, to: target } : { kind: 'unavailable', stored, requested };
}

/**
 * Re-encodes a Part 10 file (Explicit or Implicit VR Little Endian) in the other little endian
 * syntax. The file meta group is rewritten by dcmjs with the new TransferSyntaxUID; every data
 * element keeps its tag and value. Throws when the file is not one of the two syntaxes.
 */
export function convertPart10(bytes: Uint8Array, to: string): Uint8Array {
  if (!CONVERTIBLE.has(to)) throw new Error(`cannot convert to transfer syntax ${to}: only ${[...CONVERTIBLE].join(' and ')}`);
  const copy = new Uint8Array(bytes).buffer; // dcmjs wants an exactly-sized ArrayBuffer of its own
  const dict = dcmjs.data.DicomMessage.readFile(copy);
  const from = (dict.meta[TRANSFER_SYNTAX_TAG] as { Value?: string[] } | undefined)?.Value?.[0];
  if (!from || !CONVERTIBLE.has(from)) throw new Error(`cannot convert from transfer syntax ${from ?? '(none)'}`);
  dict.meta[TRANSFER_SYNTAX_TAG] = { vr: 'UI', Value: [to] };
  return new Uint8Array(dict.write());
}
