import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { readRawDataset, writeRawDataset } from './dataset-codec.ts';
import { TransferSyntax } from './dimse-constants.ts';
import { fastDecodeIdentifier, fastEncodeIdentifier } from './identifier-codec.ts';

const { DicomMetaDictionary } = dcmjs.data;
const SYNTAXES = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
type Id = Record<string, unknown>;

function dcmjsEncode(id: Id, ts: string): Buffer {
  return writeRawDataset(DicomMetaDictionary.denaturalizeDataset({ ...id }), ts);
}
function dcmjsDecode(bytes: Buffer, ts: string): Id {
  const natural = DicomMetaDictionary.naturalizeDataset(readRawDataset(bytes, ts));
  delete natural._vrMap;
  return natural;
}

/** Same keys, values, list/proxy shapes and JSON as dcmjs's result. */
function expectSame(actual: Id | undefined, expected: Id): void {
  expect(actual).toBeDefined();
  expect(actual).toStrictEqual({ ...expected });
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  for (const key of Object.keys(expected)) {
    const a = actual![key] as { __isProxy?: boolean } | null;
    const e = expected[key] as { __isProxy?: boolean } | null;
    expect(Array.isArray(a)).toBe(Array.isArray(e));
    if (Array.isArray(e)) expect(Boolean(a?.__isProxy), key).toBe(Boolean(e.__isProxy));
    if (Array.isArray(e) && e.length === 1 && typeof e[0] === 'object') expect((a as unknown as Id).Alphabetic).toBe((e as unknown as Id).Alphabetic);
  }
}

const STUDY_KEYS = {
  QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '', PatientName: '', PatientID: '', PatientBirthDate: '', PatientSex: '', StudyDate: '',
  StudyTime: '', AccessionNumber: '', StudyID: '', StudyDescription: '', ReferringPhysicianName: '', ModalitiesInStudy: '',
  NumberOfStudyRelatedSeries: '', NumberOfStudyRelatedInstances: '',
};

const CORPUS: Id[] = [
  {},
  STUDY_KEYS,
  { ...STUDY_KEYS, PatientID: 'PID0000042', StudyDate: '20200101-20200107', ModalitiesInStudy: ['CT', 'MR'] },
  { ...STUDY_KEYS, StudyInstanceUID: ['1.2.3', '1.2.840.10008.5.1.4.1.1.2', '1.2.826.0.1.3680043.10.1.77'] },
  { QueryRetrieveLevel: 'PATIENT', PatientName: 'DOE*', PatientID: '', PatientBirthDate: '', NumberOfPatientRelatedStudies: '' },
  { QueryRetrieveLevel: 'SERIES', StudyInstanceUID: '1.2.3', SeriesInstanceUID: '', Modality: 'CT', SeriesNumber: 3, NumberOfSeriesRelatedInstances: 12 },
  { QueryRetrieveLevel: 'IMAGE', StudyInstanceUID: '1.2.3', SeriesInstanceUID: '1.2.3.4', SOPInstanceUID: '', SOPClassUID: '', InstanceNumber: '' },
  // Responses as the PACS builds them.
  {
    QueryRetrieveLevel: 'STUDY', RetrieveAETitle: 'IXH_PACS', SpecificCharacterSet: 'ISO_IR 192', StudyInstanceUID: '1.2.826.0.1.3680043.10.1.5',
    PatientName: [{ Alphabetic: 'MÜLLER^JIŘÍ', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }], PatientID: 'PID0000001', PatientBirthDate: '19400101',
    PatientSex: 'M', StudyDate: '20150312', StudyTime: '101500', AccessionNumber: 'ACC00000005', StudyID: '5', StudyDescription: 'Imaging study',
    ReferringPhysicianName: [{ Alphabetic: 'MARTIN^CLAIRE' }], ModalitiesInStudy: ['CT', 'MR', 'SR'], NumberOfStudyRelatedSeries: 3,
    NumberOfStudyRelatedInstances: 512, InstitutionName: 'Hôpital',
  },
  { SpecificCharacterSet: 'ISO_IR 192', PatientName: 'DVOŘÁK^LUKAS', OtherPatientIDs: ['A', 'B '], StudyDescription: ' padded  ' },
  { SpecificCharacterSet: 'ISO_IR 100', PatientName: 'MÜLLER^ANNA', InstitutionName: 'Hôpital' },
  { PatientName: [{ Alphabetic: 'A^B' }, { Alphabetic: 'C^D', Ideographic: 'E' }], OtherPatientNames: 'X^Y\\Z', ReferringPhysicianName: null },
  { PatientName: [{ Ideographic: 'only' }], PatientSex: null, NumberOfStudyRelatedSeries: null, StudyInstanceUID: null, IssuerOfAccessionNumberSequence: null },
  { AccessionNumber: 'ACC1', IssuerOfAccessionNumberSequence: [{ LocalNamespaceEntityID: 'HOSP', UniversalEntityID: '1.2.3', UniversalEntityIDType: 'ISO' }] },
  { IssuerOfAccessionNumberSequence: [] , IssuerOfPatientIDQualifiersSequence: [{ UniversalEntityID: '' }, { TypeOfPatientID: 'TEXT' }] },
  { ReferencedStudySequence: [{ ReferencedSOPClassUID: '1.2.3', ReferencedSOPInstanceUID: '1.2.3.4', PurposeOfReferenceCodeSequence: [{ CodeValue: '121', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Müller' }] }] },
  { StudyDate: '-20200101', StudyTime: '0800-1200', AcquisitionDateTime: '20200101080000-20200101120000', PatientAge: '045Y' },
  { StudyDate: ['20200101', '20200102'], StudyTime: '1015 ', PatientWeight: 72.5, PatientSize: '1.80', SeriesNumber: [1, 2, 3] },
  { FailedSOPInstanceUIDList: ['1.2.3.4.5', '1.2.3.4.6'], ModalitiesInStudy: 'CT\\MR', ImageComments: 'a\\b', AdditionalPatientHistory: 'line1\r\nline2  ' },
  { NumberOfRemainingSuboperations: 3, Rows: 512, Columns: [256, 128], SimpleFrameList: [1, 70000] },
  { PatientComments: 'x'.repeat(11), PatientName: '', RequestedProcedureDescription: 'odd' },
  { UnknownKeywordIsSkipped: 'yes', PatientID: 'P1', _vrMap: {} },
  { PatientID: 5, StudyID: 42, AccessionNumber: 0 },
];

const FALLS_BACK: Id[] = [
  { StudyDate: '202001011' },                         // longer than DA allows: dcmjs throws
  { PatientSex: 'MALE_MALE_MALE_MALE' },              // CS over 16: dcmjs truncates
  { Modality: 'Ç' },                                  // non-ASCII in an ASCII VR
  { PatientName: 'A'.repeat(65) },                   // PN component over 64: dcmjs throws
  { PixelSpacing: [0.5, 0.5], ImageType: ['ORIGINAL'], PixelData: new Uint8Array(4) }, // OB/OW
  { RescaleSlope: 1, WindowCenter: 40, FrameTime: 33.3, EchoNumbers: 1, SmallestImagePixelValue: 0 }, // 'xs' VR
  { ModalitiesInStudy: ['CT', null] },
  { PatientName: { Alphabetic: 5 } },
  { _vrMap: { PatientID: 'LO' }, PatientID: 'x' },
];

describe('fast identifier codec', () => {
  for (const ts of SYNTAXES) {
    describe(ts, () => {
      it.each(CORPUS.map((id, i) => [i, id] as const))('corpus %i: decodes dcmjs bytes as dcmjs does, and dcmjs reads its bytes alike', (_i, id) => {
        const reference = dcmjsEncode(id, ts);
        const expected = dcmjsDecode(reference, ts);
        expectSame(fastDecodeIdentifier(reference, ts), expected);
        const ours = fastEncodeIdentifier(id, ts);
        expect(ours).toBeDefined();
        expectSame(dcmjsDecode(ours!, ts), expected);
        expectSame(fastDecodeIdentifier(ours!, ts), expected);
        // Sequences aside (we give them defined lengths), the bytes are dcmjs's own.
        if (!Object.keys(id).some((k) => k.endsWith('Sequence'))) expect(ours!.equals(reference)).toBe(true);
      });

      it.each(FALLS_BACK.map((id, i) => [i, id] as const))('leaves unusual identifier %i to dcmjs', (_i, id) => {
        expect(fastEncodeIdentifier(id, ts)).toBeUndefined();
      });
    });
  }

  it('leaves other transfer syntaxes to dcmjs', () => {
    expect(fastEncodeIdentifier({ PatientID: 'x' }, TransferSyntax.ExplicitVrBigEndian ?? '1.2.840.10008.1.2.2')).toBeUndefined();
    expect(fastDecodeIdentifier(Buffer.alloc(0), '1.2.840.10008.1.2.1.99')).toBeUndefined();
  });

  it('agrees with dcmjs on random identifiers', () => {
    let seed = 7;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const texts = ['', ' ', 'A', 'AB ', ' x y ', 'a\\b', 'a\\b ', 'Müller', 'Dvořák', '山田', 'x'.repeat(15), '\\', '=', 'é\\ö '];
    const uids = ['', '1.2.3', '1.2.3 ', '1.2\\3.4', '1.2.840.10008.1.2.1', '1.2.3\0', '1.2\\1.23'];
    const makers: Record<string, () => unknown> = {
      PatientID: () => pick(texts), StudyDescription: () => pick(texts), PatientComments: () => pick(texts), ImageComments: () => pick(texts),
      PatientName: () => pick([pick(texts), [{ Alphabetic: pick(texts) }], [{ Alphabetic: 'A', Phonetic: pick(texts) }, pick(texts)], null, []]),
      StudyInstanceUID: () => pick([pick(uids), [pick(uids), pick(uids)]]),
      ModalitiesInStudy: () => pick(['', 'CT', ['CT', 'MR'], ['CT', 'MR ', ' US'], 'CT\\MR', null]),
      StudyDate: () => pick(['', '20200101', '20200101-', '-20200101', '20200101-20200107', ['20200101', '2020010']]),
      StudyTime: () => pick(['', '1015', '101500.123', '0800-1200 ', '10']),
      NumberOfStudyRelatedSeries: () => pick(['', '3', ' 4 ', 5, [1, 2], null, '1\\2', '+7', '-1']),
      PatientWeight: () => pick(['', 72.5, '1e3', [1.5, 2], '  3.25 ']),
      PatientAge: () => pick(['', '045Y', '012M']),
      RetrieveAETitle: () => pick(['', 'IXH_PACS', 'A\\B', ' AE ']),
      QueryRetrieveLevel: () => pick(['STUDY', 'SERIES ', ['PATIENT']]),
      SpecificCharacterSet: () => pick(['', 'ISO_IR 192', 'ISO_IR 100', 'ISO_IR 6']),
      AdditionalPatientHistory: () => pick(texts),
      NumberOfRemainingSuboperations: () => pick([0, 3, 65535, null]),
      IssuerOfAccessionNumberSequence: () => pick([[], null, [{ LocalNamespaceEntityID: pick(texts) }], [{ UniversalEntityID: pick(uids) }, { LocalNamespaceEntityID: 'X' }]]),
    };
    let fast = 0;
    for (let n = 0; n < 600; n++) {
      const id: Id = {};
      for (const [key, make] of Object.entries(makers)) if (rand() < 0.5) id[key] = make();
      const ts = pick(SYNTAXES);
      let reference: Buffer | undefined;
      try {
        reference = dcmjsEncode(id, ts);
      } catch {
        expect(fastEncodeIdentifier(id, ts), JSON.stringify(id)).toBeUndefined();
        continue;
      }
      const expected = dcmjsDecode(reference, ts);
      const decoded = fastDecodeIdentifier(reference, ts);
      if (decoded) expectSame(decoded, expected);
      const ours = fastEncodeIdentifier(id, ts);
      if (!ours) continue;
      fast++;
      expectSame(dcmjsDecode(ours, ts), expected);
      if (!('IssuerOfAccessionNumberSequence' in id)) expect(ours.equals(reference), JSON.stringify(id)).toBe(true);
    }
    expect(fast).toBeGreaterThan(400);
  });

  describe('bytes from other encoders', () => {
    const EXPLICIT = TransferSyntax.ExplicitVrLittleEndian;
    /** One explicit VR LE element. */
    const el = (group: number, element: number, vr: string, value: Buffer | string, long = false): Buffer => {
      const body = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
      const header = Buffer.alloc(long ? 12 : 8);
      header.writeUInt16LE(group, 0);
      header.writeUInt16LE(element, 2);
      header.write(vr, 4, 'latin1');
      if (long) header.writeUInt32LE(body.length, 8);
      else header.writeUInt16LE(body.length, 6);
      return Buffer.concat([header, body]);
    };
    const item = (body: Buffer, defined: boolean): Buffer => {
      const h = Buffer.alloc(8);
      h.writeUInt32LE(0xe000fffe, 0);
      h.writeUInt32LE(defined ? body.length : 0xffffffff, 4);
      return Buffer.concat(defined ? [h, body] : [h, body, Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0])]);
    };
    const undefinedSq = (group: number, element: number, items: Buffer[]): Buffer => {
      const h = Buffer.alloc(12);
      h.writeUInt16LE(group, 0);
      h.writeUInt16LE(element, 2);
      h.write('SQ', 4, 'latin1');
      h.writeUInt32LE(0xffffffff, 8);
      return Buffer.concat([h, ...items, Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0])]);
    };
    const cases: Record<string, Buffer> = {
      'ISO_IR 100 text': Buffer.concat([el(0x0008, 0x0005, 'CS', 'ISO_IR 100'), el(0x0010, 0x0010, 'PN', Buffer.from('M\xfcller^Ann ', 'latin1'))]),
      'ISO_IR 192 text': Buffer.concat([el(0x0008, 0x0005, 'CS', 'ISO_IR 192'), el(0x0010, 0x0010, 'PN', Buffer.from('Dvořák^Jiří=山田^太郎', 'utf8'))]),
      'UTF-8 bytes without a character set': el(0x0010, 0x0010, 'PN', Buffer.from('Müller ', 'utf8')),
      'windows-1252 bytes (dcmjs latin1)': Buffer.concat([el(0x0008, 0x0005, 'CS', 'ISO_IR 100'), el(0x0008, 0x0080, 'LO', Buffer.from([0x80, 0x41, 0x20, 0x20]))]),
      'odd pads and multi-values': Buffer.concat([
        el(0x0008, 0x0020, 'DA', '20200101-20200107 '), el(0x0008, 0x0030, 'TM', '1015  '), el(0x0008, 0x0061, 'CS', 'CT\\MR '),
        el(0x0020, 0x000d, 'UI', '1.2.3\\1.2.4\0'), el(0x0020, 0x1206, 'IS', ' 3 \\4 '), el(0x0010, 0x1030, 'DS', '72.5\\ '),
      ]),
      'undefined-length sequence and items, one empty': Buffer.concat([
        el(0x0008, 0x0050, 'SH', 'ACC1'),
        undefinedSq(0x0008, 0x0051, [item(el(0x0040, 0x0031, 'UT', 'HOSP', true), false), item(Buffer.alloc(0), false), item(el(0x0040, 0x0032, 'UT', '1.2', true), true)]),
      ]),
      'character set inside an item': undefinedSq(0x0008, 0x1110, [item(Buffer.concat([el(0x0008, 0x0005, 'CS', 'ISO_IR 192'), el(0x0008, 0x1150, 'UI', '1.2\0')]), true)]),
    };
    it.each(Object.entries(cases))('%s: as dcmjs reads them', (_name, bytes) => {
      expectSame(fastDecodeIdentifier(bytes, EXPLICIT), dcmjsDecode(bytes, EXPLICIT));
    });

    it.each([
      ['another character set', Buffer.concat([el(0x0008, 0x0005, 'CS', 'ISO_IR 144'), el(0x0010, 0x0010, 'PN', 'X')])],
      ['several character sets', el(0x0008, 0x0005, 'CS', 'ISO_IR 100\\ISO_IR 192')],
      ['a private tag', el(0x0009, 0x0010, 'LO', 'CREATOR ')],
      ['an explicit VR other than the dictionary\'s', el(0x0010, 0x0020, 'SH', 'PID1')],
      ['an element past the end', el(0x0010, 0x0020, 'LO', 'PID1').subarray(0, 10)],
    ])('leaves %s to dcmjs', (_name, bytes) => {
      expect(fastDecodeIdentifier(bytes, EXPLICIT)).toBeUndefined();
    });
  });
});
