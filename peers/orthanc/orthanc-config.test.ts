import { describe, expect, it } from 'vitest';
import { buildOrthancConfig, DICOMWEB_PLUGIN } from './orthanc-config.ts';

const base = { aeTitle: 'IXH-ORTHANC', dicomPort: 4242, httpPort: 8042, storageDir: '/tmp/x' };

describe('buildOrthancConfig', () => {
  it('puts AE title, ports and storage where Orthanc 1.10 reads them', () => {
    expect(buildOrthancConfig(base)).toMatchObject({
      DicomAet: 'IXH-ORTHANC',
      DicomPort: 4242,
      HttpPort: 8042,
      StorageDirectory: '/tmp/x',
      IndexDirectory: '/tmp/x',
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      DicomAlwaysAllowFind: true,
      DicomAlwaysAllowStore: true,
      DicomAlwaysAllowMove: true,
      DicomAlwaysAllowGet: true,
    });
  });

  it('maps modalities to Orthanc object form', () => {
    const config = buildOrthancConfig({ ...base, modalities: { scp: { aet: 'STORESCP', host: '127.0.0.1', port: 11112 } } });
    expect(config.DicomModalities).toEqual({ scp: { AET: 'STORESCP', Host: '127.0.0.1', Port: 11112 } });
  });

  it('loads the DICOMweb plugin only when asked', () => {
    expect(buildOrthancConfig(base)).toMatchObject({ Plugins: [] });
    expect(buildOrthancConfig(base)).not.toHaveProperty('DicomWeb');
    expect(buildOrthancConfig({ ...base, dicomWeb: true })).toMatchObject({
      Plugins: [DICOMWEB_PLUGIN],
      DicomWeb: { Enable: true, Root: '/dicom-web/' },
    });
  });
});
