/**
 * DICOM modality codes (scheme DCM): CID 33 "Modality", the union of CID 29 acquisition and CID 32
 * non-acquisition modalities. MADO allows both at study level (TID 1600) and CID 33 per series.
 */
export const DICOM_MODALITIES: ReadonlySet<string> = new Set([
  'AR', 'ASMT', 'AU', 'BDUS', 'BI', 'BMD', 'CFM', 'CR', 'CT', 'CTPROTOCOL', 'DG', 'DMS', 'DOC', 'DX', 'ECG', 'EEG', 'EMG', 'EOG', 'EPS', 'ES',
  'FID', 'GM', 'HC', 'HD', 'IO', 'IOL', 'IVOCT', 'IVUS', 'KER', 'KO', 'LEN', 'LS', 'M3D', 'MG', 'MR', 'NM', 'OAM', 'OCT', 'OP', 'OPM', 'OPT',
  'OPTBSV', 'OPTENF', 'OPV', 'OSS', 'OT', 'PA', 'PLAN', 'POS', 'PR', 'PT', 'PX', 'REG', 'RESP', 'RF', 'RG', 'RTDOSE', 'RTIMAGE', 'RTINTENT',
  'RTPLAN', 'RTRAD', 'RTRECORD', 'RTSEGANN', 'RTSTRUCT', 'RWV', 'SEG', 'SM', 'SMR', 'SR', 'SRF', 'STAIN', 'TEXTUREMAP', 'TG', 'US', 'VA', 'XA',
  'XAPROTOCOL', 'XC',
]);
