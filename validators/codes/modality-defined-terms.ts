/**
 * Modality (0008,0060) defined terms: DICOM PS3.3 C.7.3.1.1.1 (current edition). The single list
 * every validator family checks a Modality code against; CID 29 and CID 32 (PS3.16) are subsets.
 * Meanings are the standard's, shortened where it adds a parenthesis.
 */

export interface ModalityTerm {
  readonly code: string;
  readonly meaning: string;
}

const t = (code: string, meaning: string): ModalityTerm => ({ code, meaning });

/** PS3.3 C.7.3.1.1.1 defined terms, current (non-retired). */
export const MODALITY_TERMS: readonly ModalityTerm[] = [
  t('ANN', 'Annotation'), t('AR', 'Autorefraction'), t('ASMT', 'Content Assessment Results'), t('AU', 'Audio'),
  t('BDUS', 'Bone Densitometry (ultrasound)'), t('BI', 'Biomagnetic imaging'), t('BMD', 'Bone Densitometry (X-ray)'),
  t('CFM', 'Confocal Microscopy'), t('CR', 'Computed Radiography'), t('CT', 'Computed Tomography'), t('CTPROTOCOL', 'CT Protocol (Performed)'),
  t('DG', 'Diaphanography'), t('DMS', 'Dermoscopy'), t('DOC', 'Document'), t('DX', 'Digital Radiography'),
  t('ECG', 'Electrocardiography'), t('EEG', 'Electroencephalography'), t('EMG', 'Electromyography'), t('EOG', 'Electrooculography'),
  t('EPS', 'Cardiac Electrophysiology'), t('ES', 'Endoscopy'), t('FID', 'Fiducials'), t('GM', 'General Microscopy'), t('HC', 'Hard Copy'),
  t('HD', 'Hemodynamic Waveform'), t('IO', 'Intra-Oral Radiography'), t('IOL', 'Intraocular Lens Data'),
  t('IVOCT', 'Intravascular Optical Coherence Tomography'), t('IVUS', 'Intravascular Ultrasound'), t('KER', 'Keratometry'),
  t('KO', 'Key Object Selection'), t('LEN', 'Lensometry'), t('LS', 'Laser surface scan'), t('M3D', 'Model for 3D Manufacturing'),
  t('MG', 'Mammography'), t('MR', 'Magnetic Resonance'), t('NM', 'Nuclear Medicine'), t('OAM', 'Ophthalmic Axial Measurements'),
  t('OCT', 'Optical Coherence Tomography (non-Ophthalmic)'), t('OP', 'Ophthalmic Photography'), t('OPM', 'Ophthalmic Mapping'),
  t('OPT', 'Ophthalmic Tomography'), t('OPTBSV', 'Ophthalmic Tomography B-scan Volume Analysis'), t('OPTENF', 'Ophthalmic Tomography En Face'),
  t('OPV', 'Ophthalmic Visual Field'), t('OSS', 'Optical Surface Scan'), t('OT', 'Other'), t('PA', 'Photoacoustic'), t('PLAN', 'Plan'),
  t('POS', 'Position Sensor'), t('PR', 'Presentation State'), t('PT', 'Positron emission tomography (PET)'), t('PX', 'Panoramic X-Ray'),
  t('REG', 'Registration'), t('RESP', 'Respiratory Waveform'), t('RF', 'Radio Fluoroscopy'), t('RG', 'Radiographic imaging (conventional film/screen)'),
  t('RTDOSE', 'Radiotherapy Dose'), t('RTIMAGE', 'Radiotherapy Image'), t('RTINTENT', 'Radiotherapy Intent'), t('RTPLAN', 'Radiotherapy Plan'),
  t('RTRAD', 'RT Radiation'), t('RTRECORD', 'RT Treatment Record'), t('RTSEGANN', 'Radiotherapy Segment Annotation'),
  t('RTSTRUCT', 'Radiotherapy Structure Set'), t('RWV', 'Real World Value Map'), t('SEG', 'Segmentation'), t('SM', 'Slide Microscopy'),
  t('SMR', 'Stereometric Relationship'), t('SR', 'SR Document'), t('SRF', 'Subjective Refraction'), t('STAIN', 'Automated Slide Stainer'),
  t('TEXTUREMAP', 'Texture Map'), t('TG', 'Thermography'), t('US', 'Ultrasound'), t('VA', 'Visual Acuity'), t('XA', 'X-Ray Angiography'),
  t('XAPROTOCOL', 'XA Protocol (Performed)'), t('XC', 'External-camera Photography'),
];

export const MODALITY_DEFINED_TERMS: ReadonlySet<string> = new Set(MODALITY_TERMS.map((m) => m.code));

/**
 * PS3.3 C.7.3.1.1.1 retired defined terms. Not valid in new objects: the rules treat them as
 * unknown, and name them as retired so the finding says why.
 */
export const RETIRED_MODALITY_TERMS: ReadonlySet<string> = new Set(
  'AS CD CF CP CS DD DF DM DS EC FA FS LP MA MS OPR ST VF'.split(' '),
);

export function modalityMeaning(code: string): string | undefined {
  return MODALITY_TERMS.find((m) => m.code === code)?.meaning;
}
