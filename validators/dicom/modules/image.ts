/** Image-level modules shared by the image IODs, and the modality-specific ones (PS3.3 C.7.6, C.8). */
import { attr, CODE_ITEM, has, module, not, type ConditionScope } from './module.ts';

/**
 * SOP Classes whose images carry Image Orientation/Position (Patient): CT, MR, PET (Image Plane
 * Module) and NM (per detector, NM Detector Module, Type 2), so Patient Orientation is not required.
 */
const PLANAR_SOP_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.5.1.4.1.1.128', '1.2.840.10008.5.1.4.1.1.20']);
const samplesAboveOne = ({ root }: ConditionScope): boolean => Number(root['00280002']?.Value?.[0] ?? 1) > 1;
const scanningSequence = ({ root }: ConditionScope): string[] => (root['00180020']?.Value ?? []).map((v) => String(v).trim());
const sequenceVariant = ({ root }: ConditionScope): string[] => (root['00180021']?.Value ?? []).map((v) => String(v).trim());

export const generalImage = module('GeneralImage', 'C.7.6.1', [
  attr('InstanceNumber', '2'),
  attr('PatientOrientation', '2C', {
    // "Does not require" is a property of the IOD: CT and MR include the Image Plane Module.
    condition: { text: 'Required if the image does not require Image Orientation (Patient) and Image Position (Patient)', holds: ({ sopClassUid }) => !PLANAR_SOP_CLASSES.has(sopClassUid) },
  }),
  attr('ContentDate', '2C', { condition: { text: 'Required if the image is part of a series in which the images are temporally related' } }),
  attr('ContentTime', '2C', { condition: { text: 'Required if the image is part of a series in which the images are temporally related' } }),
  // General Anatomy Optional Macro (Table 10-7).
  attr('AnatomicRegionSequence', '3', { items: [...CODE_ITEM, attr('AnatomicRegionModifierSequence', '3', { items: CODE_ITEM })] }),
  attr('PrimaryAnatomicStructureSequence', '3', { items: CODE_ITEM }),
  attr('SourceImageSequence', '3', { items: [attr('ReferencedSOPClassUID', '1'), attr('ReferencedSOPInstanceUID', '1')] }),
]);

export const imagePlane = module('ImagePlane', 'C.7.6.2', [
  attr('PixelSpacing', '1'),
  attr('ImageOrientationPatient', '1'),
  attr('ImagePositionPatient', '1'),
  attr('SliceThickness', '2'),
]);

export const imagePixel = module('ImagePixel', 'C.7.6.3', [
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('Rows', '1'),
  attr('Columns', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('PixelRepresentation', '1'),
  attr('PixelData', '1C', { condition: { text: 'Required if Pixel Data Provider URL is absent', holds: not(has('PixelDataProviderURL')) } }),
  attr('PlanarConfiguration', '1C', { condition: { text: 'Required if Samples per Pixel is greater than 1', holds: samplesAboveOne } }),
  attr('PixelAspectRatio', '1C', { condition: { text: 'Required if the aspect ratio is not 1:1 and the physical pixel spacing is not given' } }),
]);

/** Multi-frame Module (PS3.3 C.7.6.6). */
export const multiFrame = module('MultiFrame', 'C.7.6.6', [attr('NumberOfFrames', '1'), attr('FrameIncrementPointer', '1')]);

export const contrastBolus = module('ContrastBolus', 'C.7.6.4', [attr('ContrastBolusAgent', '2'), attr('ContrastBolusAgentSequence', '3', { items: CODE_ITEM })]);

export const voiLut = module('VOILUT', 'C.11.2', [
  attr('WindowWidth', '1C', { condition: { text: 'Required if Window Center is present', holds: has('WindowCenter') } }),
  attr('VOILUTSequence', '1C', { condition: { text: 'Required if Window Center is absent (may be present otherwise)' }, items: [attr('LUTDescriptor', '1'), attr('LUTData', '1')] }),
]);

export const ctImage = module('CTImage', 'C.8.2.1', [
  attr('ImageType', '1'),
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('RescaleIntercept', '1'),
  attr('RescaleSlope', '1'),
  attr('KVP', '2'),
  attr('AcquisitionNumber', '2'),
  attr('CTDIPhantomTypeCodeSequence', '3', { items: CODE_ITEM }),
]);

export const mrImage = module('MRImage', 'C.8.3.1', [
  attr('ImageType', '1'),
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('ScanningSequence', '1'),
  attr('SequenceVariant', '1'),
  attr('ScanOptions', '2'),
  attr('MRAcquisitionType', '2'),
  attr('RepetitionTime', '2C', {
    condition: { text: 'Required except when Scanning Sequence is EP and Sequence Variant is not SK', holds: (s) => !(scanningSequence(s).includes('EP') && !sequenceVariant(s).includes('SK')) },
  }),
  attr('EchoTime', '2'),
  attr('EchoTrainLength', '2'),
  attr('InversionTime', '2C', { condition: { text: 'Required if Scanning Sequence includes IR', holds: (s) => scanningSequence(s).includes('IR') } }),
  attr('TriggerTime', '2C', { condition: { text: 'Required for cardiac gating' } }),
]);

export const crSeries = module('CRSeries', 'C.8.1.1', [attr('BodyPartExamined', '2'), attr('ViewPosition', '2')]);
export const crImage = module('CRImage', 'C.8.1.2', [attr('PhotometricInterpretation', '1')]);

export const usImage = module('USImage', 'C.8.5.6', [
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('PlanarConfiguration', '1C', { condition: { text: 'Required if Samples per Pixel is greater than 1', holds: samplesAboveOne } }),
  attr('PixelRepresentation', '1'),
  attr('ImageType', '2'),
  attr('LossyImageCompression', '1C', { condition: { text: 'Required if lossy compression has been applied' } }),
]);
