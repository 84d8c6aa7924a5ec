import { describe, expect, it } from 'vitest';
import { inputDicomReadable, inputFamiliesAvailable, inputFormatRecognised, inputJsonAccepted, inputXmlAccepted, type InputSubject } from './input-refusal.rule.ts';
import { findings } from './test-xml.ts';

const ok = (format: InputSubject['format']): InputSubject => ({ format, recognised: true });

describe.each([
  [inputFormatRecognised, { format: 'binary', recognised: false, refusal: { code: 'unrecognised', reason: 'garbage' } }, { format: 'xml', recognised: false, refusal: { code: 'doctype', reason: 'DTD' } }],
  [inputXmlAccepted, { format: 'xml', recognised: false, refusal: { code: 'doctype', reason: 'DOCTYPE declarations are not accepted' } }, { format: 'xml', recognised: false, refusal: { code: 'unknown-root', reason: 'root x' } }],
  [inputJsonAccepted, { format: 'json', recognised: false, refusal: { code: 'malformed', reason: 'Unexpected token' } }, { format: 'json', recognised: false, refusal: { code: 'no-resource-type', reason: 'no resourceType' } }],
  [inputDicomReadable, { format: 'dicom', recognised: true, dicomError: 'past end of input' }, { format: 'xml', recognised: true, dicomError: 'n/a' }],
] as const)('%s', (rule, failing, otherRulesBusiness) => {
  it(`${rule.id} fails`, () => expect(findings(rule, failing)).toEqual([expect.objectContaining({ path: '/' })]));
  it(`${rule.id} passes a readable input`, () => expect(findings(rule, ok(failing.format))).toEqual([]));
  it(`${rule.id} leaves a refusal of another kind to its rule`, () => expect(findings(rule, otherRulesBusiness)).toEqual([]));
});

describe('input.family.available', () => {
  it('says "not evaluated" once per missing family', () => {
    expect(findings(inputFamiliesAvailable, { format: 'dicom', recognised: true, missingFamilies: ['dicom', 'manifest'] })).toEqual([
      expect.objectContaining({ expected: 'the dicom family' }),
      expect.objectContaining({ expected: 'the manifest family' }),
    ]);
  });
  it('is silent when every family was there', () => expect(findings(inputFamiliesAvailable, ok('dicom'))).toEqual([]));
});
