import { describe, expect, it } from 'vitest';
import { indexFieldsFromPrefix } from './index-fields.ts';
import { recordFromDataset } from './index-record.ts';
import { encodeFileMetaHeader } from '../../dimse/meta-header.ts';
import { headerFromPrefix } from './read-header.ts';
import { encodeDataset, EXPLICIT_VR_LE, IMPLICIT_VR_LE, sampleDataset, SECONDARY_CAPTURE } from './sample-datasets.ts';

const FILE = { path: '/x.dcm', transferSyntaxUid: EXPLICIT_VR_LE, size: 1 };
const keys = { studyUid: '1.2.3', seriesUid: '1.2.3.1', sopUid: '1.2.3.1.1' };

function part10(dataset: Buffer, transferSyntaxUID = EXPLICIT_VR_LE): Buffer {
  return Buffer.concat([encodeFileMetaHeader({ mediaStorageSOPClassUID: SECONDARY_CAPTURE, mediaStorageSOPInstanceUID: '1.2.3.1.1', transferSyntaxUID }), dataset]);
}

/** Record via the direct decoder and via dcmjs; the direct one must not decline. */
function bothRecords(bytes: Buffer) {
  const fast = indexFieldsFromPrefix(bytes);
  const slow = headerFromPrefix('/x.dcm', bytes, bytes.length, true)!;
  expect(fast, 'direct decoder declined').toBeDefined();
  expect(fast!.transferSyntaxUid).toBe(slow.meta.TransferSyntaxUID);
  return { fast: recordFromDataset(fast!.ds, FILE), slow: recordFromDataset(slow.ds, FILE) };
}

/** One explicit VR LE element (short or long length form), value padded to even length with `pad`. */
function el(group: number, element: number, vr: string, value: Buffer | string, pad = ' '): Buffer {
  let v = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (v.length % 2) v = Buffer.concat([v, Buffer.from(pad, 'latin1')]);
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR'].includes(vr);
  const h = Buffer.alloc(long ? 12 : 8);
  h.writeUInt16LE(group, 0);
  h.writeUInt16LE(element, 2);
  h.write(vr, 4, 'latin1');
  if (long) h.writeUInt32LE(v.length, 8);
  else h.writeUInt16LE(v.length, 6);
  return Buffer.concat([h, v]);
}
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** A hand-made data set: the required UIDs plus `extra` elements, in tag order, then Pixel Data. */
function handMade(extra: Buffer[], charset?: Buffer): Buffer {
  const tagOf = (b: Buffer): number => (b.readUInt16LE(0) << 16) | b.readUInt16LE(2);
  const elements = [
    ...(charset ? [charset] : []),
    el(0x0008, 0x0016, 'UI', SECONDARY_CAPTURE, '\0'),
    el(0x0008, 0x0018, 'UI', '1.2.3.1.1', '\0'),
    el(0x0020, 0x000d, 'UI', '1.2.3', '\0'),
    el(0x0020, 0x000e, 'UI', '1.2.3.1', '\0'),
    ...extra,
  ].sort((a, b) => tagOf(a) - tagOf(b));
  return part10(Buffer.concat([...elements, el(0x7fe0, 0x0010, 'OB', Buffer.from([1, 2, 3, 4]))]));
}

describe('indexFieldsFromPrefix', () => {
  it('gives the record dcmjs gives, explicit and implicit VR, ISO_IR 192 names and multi-values', () => {
    const datasets = [
      sampleDataset(keys),
      sampleDataset(keys, { PatientName: [{ Alphabetic: 'Dvořák^Jiří', Ideographic: '德沃夏克^伊日', Phonetic: 'dvor' }], StudyDescription: 'Hirnschädel ÄÖÜ ß', InstitutionName: '東京病院' }),
      sampleDataset(keys, { ReferringPhysicianName: [{ Alphabetic: 'A^B' }, { Alphabetic: 'C^D' }], StationName: 'S1', BodyPartExamined: 'HEAD', SeriesNumber: 12, InstanceNumber: 7, NumberOfFrames: 3 }),
      sampleDataset(keys, { StudyTime: '101500', StudyDate: '20240115', PatientAge: '042Y', PatientBirthTime: '0830', ContentDate: '20240115', ContentTime: '101501.123', Laterality: 'L' }),
      sampleDataset(keys, { SpecificCharacterSet: undefined, PatientID: 'P\\Q', AccessionNumber: '', IssuerOfAccessionNumberSequence: [], Manufacturer: 'ACME', ProtocolName: 'proto' }),
      sampleDataset(keys, { SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen', StudyDescription: 'Thorax' }),
    ];
    for (const ds of datasets) {
      for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
        const { fast, slow } = bothRecords(part10(encodeDataset(ds, ts), ts));
        expect(fast).toEqual(slow);
      }
    }
  });

  it('gives the record dcmjs gives for odd encodings: padding, junk in IS and UI, PN groups, latin1 without a character set, BOM', () => {
    const cases: Buffer[][] = [
      [el(0x0020, 0x0011, 'IS', ' 1a2 '), el(0x0020, 0x0013, 'IS', '+5\\7'), el(0x0028, 0x0008, 'IS', '')],
      [el(0x0010, 0x0010, 'PN', 'A^B=='), el(0x0008, 0x0090, 'PN', '=Ideo\\Second^X ')],
      [el(0x0010, 0x0010, 'PN', ' '), el(0x0010, 0x0020, 'LO', '  pid  '), el(0x0008, 0x0050, 'SH', '')],
      [el(0x0010, 0x0020, 'LO', Buffer.from([0x4d, 0xfc, 0x6c, 0x80, 0x9f])), el(0x0008, 0x1030, 'LO', 'a\0b ')],
      [el(0x0008, 0x0060, 'CS', 'CT\\MR '), el(0x0018, 0x0015, 'CS', ' head'), el(0x0010, 0x0040, 'CS', '')],
      [el(0x0008, 0x0020, 'DA', '20240101-20240202'), el(0x0008, 0x0030, 'TM', '10:15:00'), el(0x0010, 0x1010, 'AS', '009M')],
      [el(0x0008, 0x0020, 'DA', '2024.01.15'), el(0x0008, 0x0021, 'DA', ''), el(0x0008, 0x0031, 'TM', '1015 ')],
    ];
    for (const extra of cases) {
      const { fast, slow } = bothRecords(handMade(extra));
      expect(fast).toEqual(slow);
    }
    const utf8Cases: Buffer[][] = [
      [el(0x0010, 0x0010, 'PN', utf8('\ufeffŁukasz^Żółw')), el(0x0008, 0x1030, 'LO', utf8('naïve\u3000 '))],
      [el(0x0010, 0x0010, 'PN', Buffer.from([0x41, 0xc3, 0x28, 0xff]))], // invalid UTF-8
    ];
    for (const extra of utf8Cases) {
      const { fast, slow } = bothRecords(handMade(extra, el(0x0008, 0x0005, 'CS', 'ISO_IR 192')));
      expect(fast).toEqual(slow);
    }
    // Zero-length Specific Character Set: dcmjs still reports 'ISO_IR 192'.
    const { fast, slow } = bothRecords(handMade([el(0x0010, 0x0010, 'PN', 'X^Y')], el(0x0008, 0x0005, 'CS', '')));
    expect(fast).toEqual(slow);
  });

  it('declines what only dcmjs handles; the store then falls back to dcmjs', () => {
    const iso2022 = handMade([el(0x0010, 0x0010, 'PN', 'Yamada')], el(0x0008, 0x0005, 'CS', '\\ISO 2022 IR 87'));
    expect(indexFieldsFromPrefix(iso2022)).toBeUndefined();
    const otherCharset = handMade([el(0x0010, 0x0010, 'PN', 'x')], el(0x0008, 0x0005, 'CS', 'ISO_IR 144'));
    expect(indexFieldsFromPrefix(otherCharset)).toBeUndefined();
    const wrongVr = handMade([el(0x0010, 0x0010, 'LO', 'not a PN')]);
    expect(indexFieldsFromPrefix(wrongVr)).toBeUndefined();
    const bigEndian = part10(encodeDataset(sampleDataset(keys)), '1.2.840.10008.1.2.2');
    expect(indexFieldsFromPrefix(bigEndian)).toBeUndefined();
    const whole = part10(encodeDataset(sampleDataset(keys, { ImageComments: 'z'.repeat(300) })));
    expect(indexFieldsFromPrefix(whole.subarray(0, whole.indexOf(Buffer.from('zzzz')) + 10))).toBeUndefined(); // truncated
  });

  it('decodes indexed sequences with items as dcmjs does (its default-charset quirk inside items included)', () => {
    const ds = sampleDataset(keys, {
      IssuerOfAccessionNumberSequence: [{ LocalNamespaceEntityID: 'RIS-Ä', UniversalEntityID: '1.2.3.99', UniversalEntityIDType: 'ISO' }],
      IssuerOfPatientIDQualifiersSequence: [{ UniversalEntityID: '2.16.840.1.113883.2.4.6.3', UniversalEntityIDType: 'ISO' }],
    });
    for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
      const bytes = part10(encodeDataset(ds, ts), ts);
      expect(indexFieldsFromPrefix(bytes)).toBeDefined();
      const { fast, slow } = bothRecords(bytes);
      expect(fast).toEqual(slow);
    }
  });

  it('skips sequences it does not index, defined and undefined length, and stops at Pixel Data', () => {
    const ds = sampleDataset(keys, {
      ReferencedImageSequence: [{ ReferencedSOPClassUID: '1.2', ReferencedSOPInstanceUID: '1.2.3.4' }],
      ProcedureCodeSequence: [{ CodeValue: 'X', CodingSchemeDesignator: 'L', CodeMeaning: 'y' }],
    });
    for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
      const { fast, slow } = bothRecords(part10(encodeDataset(ds, ts), ts));
      expect(fast).toEqual(slow);
    }
  });
});
