import { describe, expect, it } from 'vitest';
import { errorTags, normalizeTag, parseDciodvfyOutput, tagOfName } from './dciodvfy.ts';

/** Lines copied from dciodvfy (dicom3tools, Debian bookworm) runs on the calibration corpus. */
const SAMPLE = [
  'Error - Value invalid for this VR - (0x0008,0x0020) DA Study Date  DA [1] = <2024-13-45> - Character invalid for this VR = \'-\' (0x2d)',
  'Error - Dicom dataset contains invalid data values for Value Representations',
  'CTImage',
  'Error - Missing attribute Type 1 Required Element=<StudyInstanceUID> Module=<GeneralStudy>',
  'Error - Missing attribute Type 1C Conditional Element=<CodeValue> Module=<BasicCodeSequenceMacro>',
  'Error - Bad attribute Value Multiplicity 1 (2 Required by Dictionary) Element=<PixelSpacing> Module=<ImagePlane>',
  'Error - Value is zero for value 1 of attribute <Slice Thickness>',
  'Error - Unrecognized enumerated value <se> for value 1 of attribute <Scanning Sequence>',
  'Error - MediaStorageSOPInstanceUID but missing SOPInstanceUID and not a directory',
  'Error - Information Object Not found',
  'Error - Referenced SOP Instance is not listed in CurrentRequestedProcedureEvidenceSequence or PertinentOtherEvidenceSequence but have IMAGE ReferencedSOPInstanceUID 1.2.3',
  "Error - Value invalid for this VR - (0x0010,0x0030) DA Patient's Birth Date  DA [1] = <1985/07/15> - Character invalid for this VR = '/' (0x2f)",
  'Warning - Unrecognized defined term <CC> for value 1 of attribute <View Position>',
  'Warning - Attribute is not present in standard DICOM IOD - (0x0008,0x1190) UR Retrieve URL ',
].join('\n');

describe('parseDciodvfyOutput', () => {
  const report = parseDciodvfyOutput(SAMPLE);

  it('splits errors from warnings and finds the IOD line', () => {
    expect(report.iod).toBe('CTImage');
    expect(report.errors).toHaveLength(11);
    expect(report.warnings).toHaveLength(2);
  });

  it.each([
    [0, '(0008,0020)', 'Study Date'],
    [2, '(0020,000D)', 'StudyInstanceUID'],
    [3, '(0008,0100)', 'CodeValue'],
    [4, '(0028,0030)', 'PixelSpacing'],
    [5, '(0018,0050)', 'Slice Thickness'],
    [6, '(0018,0020)', 'Scanning Sequence'],
    [7, '(0008,0018)', 'SOPInstanceUID'],
    [10, '(0010,0030)', "Patient's Birth Date"],
  ])('error %i names %s (%s)', (index, tag, keyword) => {
    expect(report.errors[index]).toEqual(expect.objectContaining({ tag, keyword }));
  });

  it('keeps the module of Element=<…> messages', () => {
    expect(report.errors[2]?.module).toBe('GeneralStudy');
  });

  it('leaves messages that name no attribute without a tag', () => {
    for (const i of [1, 8, 9]) expect(report.errors[i]?.tag, report.errors[i]?.message).toBeUndefined();
  });

  it('parses warnings the same way', () => {
    expect(report.warnings.map((w) => w.tag)).toEqual(['(0018,5101)', '(0008,1190)']);
  });

  it('collects the distinct error tags', () => {
    expect([...errorTags(report)].sort()).toEqual(['(0008,0018)', '(0008,0020)', '(0008,0100)', '(0010,0030)', '(0018,0020)', '(0018,0050)', '(0020,000D)', '(0028,0030)']);
  });

  it('reads a clean report as no errors', () => {
    expect(parseDciodvfyOutput('MRImage\n')).toEqual({ iod: 'MRImage', errors: [], warnings: [] });
  });
});

describe('tag helpers', () => {
  it('maps keywords and human names to tags through the dcmjs dictionary', () => {
    expect(tagOfName('LongCodeValue')).toBe('(0008,0119)');
    expect(tagOfName('Frame of Reference UID')).toBe('(0020,0052)');
    expect(tagOfName('NoSuchAttribute')).toBeUndefined();
  });

  it('normalises printed tags', () => {
    expect(normalizeTag('(0x0020,0x000e)')).toBe('(0020,000E)');
    expect(normalizeTag('no tag')).toBeUndefined();
  });
});
