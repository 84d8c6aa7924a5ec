/**
 * DICOM PS3.16 CID 29 "Acquisition Modality" (1.2.840.10008.6.1.19, extensible), expanded: its own
 * rows plus those it includes from CID 34 "Waveform Acquisition Modality" (EPS, ECG, EEG, EMG,
 * EOG, HD, POS, RESP). Code values of scheme DCM. What produced images or waveforms, never derived
 * objects or documents (those are CID 32). Every code is a PS3.3 C.7.3.1.1.1 defined term.
 */

/** CID 34 Waveform Acquisition Modality (1.2.840.10008.6.1.1495), included by CID 29. */
export const CID34_WAVEFORM_ACQUISITION_MODALITIES: ReadonlySet<string> = new Set('ECG EEG EMG EOG EPS HD POS RESP'.split(' '));

/** CID 29 Acquisition Modality with CID 34 included. */
export const CID29_ACQUISITION_MODALITIES: ReadonlySet<string> = new Set([
  ...('AR BDUS BI BMD CFM CR CT DG DMS DX ES GM IO IVOCT IVUS KER LEN LS MG MR NM OAM OCT OP OPM OPT OPTBSV OPTENF OPV OSS PA PT PX ' +
    'RF RG RTIMAGE SM SRF TG US VA XA XC').split(' '),
  ...CID34_WAVEFORM_ACQUISITION_MODALITIES,
]);
