import { describe, expect, it } from 'vitest';
import { SopClass } from '../../fixtures/dicom/sop-classes.ts';
import { referenceValueType, wadoRsSeriesUrl } from './kos-content.ts';

describe('kos-content', () => {
  it('picks the TID 2010 value type from the SOP class', () => {
    for (const uid of [SopClass.CT, SopClass.MR, SopClass.CR, SopClass.DXPresentation, SopClass.MGPresentation, SopClass.US, SopClass.PET, SopClass.NM, SopClass.XA]) {
      expect(referenceValueType(uid), uid).toBe('IMAGE');
    }
    expect(referenceValueType(SopClass.ComprehensiveSR)).toBe('COMPOSITE');
    expect(referenceValueType(SopClass.KeyObjectSelection)).toBe('COMPOSITE');
    expect(referenceValueType('1.2.840.10008.5.1.4.1.1.11.1')).toBe('COMPOSITE'); // GSPS
    expect(referenceValueType('1.2.840.10008.5.1.4.1.1.104.1')).toBe('COMPOSITE'); // encapsulated PDF
    expect(referenceValueType('1.2.840.10008.5.1.4.1.1.9.1.1')).toBe('WAVEFORM'); // 12-lead ECG
    expect(referenceValueType('1.2.840.10008.5.1.4.1.1.481.1')).toBe('IMAGE'); // RT Image
    expect(referenceValueType('1.2.840.10008.5.1.4.1.1.481.2')).toBe('COMPOSITE'); // RT Dose
  });
  it('builds WADO-RS series URLs without doubled slashes', () => {
    expect(wadoRsSeriesUrl('http://h/dw//', '1.2', '1.2.3')).toBe('http://h/dw/studies/1.2/series/1.2.3');
  });
});
