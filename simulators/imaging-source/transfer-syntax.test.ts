import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { chooseTransferSyntax, convertPart10 } from './transfer-syntax.ts';
import { TRANSFER_SYNTAX } from './rad69-messages.ts';
import { openTestPacs, type TestPacs } from './test-pacs.ts';

const { explicitVrLittleEndian: ELE, implicitVrLittleEndian: ILE } = TRANSFER_SYNTAX;
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

describe('chooseTransferSyntax', () => {
  it.each([
    [ELE, [JPEG_BASELINE, ELE], { kind: 'as-is', transferSyntaxUid: ELE }],
    [ELE, [JPEG_BASELINE, ILE], { kind: 'convert', from: ELE, to: ILE }],
    [ILE, [ELE], { kind: 'convert', from: ILE, to: ELE }],
    [JPEG_BASELINE, [JPEG_BASELINE], { kind: 'as-is', transferSyntaxUid: JPEG_BASELINE }],
    [ELE, [JPEG_BASELINE], { kind: 'unavailable', stored: ELE, requested: [JPEG_BASELINE] }],
    [JPEG_BASELINE, [ELE, ILE], { kind: 'unavailable', stored: JPEG_BASELINE, requested: [ELE, ILE] }],
  ])('stored %s, requested %j', (stored, requested, expected) => {
    expect(chooseTransferSyntax(stored, requested)).toEqual(expected);
  });
});

describe('convertPart10', () => {
  let pacs: TestPacs;
  let original: Uint8Array;
  beforeAll(async () => {
    pacs = await openTestPacs();
    const sop = pacs.ws.study.series[0]!.instances[0]!.sopInstanceUid;
    original = await readFile(pacs.index.fileOf(sop)!.path);
  });
  afterAll(async () => {
    await pacs.close();
  });

  const read = (bytes: Uint8Array) => {
    const dict = dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer);
    return { ts: (dict.meta['00020010'] as { Value: string[] }).Value[0], ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) };
  };

  it('re-encodes Explicit VR LE as Implicit VR LE with the same elements and pixels, and back byte for byte', () => {
    const implicit = convertPart10(original, ILE);
    expect(Buffer.from(implicit).equals(Buffer.from(original))).toBe(false);
    const a = read(original);
    const b = read(implicit);
    expect(b.ts).toBe(ILE);
    const pixels = (ds: Record<string, unknown>) => Buffer.from((ds.PixelData as ArrayBuffer[])[0]!);
    expect(pixels(b.ds).equals(pixels(a.ds))).toBe(true);
    const strip = ({ PixelData: _p, _vrMap: _v, ...rest }: Record<string, unknown>) => rest;
    expect(strip(b.ds)).toEqual(strip(a.ds));
    expect(Buffer.from(convertPart10(implicit, ELE)).equals(Buffer.from(original))).toBe(true);
  });

  it('refuses targets it cannot produce', () => {
    expect(() => convertPart10(original, JPEG_BASELINE)).toThrow(/cannot convert to/);
  });
});
