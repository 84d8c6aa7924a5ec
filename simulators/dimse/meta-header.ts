/**
 * Encodes the Part 10 file preamble and File Meta Information (PS3.10 §7.1): 128-byte preamble,
 * "DICM", then group 0002 in Explicit VR Little Endian with (0002,0000) group length first.
 * Written by hand rather than through dcmjs so the network layer can put these bytes in front
 * of a dataset it streams to disk without ever parsing that dataset.
 */

import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './dimse-constants.ts';

export interface FileMeta {
  readonly mediaStorageSOPClassUID: string;
  readonly mediaStorageSOPInstanceUID: string;
  readonly transferSyntaxUID: string;
  readonly implementationClassUID?: string;
  readonly implementationVersionName?: string;
  /** Calling AE title of the association that sent the instance (PS3.10 Table 7.1-1, type 3). */
  readonly sourceApplicationEntityTitle?: string;
}

const UID_PAD = 0x00;
const TEXT_PAD = 0x20;

/** One explicit-VR element with a 2-byte length (UI, SH, AE, UL). */
function shortElement(element: number, vr: string, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** OB (and other long VRs) carry 2 reserved bytes and a 4-byte length. */
function longElement(element: number, vr: string, value: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  header.writeUInt32LE(value.length, 8);
  return Buffer.concat([header, value]);
}

function padded(text: string, pad: number, maxLength: number, what: string): Buffer {
  // eslint-disable-next-line no-control-regex
  if (text.length > maxLength || /[^\x20-\x7e]/.test(text)) throw new RangeError(`${what} "${text}" is not a valid value (≤ ${maxLength} ASCII characters)`);
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([pad])]);
}

const uid = (value: string, what: string): Buffer => {
  if (!/^[0-9.]{1,64}$/.test(value)) throw new RangeError(`${what} "${value}" is not a UID`);
  return padded(value, UID_PAD, 64, what);
};

/** Preamble + "DICM" + group 0002. Throws RangeError for values that cannot be encoded. */
export function encodeFileMetaHeader(meta: FileMeta): Buffer {
  const elements = [
    longElement(0x0001, 'OB', Buffer.from([0x00, 0x01])),
    shortElement(0x0002, 'UI', uid(meta.mediaStorageSOPClassUID, 'MediaStorageSOPClassUID')),
    shortElement(0x0003, 'UI', uid(meta.mediaStorageSOPInstanceUID, 'MediaStorageSOPInstanceUID')),
    shortElement(0x0010, 'UI', uid(meta.transferSyntaxUID, 'TransferSyntaxUID')),
    shortElement(0x0012, 'UI', uid(meta.implementationClassUID ?? IMPLEMENTATION_CLASS_UID, 'ImplementationClassUID')),
    shortElement(0x0013, 'SH', padded(meta.implementationVersionName ?? IMPLEMENTATION_VERSION_NAME, TEXT_PAD, 16, 'ImplementationVersionName')),
  ];
  const ae = meta.sourceApplicationEntityTitle?.trim();
  if (ae) elements.push(shortElement(0x0016, 'AE', padded(ae, TEXT_PAD, 16, 'SourceApplicationEntityTitle')));

  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length, 0);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), shortElement(0x0000, 'UL', groupLength), body]);
}
