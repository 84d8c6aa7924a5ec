/** PET and NM modules (PS3.3 C.8.4, C.8.9). */
import { tagOf } from '../dictionary.ts';
import { attr, CODE_ITEM, CODE_ITEM_MEANING_OPTIONAL, module, rootValue, rootValueN, type ConditionScope } from './module.ts';

const seriesType1 = rootValueN('SeriesType', 1);
const imageType3 = rootValueN('ImageType', 3);
const petGated = (s: ConditionScope): boolean => seriesType1(s) === 'GATED';
const petDynamic = (s: ConditionScope): boolean => seriesType1(s) === 'DYNAMIC';
const correctedImage = rootValue('CorrectedImage');

/** Frame Increment Pointer (AT, dcmjs gives numbers) includes the attribute. */
const incrementsBy = (keyword: string) => {
  const wanted = parseInt(tagOf(keyword), 16);
  return ({ root }: ConditionScope): boolean => (root['00280009']?.Value ?? []).some((v) => (typeof v === 'number' ? v : parseInt(String(v).replace(/[(),]/g, ''), 16)) === wanted);
};

/** NM/PET Patient Orientation (C.8.4.6): the codes are Code Meaning optional. */
export const nmPetPatientOrientation = module('NMPETPatientOrientation', 'C.8.4.6', [
  attr('PatientOrientationCodeSequence', '2', {
    items: [...CODE_ITEM_MEANING_OPTIONAL, attr('PatientOrientationModifierCodeSequence', '2C', { condition: { text: 'Required if needed to fully specify the orientation' }, items: CODE_ITEM_MEANING_OPTIONAL })],
  }),
  attr('PatientGantryRelationshipCodeSequence', '2', { items: CODE_ITEM_MEANING_OPTIONAL }),
]);

export const petSeries = module('PETSeries', 'C.8.9.1', [
  attr('SeriesDate', '1'),
  attr('SeriesTime', '1'),
  attr('Units', '1'),
  attr('CountsSource', '1'),
  attr('SeriesType', '1'),
  attr('ReprojectionMethod', '2C', { condition: { text: 'Required if Series Type Value 2 is REPROJECTION', holds: (s) => rootValueN('SeriesType', 2)(s) === 'REPROJECTION' } }),
  attr('NumberOfRRIntervals', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('NumberOfTimeSlots', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('NumberOfTimeSlices', '1C', { condition: { text: 'Required if Series Type Value 1 is DYNAMIC', holds: petDynamic } }),
  attr('NumberOfSlices', '1'),
  attr('CorrectedImage', '2'),
  attr('DecayCorrection', '1'),
  attr('CollimatorType', '2'),
]);

/** The radionuclide is coded with the full Code Sequence Macro in PET, with Code Meaning optional in NM. */
const radiopharmaceuticalItem = (code: typeof CODE_ITEM) => [
  attr('RadionuclideCodeSequence', '2', { items: code }),
  attr('AdministrationRouteCodeSequence', '3', { items: code }),
  attr('RadiopharmaceuticalCodeSequence', '3', { items: code }),
];

export const petIsotope = module('PETIsotope', 'C.8.9.2', [attr('RadiopharmaceuticalInformationSequence', '2', { items: radiopharmaceuticalItem(CODE_ITEM) })]);

export const petImage = module('PETImage', 'C.8.9.4', [
  attr('ImageType', '1'),
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('RescaleIntercept', '1'),
  attr('RescaleSlope', '1'),
  attr('FrameReferenceTime', '1'),
  attr('TriggerTime', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('FrameTime', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('LowRRValue', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('HighRRValue', '1C', { condition: { text: 'Required if Series Type Value 1 is GATED', holds: petGated } }),
  attr('ImageIndex', '1'),
  attr('AcquisitionDate', '2'),
  attr('AcquisitionTime', '2'),
  attr('ActualFrameDuration', '2'),
  attr('DecayFactor', '1C', {
    condition: { text: 'Required if Corrected Image contains DECY', holds: (s) => correctedImage(s).includes('DECY') },
  }),
]);

export const nmImagePixel = module('NMImagePixel', 'C.8.4.7', [
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('PixelSpacing', '2'),
]);

const TOMO = new Set(['TOMO', 'GATED TOMO', 'RECON TOMO', 'RECON GATED TOMO']);

export const nmMultiFrame = module('NMMultiFrame', 'C.8.4.8', [
  attr('FrameIncrementPointer', '1'),
  attr('EnergyWindowVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Energy Window Vector', holds: incrementsBy('EnergyWindowVector') } }),
  attr('NumberOfEnergyWindows', '1'),
  attr('DetectorVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Detector Vector', holds: incrementsBy('DetectorVector') } }),
  attr('NumberOfDetectors', '1'),
  attr('PhaseVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Phase Vector', holds: incrementsBy('PhaseVector') } }),
  attr('RotationVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Rotation Vector', holds: incrementsBy('RotationVector') } }),
  attr('NumberOfRotations', '1C', { condition: { text: 'Required if Image Type Value 3 is TOMO, GATED TOMO, RECON TOMO or RECON GATED TOMO', holds: (s) => TOMO.has(imageType3(s)) } }),
  attr('SliceVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Slice Vector', holds: incrementsBy('SliceVector') } }),
  attr('TimeSliceVector', '1C', { condition: { text: 'Required if Frame Increment Pointer contains Time Slice Vector', holds: incrementsBy('TimeSliceVector') } }),
]);

export const nmImage = module('NMImage', 'C.8.4.9', [
  attr('ImageType', '1'),
  attr('LossyImageCompression', '1C', { condition: { text: 'Required if lossy compression has been applied' } }),
  attr('CountsAccumulated', '2'),
  attr('ActualFrameDuration', '1C', { condition: { text: 'Required if Image Type Value 3 is STATIC or WHOLE BODY', holds: (s) => ['STATIC', 'WHOLE BODY'].includes(imageType3(s)) } }),
]);

export const nmIsotope = module('NMIsotope', 'C.8.4.10', [
  attr('EnergyWindowInformationSequence', '2'),
  attr('RadiopharmaceuticalInformationSequence', '2', { items: radiopharmaceuticalItem(CODE_ITEM_MEANING_OPTIONAL) }),
]);

export const nmDetector = module('NMDetector', 'C.8.4.11', [
  attr('DetectorInformationSequence', '2', { items: [attr('CollimatorType', '2'), attr('ImagePositionPatient', '2'), attr('ImageOrientationPatient', '2')] }),
]);
