import { describe, expect, it } from 'vitest';
import { decoderForCharset, dropPadByte, LATIN1, numberString, personNames, UTF8, valueText } from './dicom-text.ts';

describe('dicom-text (dcmjs reading rules)', () => {
  it('maps the character sets dcmjs handles alike, and no others', () => {
    expect(decoderForCharset('')).toBe(LATIN1);
    expect(decoderForCharset('ISO_IR 100 ')).toBe(LATIN1);
    expect(decoderForCharset('ISO_IR 192')).toBe(UTF8);
    expect(decoderForCharset('ISO_IR 144')).toBeUndefined();
    expect(decoderForCharset('ISO_IR 100\\ISO_IR 192')).toBeUndefined();
  });

  it('decodes encoded VRs with dcmjs\'s own decoder (Node\'s "latin1"), the others byte for byte', () => {
    expect(valueText('LO', Buffer.from([0x80, 0xe9]), LATIN1)).toBe(new TextDecoder('latin1').decode(Buffer.from([0x80, 0xe9])));
    expect(valueText('LO', Buffer.from('é', 'utf8'), UTF8)).toBe('é');
    expect(valueText('CS', Buffer.from([0xe9]), UTF8)).toBe('é');
  });

  it('reads numbers, names and pads like dcmjs', () => {
    expect(numberString(' 12 ')).toBe(12);
    expect(numberString('  ')).toBeNull();
    expect(personNames('A^B=C\\D ')).toEqual([{ Alphabetic: 'A^B', Ideographic: 'C' }, { Alphabetic: 'D' }]);
    expect(personNames('')).toEqual([]);
    expect(dropPadByte(['CT', 'MR '], ' ', 16)).toEqual(['CT', 'MR']);
    expect(dropPadByte(['MR '], ' ', 16)).toEqual(['MR ']);
  });
});
