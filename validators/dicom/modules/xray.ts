/** X-Ray Angiographic (XA/XRF) modules (PS3.3 C.8.7). */
import { attr, has, module, not, type ConditionScope } from './module.ts';

const multiFrame = ({ root }: ConditionScope): boolean => Number(root['00280008']?.Value?.[0] ?? 1) > 1;

/** General Anatomy Optional Macro (Anatomic Region Sequence) is in General Image already. */
export const xrayImage = module('XRayImage', 'C.8.7.1', [
  attr('FrameIncrementPointer', '1C', { condition: { text: 'Required if Multi-frame Image', holds: multiFrame } }),
  attr('LossyImageCompression', '1C', { condition: { text: 'Required if lossy compression has been applied' } }),
  attr('ImageType', '1'),
  attr('PixelIntensityRelationship', '1'),
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('PixelRepresentation', '1'),
]);

export const xrayAcquisition = module('XRayAcquisition', 'C.8.7.2', [
  attr('KVP', '2'),
  attr('RadiationSetting', '1'),
  attr('XRayTubeCurrent', '2C', { condition: { text: 'Required if Exposure is not present', holds: not(has('Exposure')) } }),
  attr('ExposureTime', '2C', { condition: { text: 'Required if Exposure is not present', holds: not(has('Exposure')) } }),
  attr('Exposure', '2C', { condition: { text: 'Required if either X-Ray Tube Current or Exposure Time is not present', holds: (s) => !has('XRayTubeCurrent')(s) || !has('ExposureTime')(s) } }),
]);

export const xaPositioner = module('XAPositioner', 'C.8.7.5', [
  attr('PositionerMotion', '2C', { condition: { text: 'Required if Multi-frame Image', holds: multiFrame } }),
  attr('PositionerPrimaryAngle', '2'),
  attr('PositionerSecondaryAngle', '2'),
]);
